#include "tests/integration/kensa_command.hpp"

namespace kensa::testing {

ProcessResult run_kensa(const std::vector<std::string>& arguments, EnvironmentChanges environment) {
  for (const char* variable : {"KENSA_COMMUNITY", "KENSA_AUTH_PASS", "KENSA_PRIV_PASS"})
    environment.try_emplace(variable, std::nullopt);
  std::vector<std::string> argv{KENSA_BINARY};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return run_process(argv, environment, std::chrono::seconds(120));
}

std::filesystem::path secret_file(const TemporaryDirectory& directory, const std::string& name,
                                  const std::string& secret) {
  const auto file = directory.path() / name;
  write_file(file, secret + "\n");
  return file;
}

}  // namespace kensa::testing
