#pragma once
// `kensa poll HOST[:PORT]`: read one device's system group and print it as a
// table, or as one JSON object with --json.
//
// Contract: add_poll_command registers the subcommand and its options on
// `app`; run_poll_command runs it after parsing and returns the exit code:
// exit_ok, or exit_unreachable when the device did not answer or refused the
// credentials (the reason goes to stderr, and with --json also to stdout as
// the record's status). Throws UsageError for bad options or secret files.

#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace kensa::cli {

struct PollCommandSettings {
  std::string target;
  bool json = false;
  std::string snmp_version = "2c";
  std::optional<std::filesystem::path> community_file;
  std::string v3_user;
  std::string auth_protocol;
  std::optional<std::filesystem::path> auth_password_file;
  std::string priv_protocol;
  std::optional<std::filesystem::path> priv_password_file;
  unsigned timeout_ms = 1000;
  unsigned retries = 1;
};

CLI::App* add_poll_command(CLI::App& app, PollCommandSettings& settings);
int run_poll_command(const PollCommandSettings& settings);

}  // namespace kensa::cli
