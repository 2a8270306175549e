#pragma once
// snmpsim (Debian's snmpsim package) serving recorded walks on a free
// loopback port: each NAME.snmprec file in the directory answers to the
// community NAME.
//
// Contract: the constructor copies the files into a directory of its own
// (snmpsim runs as an unprivileged user and must be able to read them),
// starts snmpsimd, and returns once it answers for `probe_community`; it
// throws with snmpsim's log otherwise. Everything is removed on destruction.
// unavailable_reason() says why snmpsim cannot run here.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/harness/child_process.hpp"

namespace kensa::testing {

class SnmpsimAgent {
 public:
  static std::optional<std::string> unavailable_reason();

  SnmpsimAgent(const std::vector<std::filesystem::path>& recordings,
               const std::string& probe_community);
  SnmpsimAgent(const SnmpsimAgent&) = delete;
  SnmpsimAgent& operator=(const SnmpsimAgent&) = delete;

  [[nodiscard]] std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  TemporaryDirectory directory_{"kensa-snmpsim"};
  std::uint16_t port_ = 0;
  std::optional<BackgroundProcess> process_;
};

}  // namespace kensa::testing
