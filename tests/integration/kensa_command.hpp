#pragma once
// Runs the kensa executable under test, as a user would, with a clean
// environment for its own variables.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/harness/child_process.hpp"

namespace kensa::testing {

// Runs `kensa ARGS...`; KENSA_* variables are unset unless `environment`
// sets them.
ProcessResult run_kensa(const std::vector<std::string>& arguments,
                        EnvironmentChanges environment = {});

// `kensa simulate ARGS...` in the background on a free port of 127.0.0.1
// and the addresses after it, ready once it says it is serving; stopped on
// destruction.
class KensaSimulator {
 public:
  KensaSimulator(const std::vector<std::string>& arguments, const std::filesystem::path& log);
  ~KensaSimulator();
  KensaSimulator(const KensaSimulator&) = delete;
  KensaSimulator& operator=(const KensaSimulator&) = delete;
  [[nodiscard]] std::string endpoint(int host = 1) const;
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  std::uint16_t port_;
  BackgroundProcess process_;
};

// Writes a secret into a 0600 file under `directory` and returns its path.
std::filesystem::path secret_file(const TemporaryDirectory& directory, const std::string& name,
                                  const std::string& secret);

}  // namespace kensa::testing
