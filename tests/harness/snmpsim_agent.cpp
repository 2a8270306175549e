#include "tests/harness/snmpsim_agent.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/harness/snmpd_agent.hpp"

namespace kensa::testing {
namespace {

std::vector<std::uint32_t> oid_key(const std::string& line) {
  std::vector<std::uint32_t> key;
  std::size_t start = 0;
  const std::size_t end = line.find('|');
  while (start < end) {
    const std::size_t dot = std::min(line.find('.', start), end);
    key.push_back(static_cast<std::uint32_t>(
        std::strtoul(line.substr(start, dot - start).c_str(), nullptr, 10)));
    start = dot + 1;
  }
  return key;
}

// snmpsim answers GETNEXT from a binary search over the file, so it needs
// rows in OID order; recordings are not always sorted.
void sorted_copy(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::ifstream in(from);
  std::vector<std::pair<std::vector<std::uint32_t>, std::string>> rows;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) rows.emplace_back(oid_key(line), line);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::ofstream out(to);
  for (const auto& row : rows) out << row.second << '\n';
}

}  // namespace

std::optional<std::string> SnmpsimAgent::unavailable_reason() {
  if (run_process({"sh", "-c", "command -v snmpsimd"}).exit_code != 0)
    return "snmpsimd is not installed (Debian package snmpsim)";
  if (geteuid() == 0 && run_process({"id", "nobody"}).exit_code != 0)
    return "snmpsim needs an unprivileged user 'nobody' to run as";
  return std::nullopt;
}

SnmpsimAgent::SnmpsimAgent(const std::vector<std::filesystem::path>& recordings,
                           const std::string& probe_community) {
  namespace fs = std::filesystem;
  const fs::path data = directory_.path() / "data";
  fs::create_directories(data);
  for (const auto& recording : recordings) sorted_copy(recording, data / recording.filename());
  const auto readable = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                        fs::perms::others_read | fs::perms::others_exec;
  fs::permissions(directory_.path(), readable);
  fs::permissions(data, readable);
  for (const auto& entry : fs::directory_iterator(data))
    fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write |
                                      fs::perms::group_read | fs::perms::others_read);

  port_ = free_loopback_udp_port();
  std::vector<std::string> command{"snmpsimd", "--data-dir=" + data.string(),
                                   "--agent-udpv4-endpoint=127.0.0.1:" + std::to_string(port_),
                                   "--cache-dir=" + (directory_.path() / "cache").string()};
  if (geteuid() == 0) {
    command.push_back("--process-user=nobody");
    command.push_back("--process-group=nogroup");
    fs::create_directories(directory_.path() / "cache");
    fs::permissions(directory_.path() / "cache", fs::perms::all);
  }
  const auto log = directory_.path() / "snmpsim.log";
  process_.emplace(command, log);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && process_->running()) {
    const ProcessResult probe = run_process({"snmpget", "-v2c", "-c", probe_community, "-r", "0",
                                             "-t", "0.5", "-On", endpoint(), "1.3.6.1.2.1.1.1.0"},
                                            {{"MIBS", ""}}, std::chrono::seconds(5));
    if (probe.exit_code == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  throw std::runtime_error("snmpsimd did not start; its log ends with:\n" + tail_of_file(log));
}

}  // namespace kensa::testing
