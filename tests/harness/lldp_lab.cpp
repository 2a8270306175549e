#include "tests/harness/lldp_lab.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace kensa::testing {
namespace {

const std::string remote_system_name_column = "1.0.8802.1.1.2.1.4.1.1.9";

void run_or_throw(const std::vector<std::string>& argv) {
  const ProcessResult result = run_process(argv, {}, std::chrono::seconds(20));
  if (result.exit_code != 0) {
    std::string command;
    for (const auto& part : argv) command += part + ' ';
    throw std::runtime_error("lab set-up step failed: " + command + "\n" + result.describe());
  }
}

bool on_path(const std::string& program) {
  return run_process({"sh", "-c", "command -v " + program}).exit_code == 0;
}

// Link i joins host i and host i+1 on 198.18.i.0/30 (RFC 2544 benchmark
// space, reachable only inside the lab's namespaces).
std::string link_address(std::size_t link, int side) {
  return "198.18." + std::to_string(link) + "." + std::to_string(side);
}

std::string unique_prefix() { return "kl" + std::to_string(getpid() % 100000); }

}  // namespace

NetworkNamespace::NetworkNamespace(std::string name) : name_(std::move(name)) {
  run_or_throw({"ip", "netns", "add", name_});
}

NetworkNamespace::NetworkNamespace(NetworkNamespace&& other) noexcept
    : name_(std::move(other.name_)) {
  other.name_.clear();
}

NetworkNamespace::~NetworkNamespace() {
  if (!name_.empty()) run_process({"ip", "netns", "delete", name_});
}

std::optional<std::string> LldpLab::unavailable_reason() {
  if (geteuid() != 0) return "the LLDP lab needs root to create network namespaces";
  for (const char* program : {"ip", "snmpd", "lldpd", "lldpcli", "snmpbulkwalk"})
    if (!on_path(program)) return std::string("the LLDP lab needs ") + program + " on PATH";
  const std::string probe = unique_prefix() + "-probe";
  const ProcessResult added = run_process({"ip", "netns", "add", probe});
  if (added.exit_code != 0) return "network namespaces cannot be created here: " + added.err;
  run_process({"ip", "netns", "delete", probe});
  return std::nullopt;
}

LldpLab::LldpLab(std::size_t host_count, std::chrono::seconds neighbour_limit) {
  if (host_count < 2) throw std::invalid_argument("an LLDP lab needs at least two hosts");
  const std::string prefix = unique_prefix();
  namespaces_.reserve(host_count);
  for (std::size_t i = 0; i < host_count; ++i) {
    namespaces_.emplace_back(prefix + "-h" + std::to_string(i));
    hosts_.push_back({namespaces_.back().name(), "lab-host-" + std::to_string(i), "", {}});
    run_or_throw({"ip", "-n", hosts_[i].namespace_name, "link", "set", "lo", "up"});
  }
  for (std::size_t link = 0; link + 1 < host_count; ++link) {
    // Interface names are at most 15 characters: "kl12345l3a".
    const std::string left = prefix + "l" + std::to_string(link) + "a";
    const std::string right = prefix + "l" + std::to_string(link) + "b";
    run_or_throw({"ip", "link", "add", left, "type", "veth", "peer", "name", right});
    run_or_throw({"ip", "link", "set", left, "netns", hosts_[link].namespace_name});
    run_or_throw({"ip", "link", "set", right, "netns", hosts_[link + 1].namespace_name});
    const std::pair<std::size_t, std::string> ends[] = {{link, left}, {link + 1, right}};
    for (int side = 0; side < 2; ++side) {
      const auto& [host, interface] = ends[side];
      const std::string address = link_address(link, side + 1);
      run_or_throw({"ip", "-n", hosts_[host].namespace_name, "addr", "add", address + "/30", "dev",
                    interface});
      run_or_throw({"ip", "-n", hosts_[host].namespace_name, "link", "set", interface, "up"});
      if (hosts_[host].management_address.empty()) hosts_[host].management_address = address;
    }
    hosts_[link].neighbours.push_back(link + 1);
    hosts_[link + 1].neighbours.push_back(link);
  }
  // lldpd chroots its unprivileged half into this directory.
  std::filesystem::create_directories("/run/lldpd");
  for (std::size_t i = 0; i < host_count; ++i) start_host(i);
  wait_for_neighbours(neighbour_limit);
}

