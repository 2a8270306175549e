#pragma once
// Runs the kensa executable under test, as a user would, with a clean
// environment for its own variables.

#include <filesystem>
#include <string>
#include <vector>

#include "tests/harness/child_process.hpp"

namespace kensa::testing {

// Runs `kensa ARGS...`; KENSA_* variables are unset unless `environment`
// sets them.
ProcessResult run_kensa(const std::vector<std::string>& arguments,
                        EnvironmentChanges environment = {});

// Writes a secret into a 0600 file under `directory` and returns its path.
std::filesystem::path secret_file(const TemporaryDirectory& directory, const std::string& name,
                                  const std::string& secret);

}  // namespace kensa::testing
