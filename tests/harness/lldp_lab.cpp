#include "tests/harness/lldp_lab.hpp"

#include <signal.h>
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

LldpLab::LldpLab(std::size_t host_count, std::chrono::seconds neighbour_limit)
    : LldpLab(std::vector<LldpLabHostSpec>(host_count), neighbour_limit) {}

LldpLab::LldpLab(std::vector<LldpLabHostSpec> specs, std::chrono::seconds neighbour_limit) {
  const std::size_t host_count = specs.size();
  if (host_count < 2) throw std::invalid_argument("an LLDP lab needs at least two hosts");
  const std::string prefix = unique_prefix();
  namespaces_.reserve(host_count);
  for (std::size_t i = 0; i < host_count; ++i) {
    namespaces_.emplace_back(prefix + "-h" + std::to_string(i));
    hosts_.push_back(
        {namespaces_.back().name(), "lab-host-" + std::to_string(i), "", {}, specs[i]});
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
  add_routes();
  // lldpd chroots its unprivileged half into this directory.
  std::filesystem::create_directories("/run/lldpd");
  for (std::size_t i = 0; i < host_count; ++i) start_host(i);
  wait_for_neighbours(neighbour_limit);
}

LldpLab::~LldpLab() {
  // lldpd first, so that its subagent leaves before its master agent.
  for (auto it = processes_.rbegin(); it != processes_.rend(); ++it) it->stop();
}

void LldpLab::add_routes() {
  const std::size_t links = hosts_.size() - 1;
  for (std::size_t host = 0; host < hosts_.size(); ++host) {
    const std::string& ns = hosts_[host].namespace_name;
    run_or_throw({"ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1"});
    for (std::size_t link = 0; link < links; ++link) {
      // Links right of the host go through host+1, those left of it through host-1.
      std::string via;
      if (link > host)
        via = link_address(host, 2);
      else if (link + 1 < host)
        via = link_address(host - 1, 1);
      else
        continue;  // directly connected
      run_or_throw(
          {"ip", "-n", ns, "route", "add", "198.18." + std::to_string(link) + ".0/30", "via", via});
    }
  }
}

void LldpLab::write_snmpd_config(std::size_t index) const {
  const LldpLabHost& host = hosts_[index];
  const auto dir = directory_.path() / host.namespace_name;
  std::ofstream config(dir / "snmpd.conf");
  config << "[snmp] persistentDir " << (dir / "persist").string() << '\n'
         << "rocommunity " << community() << '\n'
         << "sysName snmpd-" << host.system_name << '\n'
         << "master agentx\n"
         << "agentXSocket " << (dir / "agentx.sock").string() << '\n';
  if (!host.spec.description.empty()) config << "sysDescr " << host.spec.description << '\n';
  if (!host.spec.object_id.empty()) config << "sysObjectID " << host.spec.object_id << '\n';
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
  const std::vector<std::string> in_namespace{"ip", "netns", "exec", host.namespace_name};
  auto command = [&](std::vector<std::string> argv) {
    argv.insert(argv.begin(), in_namespace.begin(), in_namespace.end());
    return argv;
  };
  if (host.spec.snmpd) {
    write_snmpd_config(index);
    processes_.emplace_back(
        command({"snmpd", "-f", "-Lo", "-C", "-c", (dir / "snmpd.conf").string(), "-I", "-smux",
                 "-p", (dir / "snmpd.pid").string(), "udp:161"}),
        dir / "snmpd.log", EnvironmentChanges{{"MIBS", ""}});
    // The subagent needs the master's AgentX socket to exist first.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!std::filesystem::exists(agentx) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!std::filesystem::exists(agentx))
      throw std::runtime_error("snmpd in " + host.namespace_name + " did not open AgentX:\n" +
                               tail_of_file(dir / "snmpd.log"));
  }

  // The configuration is applied before lldpd sends its first frame, so no
  // neighbour ever learns a provisional name.
  {
    std::ofstream config(dir / "lldpd.conf");
    config << "configure system hostname " << host.system_name << '\n'
           << "configure lldp tx-interval 1\n";
    if (!host.spec.description.empty())
      config << "configure system description \"" << host.spec.description << "\"\n";
  }
  std::vector<std::string> lldpd{"lldpd", "-d",
                                 "-u",    (dir / "lldpd.sock").string(),
                                 "-m",    host.management_address,
                                 "-O",    (dir / "lldpd.conf").string()};
  if (host.spec.snmpd) lldpd.insert(lldpd.end(), {"-x", "-X", agentx});
  processes_.emplace_back(command(lldpd), dir / "lldpd.log");
}

ProcessResult LldpLab::run_in(std::size_t index, const std::vector<std::string>& argv,
                              EnvironmentChanges environment, std::chrono::seconds limit) const {
  std::vector<std::string> command{"ip", "netns", "exec", hosts_.at(index).namespace_name};
  command.insert(command.end(), argv.begin(), argv.end());
  environment.try_emplace("MIBS", "");
  return run_process(command, environment, limit);
}

void LldpLab::set_description(std::size_t index, const std::string& description) {
  LldpLabHost& host = hosts_.at(index);
  if (!host.spec.snmpd) throw std::logic_error(host.system_name + " runs no snmpd");
  host.spec.description = description;
  write_snmpd_config(index);
  const auto dir = directory_.path() / host.namespace_name;
  std::ifstream pid_file(dir / "snmpd.pid");
  pid_t pid = 0;
  if (!(pid_file >> pid) || pid <= 0 || ::kill(pid, SIGHUP) != 0)
    throw std::runtime_error("cannot signal snmpd of " + host.system_name);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    const ProcessResult answer = run_in(index, {"snmpget", "-v2c", "-c", community(), "-Oqv", "-t",
                                                "1", "127.0.0.1", "1.3.6.1.2.1.1.1.0"});
    if (answer.out.find(description) != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("snmpd of " + host.system_name + " did not take the new sysDescr:\n" +
                           tail_of_file(dir / "snmpd.log"));
}

std::uint64_t LldpLab::snmp_packets_received(std::size_t index) const {
  const ProcessResult answer = run_in(index, {"snmpget", "-v2c", "-c", community(), "-Oqv", "-t",
                                              "1", "127.0.0.1", "1.3.6.1.2.1.11.1.0"});
  if (answer.exit_code != 0)
    throw std::runtime_error("cannot read snmpInPkts of " + hosts_.at(index).system_name + ":\n" +
                             answer.describe());
  return std::stoull(answer.out);
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
      if (!hosts_[i].spec.snmpd) continue;  // nothing to read its table with
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
