#pragma once
// `kensa sweep [TARGET...] [--config FILE]`: the main job. Polls and
// identifies every target that answers, crawls LLDP/CDP neighbours whose
// management address lies in the scope (up to --max-hops), records every
// neighbour that was not polled as a device seen only as a neighbour,
// stores the sweep, judges it, and prints a summary.
//
// Contract: targets, exclusions, scope, configuration and secrets are all
// checked before anything is sent (UsageError naming the text and where it
// came from). Nothing outside the scope is ever contacted. A failed write
// (disk full) stops the sweep, keeps what was committed and exits
// exit_storage.
// SIGINT, SIGTERM or SIGHUP (stop_signals.hpp) stops starting new targets,
// abandons those in flight, stores what was found and marks the sweep
// aborted; a second signal exits at once (the database stays consistent:
// every device is written whole, every batch is a transaction). Exit codes: exit_findings when
// --fail-on is given and a finding is at or above it, else exit_ok; an aborted sweep exits 130.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/credential_profiles.hpp"
#include "cli/fleet_poll.hpp"
#include "cli/inventory_database.hpp"

namespace kensa::cli {

struct SweepCommandSettings {
  DatabaseOption database;
  std::optional<std::filesystem::path> config;
  std::vector<std::string> targets;
  std::vector<std::filesystem::path> target_files;
  std::vector<std::string> excludes;
  std::vector<std::filesystem::path> exclude_files;
  std::vector<std::string> scope;
  std::uint16_t port = 161;
  unsigned max_hops = 2;
  CredentialOptions credentials;
  FleetOptions fleet;
  std::size_t max_targets = 65536;
  std::optional<std::filesystem::path> policy;
  std::optional<std::string> fail_on;
  std::optional<std::string> site;
  bool json = false;
  bool no_progress = false;
  CLI::App* command = nullptr;  // set by add_sweep_command: which options were given
};

CLI::App* add_sweep_command(CLI::App& app, SweepCommandSettings& settings);
int run_sweep_command(const SweepCommandSettings& settings);

}  // namespace kensa::cli
