#pragma once
// `kensa ingest BUNDLE... --db CENTRAL --public-key PUB`: loads the
// bundles an air-gapped site wrote (`kensa export --format bundle`).
//
// Contract: each bundle is checked whole (cli/sweep_bundle.hpp: length,
// SHA-256, signature by one of the --public-key keys, content) before
// anything of it is written, then stored like a pushed sweep, in one
// transaction (riskdb/sweep_content.hpp): a bundle loaded twice is stored
// once. An unsigned bundle is refused unless --allow-unsigned. A refused
// bundle does not stop the others. Exit codes: 0, 64, 65 when a bundle was
// refused, 74.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <vector>

#include "cli/inventory_database.hpp"

namespace kensa::cli {

struct IngestCommandSettings {
  DatabaseOption database;
  std::vector<std::filesystem::path> bundles;
  std::vector<std::filesystem::path> public_keys;
  bool allow_unsigned = false;
};

CLI::App* add_ingest_command(CLI::App& app, IngestCommandSettings& settings);
int run_ingest_command(const IngestCommandSettings& settings);

}  // namespace kensa::cli
