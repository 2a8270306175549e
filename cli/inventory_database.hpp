#pragma once
// The --db option every inventory command shares, and opening the file.
//
// Contract: the default file is $KENSA_DB, else
// $XDG_DATA_HOME/kensa/kensa.db, else ~/.local/share/kensa/kensa.db.
// open_inventory, for commands that write, opens (creating and migrating)
// the file, saying on stderr when it created it, loads the vendor catalogue
// when it changed, and marks sweeps whose process has gone as aborted,
// saying so. open_inventory_to_read, for commands that only read, opens an
// existing kensa database read-only (riskdb::Database::open_read_only).
// Failures throw StorageError (the file itself failed: exit 74) or
// UsageError, each naming the file.

#include <CLI/CLI.hpp>

#include <filesystem>

#include "riskdb/database.hpp"
#include "scanner/identification.hpp"

namespace kensa::cli {

struct DatabaseOption {
  std::filesystem::path file;
};

void add_database_option(CLI::App& command, DatabaseOption& option);
[[nodiscard]] std::filesystem::path default_database_path();
// Where feed downloads are kept: beside an SQLite file, or in
// $XDG_CACHE_HOME/kensa (~/.cache/kensa) for a PostgreSQL database.
[[nodiscard]] std::filesystem::path download_directory(const riskdb::Database& database);
[[nodiscard]] riskdb::Database open_inventory(const DatabaseOption& option);
[[nodiscard]] riskdb::Database open_inventory_to_read(const DatabaseOption& option);

// Identification reads the IEEE and IANA registries the database holds
// when they were imported (kensa feeds import/fetch oui, pen), and Debian's
// copies otherwise; the operator's own MIB modules add to the MIB index.
void use_database_identification_data(const riskdb::Database& database,
                                      scanner::IdentificationData& identification);

}  // namespace kensa::cli
