#pragma once
// The --db option every inventory command shares, and opening the file.
//
// Contract: the default file is $KENSA_DB, else
// $XDG_DATA_HOME/kensa/kensa.db, else ~/.local/share/kensa/kensa.db.
// open_inventory opens (creating and migrating) the file, loads the vendor
// catalogue when it changed, and marks sweeps whose process has gone as
// aborted, saying so on stderr. Failures throw UsageError naming the file.

#include <CLI/CLI.hpp>

#include <filesystem>

#include "riskdb/database.hpp"

namespace kensa::cli {

struct DatabaseOption {
  std::filesystem::path file;
};

void add_database_option(CLI::App& command, DatabaseOption& option);
[[nodiscard]] std::filesystem::path default_database_path();
[[nodiscard]] riskdb::Database open_inventory(const DatabaseOption& option);

}  // namespace kensa::cli
