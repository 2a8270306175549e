#pragma once
// `kensa triage DEVICE --kind KIND --state STATE --reason TEXT`: records
// what the operator decided about one of a device's findings, in force in
// every later sweep that finds it again (riskdb/triage.hpp).
//
// Contract: the device is a device id of the inventory; the finding must
// be one the device has in its latest judged sweep, named by kind,
// reference (which may be left out when the device has one finding of
// that kind) and --module for a module's finding. --state is one of
// CycloneDX's analysis states; not_affected needs --justification. The
// decider is --by, else the system user. Errors are usage errors (64)
// naming what was wrong; nothing is recorded then.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "cli/inventory_database.hpp"

namespace kensa::cli {

struct TriageCommandSettings {
  DatabaseOption database;
  std::int64_t device = 0;
  std::string kind, state, reason;
  std::optional<std::string> reference, justification, by;
  std::optional<std::int64_t> module;
};

CLI::App* add_triage_command(CLI::App& app, TriageCommandSettings& settings);
int run_triage_command(const TriageCommandSettings& settings);

}  // namespace kensa::cli
