#pragma once
// `kensa push --db SITE --to CENTRAL [--site NAME]`: store and forward.
// A site whose scanner cannot keep a connection to the central database
// sweeps into its own (SQLite) database and pushes when it can.
//
// Contract: every complete sweep of SITE that CENTRAL does not hold yet
// (by the sweep's uid) is sent, oldest first, each in one transaction of
// CENTRAL and checked there against its evidence digest before it commits
// (riskdb/sweep_content.hpp); running and aborted sweeps stay behind. A
// sweep CENTRAL holds already is not sent again, unless its site judged it
// since: then only the judgements CENTRAL lacks are added. So pushing twice
// stores nothing twice, and a push that stopped (a dropped connection,
// exit 74) resumes with the sweep it was sending. SITE is only read.
// --site names the site of sweeps made without one; without it such a
// sweep is a usage error before anything is sent. Exit codes: 0, 64, 65
// when CENTRAL refused a sweep (it holds that uid with other content; the
// others are still sent), 74.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "cli/inventory_database.hpp"

namespace kensa::cli {

struct PushCommandSettings {
  DatabaseOption database;
  DatabaseOption to;
  std::optional<std::string> site;
};

CLI::App* add_push_command(CLI::App& app, PushCommandSettings& settings);
int run_push_command(const PushCommandSettings& settings);

}  // namespace kensa::cli
