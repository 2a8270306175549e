#pragma once
// `kensa db status`: the database file, its schema version, the provenance
// of every dataset loaded (kind, source, version, sha256, when, rows) and
// the sweeps it holds, read-only. --json for machines.
// `kensa db init`: creates the database, or brings one of an older kensa
// to this kensa's schema; the one step a read-only copy cannot take.

#include <CLI/CLI.hpp>

#include "cli/inventory_database.hpp"

namespace kensa::cli {

struct DbCommandSettings {
  DatabaseOption database;
  bool json = false;
};

struct DbCommands {
  CLI::App* status = nullptr;
  CLI::App* init = nullptr;
};

DbCommands add_db_command(CLI::App& app, DbCommandSettings& settings);
int run_db_status(const DbCommandSettings& settings);
int run_db_init(const DbCommandSettings& settings);

}  // namespace kensa::cli
