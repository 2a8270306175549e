#pragma once
// `kensa db status`: the database file, its schema version, the provenance
// of every dataset loaded (kind, source, version, sha256, when, rows) and
// the sweeps it holds. --json for machines.

#include <CLI/CLI.hpp>

#include "cli/inventory_database.hpp"

namespace kensa::cli {

struct DbCommandSettings {
  DatabaseOption database;
  bool json = false;
};

CLI::App* add_db_command(CLI::App& app, DbCommandSettings& settings);
int run_db_status(const DbCommandSettings& settings);

}  // namespace kensa::cli