LldpLab::~LldpLab() {
  // lldpd first, so that its subagent leaves before its master agent.
  for (auto it = processes_.rbegin(); it != processes_.rend(); ++it) it->stop();
}

void LldpLab::start_host(std::size_t index) {
  const LldpLabHost& host = hosts_[index];
  const auto dir = directory_.path() / host.namespace_name;
  std::filesystem::create_directories(dir / "persist");
  // lldpcli gives up root before it connects to lldpd's control socket, so
  // the path to the socket must be searchable by everyone.
  for (const auto& searchable : {directory_.path(), dir})
    std::filesystem::permissions(
        searchable, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                        std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                        std::filesystem::perms::others_exec);
  const std::string agentx = (dir / "agentx.sock").string();
  {
    std::ofstream config(dir / "snmpd.conf");
    config << "[snmp] persistentDir " << (dir / "persist").string() << '\n'
           << "rocommunity " << community() << '\n'
           << "sysName snmpd-" << host.system_name << '\n'
           << "master agentx\n"
           << "agentXSocket " << agentx << '\n';
  }
  const std::vector<std::string> in_namespace{"ip", "netns", "exec", host.namespace_name};
  auto command = [&](std::vector<std::string> argv) {
    argv.insert(argv.begin(), in_namespace.begin(), in_namespace.end());
    return argv;
  };
  processes_.emplace_back(command({"snmpd", "-f", "-Lo", "-C", "-c", (dir / "snmpd.conf").string(),
                                   "-I", "-smux", "-p", (dir / "snmpd.pid").string(), "udp:161"}),
                          dir / "snmpd.log", EnvironmentChanges{{"MIBS", ""}});
  // The subagent needs the master's AgentX socket to exist first.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!std::filesystem::exists(agentx) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (!std::filesystem::exists(agentx))
    throw std::runtime_error("snmpd in " + host.namespace_name + " did not open AgentX:\n" +
                             tail_of_file(dir / "snmpd.log"));

  // The configuration is applied before lldpd sends its first frame, so no
  // neighbour ever learns a provisional name.
  {
    std::ofstream config(dir / "lldpd.conf");
    config << "configure system hostname " << host.system_name << '\n'
           << "configure lldp tx-interval 1\n";
  }
  processes_.emplace_back(
      command({"lldpd", "-d", "-u", (dir / "lldpd.sock").string(), "-m", host.management_address,
               "-O", (dir / "lldpd.conf").string(), "-x", "-X", agentx}),
      dir / "lldpd.log");
}

ProcessResult LldpLab::run_in(std::size_t index, const std::vector<std::string>& argv) const {
  std::vector<std::string> command{"ip", "netns", "exec", hosts_.at(index).namespace_name};
  command.insert(command.end(), argv.begin(), argv.end());
  return run_process(command, {{"MIBS", ""}}, std::chrono::seconds(30));
}

std::vector<std::string> LldpLab::remote_system_names(std::size_t index) const {
  const ProcessResult walk =
      run_in(index, {"snmpbulkwalk", "-v2c", "-c", community(), "-On", "-Oqv", "-t", "1", "-r", "1",
                     "127.0.0.1", remote_system_name_column});
  std::vector<std::string> names;
  std::istringstream lines(walk.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() >= 2 && line.front() == '"' && line.back() == '"')
      line = line.substr(1, line.size() - 2);
    if (!line.empty() && line.find("No Such") == std::string::npos) names.push_back(line);
  }
  return names;
}

void LldpLab::wait_for_neighbours(std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string seen;
  while (true) {
    bool complete = true;
    seen.clear();
    for (std::size_t i = 0; i < hosts_.size(); ++i) {
      const auto names = remote_system_names(i);
      seen += hosts_[i].system_name + " sees:";
      for (const auto& name : names) seen += " " + name;
      seen += "\n";
      for (std::size_t neighbour : hosts_[i].neighbours)
        if (std::find(names.begin(), names.end(), hosts_[neighbour].system_name) == names.end())
          complete = false;
    }
    if (complete) return;
    if (std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("LLDP neighbours did not all appear within " +
                               std::to_string(limit.count()) + " s.\n" + seen + logs());
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

std::string LldpLab::logs() const {
  std::string text;
  for (const auto& process : processes_)
    text += "--- " + process.log().string() + " ---\n" + tail_of_file(process.log(), 10);
  return text;
}

}  // namespace kensa::testing
