#pragma once
// The sweep configuration file (TOML): what to sweep, within which scope,
// with which credentials and limits, into which database.
// docs/kensa-sweep.example.toml documents every key.
//
// Contract: load_sweep_config reads the whole file and returns only what it
// sets; a key it does not know, a value of the wrong type or range, or a
// secret written in the file itself is refused with a UsageError naming the
// file, the key and (for syntax errors) the line. Secrets are read at load
// time from the files or environment variables the credential entries name
// (secret_source.hpp's rules: files must not be world-readable). Relative
// paths are taken relative to the configuration file's directory; a
// database given as a PostgreSQL URI is kept as written.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scanner/credentials.hpp"
#include "scanner/target_list.hpp"

namespace kensa::cli {

struct SweepConfig {
  std::filesystem::path file;
  std::vector<scanner::TargetText> targets;  // targets.include, then targets.files' lines
  std::vector<scanner::TargetText> excludes;
  std::vector<scanner::TargetText> scope;
  std::optional<std::uint16_t> port;
  std::optional<std::size_t> max_targets;
  std::optional<unsigned> window, timeout_ms, retries;
  std::optional<double> rate;
  std::optional<unsigned> max_hops;
  std::vector<scanner::Credentials> credentials;  // in the order tried
  std::optional<std::filesystem::path> database, policy;
  std::optional<std::string> fail_on;
  std::optional<std::string> operator_name;
  std::optional<std::string> site;
};

SweepConfig load_sweep_config(const std::filesystem::path& file);

// The configuration's top-level `operator` (who runs kensa, for export
// manifests), read without the rest of the file's checks or secrets.
std::optional<std::string> load_config_operator(const std::filesystem::path& file);

// The lines of a target file: one target per line, '#' starts a comment,
// blank lines skipped. Each keeps "FILE:LINE" as its origin. Throws
// UsageError when the file cannot be read or holds something other than
// text.
std::vector<scanner::TargetText> read_target_file(const std::filesystem::path& file);

}  // namespace kensa::cli
