#include "tests/integration/kensa_command.hpp"

#include <signal.h>

#include <stdexcept>
#include <thread>

#include "tests/harness/snmpd_agent.hpp"

namespace kensa::testing {

ProcessResult run_kensa(const std::vector<std::string>& arguments, EnvironmentChanges environment) {
  for (const char* variable : {"KENSA_COMMUNITY", "KENSA_AUTH_PASS", "KENSA_PRIV_PASS"})
    environment.try_emplace(variable, std::nullopt);
  std::vector<std::string> argv{KENSA_BINARY};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return run_process(argv, environment, std::chrono::seconds(120));
}

namespace {

std::vector<std::string> simulate_command(const std::vector<std::string>& arguments,
                                          std::uint16_t port) {
  std::vector<std::string> argv{KENSA_BINARY, "simulate", "--listen",
                                "127.0.0.1:" + std::to_string(port)};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return argv;
}

}  // namespace

KensaSimulator::KensaSimulator(const std::vector<std::string>& arguments,
                               const std::filesystem::path& log)
    : port_(free_loopback_udp_port()), process_(simulate_command(arguments, port_), log) {
  for (int i = 0; i < 400; ++i) {
    if (tail_of_file(log).find("serving") != std::string::npos) return;
    if (!process_.running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("kensa simulate did not start:\n" + tail_of_file(log));
}

KensaSimulator::~KensaSimulator() { process_.signal(SIGTERM); }

std::string KensaSimulator::endpoint(int host) const {
  return "127.0.0." + std::to_string(host) + ":" + std::to_string(port_);
}

std::filesystem::path secret_file(const TemporaryDirectory& directory, const std::string& name,
                                  const std::string& secret) {
  const auto file = directory.path() / name;
  write_file(file, secret + "\n");
  return file;
}

}  // namespace kensa::testing
