#pragma once
// `kensa export`: one judged sweep for auditors, in csv, json, jsonl,
// cyclonedx, html or xlsx, with an integrity manifest beside it;
// `kensa verify MANIFEST [--public-key PUB]` checks the files against their
// manifest, and the manifest against its Ed25519 signature.
//
// Contract: the export is written to a temporary file beside --out and
// renamed into place only when complete, so a failure (a full disk) never
// leaves a partial export under the final name; then OUT.manifest.json is
// written (export_manifest.hpp), signed when --sign-key names a key. The
// signing key is loaded before anything is written. Exit codes: export 0,
// or 64 for usage errors (unknown sweep, sweep not judged, bad filter, an
// unusable key); verify 0 when every file matches (and, with
// --public-key, the signature), 1 when one does not (each difference
// printed), 64 when the manifest or the key cannot be read.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/inventory_database.hpp"
#include "cli/inventory_filter_options.hpp"

namespace kensa::cli {

struct ExportCommandSettings {
  DatabaseOption database;
  std::string format;
  std::optional<std::int64_t> sweep;
  bool every_site = false;  // one export for each site's latest sweep
  InventoryFilterOptions filter;
  bool no_neighbours = false;
  bool modules = false;
  bool bom = false;
  std::filesystem::path out;
  std::optional<std::filesystem::path> sign_key;
  std::optional<std::string> operator_name;
  std::optional<std::filesystem::path> config;  // its `operator` key
  std::vector<std::string> command_line;        // as main received it, for the manifest
};

CLI::App* add_export_command(CLI::App& app, ExportCommandSettings& settings);
int run_export_command(const ExportCommandSettings& settings);

struct VerifyCommandSettings {
  std::filesystem::path manifest;
  std::optional<std::filesystem::path> public_key;
};

CLI::App* add_verify_command(CLI::App& app, VerifyCommandSettings& settings);
int run_verify_command(const VerifyCommandSettings& settings);

}  // namespace kensa::cli
