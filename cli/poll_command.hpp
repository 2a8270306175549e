#pragma once
// `kensa poll TARGET...`: the live query tool. Reads each target's system
// group (and any --walk subtrees) concurrently on the SNMP engine and
// streams the results: a block of lines per device, or JSON Lines with
// --json, in the order devices finish. It stores nothing.
//
// Contract: add_poll_command registers the subcommand; run_poll_command
// returns exit_ok when every target answered and every walk completed, and
// exit_unreachable otherwise (each reason on stderr, and with --json also
// as the device's status). Throws UsageError for bad options, targets or
// secret files, before anything is sent.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/credential_profiles.hpp"
#include "cli/fleet_poll.hpp"

namespace kensa::cli {

struct PollCommandSettings {
  std::vector<std::string> targets;
  bool json = false;
  bool stats = false;
  bool identify = false;
  CredentialOptions credentials;
  std::vector<std::string> walks;
  FleetOptions fleet;
  std::size_t max_targets = 65536;
  std::uint16_t port = 161;  // of every target without its own
  std::size_t max_rows = 100000;
  int repetitions = 25;
};

CLI::App* add_poll_command(CLI::App& app, PollCommandSettings& settings);
int run_poll_command(const PollCommandSettings& settings);

}  // namespace kensa::cli
