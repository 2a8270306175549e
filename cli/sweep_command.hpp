#pragma once
// `kensa sweep TARGET...`: the main job. Polls and identifies every target
// on the SNMP engine, records what answered and every LLDP neighbour that
// was not polled (devices seen only as neighbours), stores the sweep,
// judges it, and prints a summary; `kensa diff` compares two sweeps.
//
// Contract: targets are checked before anything is sent (UsageError).
// SIGINT or SIGTERM stops starting new targets, lets those in flight
// finish, stores what was found and marks the sweep aborted; a second
// signal exits at once (the database stays consistent: every batch is a
// transaction). Exit codes: exit_findings when --fail-on is given and a
// finding is at or above it, else exit_ok; an aborted sweep exits 130.

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
  std::vector<std::string> targets;
  CredentialOptions credentials;
  FleetOptions fleet;
  std::size_t max_targets = 65536;
  std::optional<std::filesystem::path> policy;
  std::optional<std::string> fail_on;
  bool json = false;
};

CLI::App* add_sweep_command(CLI::App& app, SweepCommandSettings& settings);
int run_sweep_command(const SweepCommandSettings& settings);

struct DiffCommandSettings {
  DatabaseOption database;
  std::vector<std::int64_t> sweeps;
  bool json = false;
};

CLI::App* add_diff_command(CLI::App& app, DiffCommandSettings& settings);
int run_diff_command(const DiffCommandSettings& settings);

}  // namespace kensa::cli
