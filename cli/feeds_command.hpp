#pragma once
// `kensa feeds import KIND FILE...`, `kensa feeds fetch [KIND...]`,
// `kensa feeds status`, `kensa feeds export screening` and `kensa feeds
// mib-index DIR... --out FILE`: loading,
// refreshing and tracing the datasets kensa judges by (README: Feeds).
//
// Contract: import and fetch load each kind in one transaction and print
// what they loaded; a file that cannot be imported leaves the database as
// it was and exits exit_usage with the importer's message. status exits
// exit_findings when a dataset is older than its maximum age (so that a
// scheduler notices), else exit_ok.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/inventory_database.hpp"

namespace kensa::cli {

struct FeedsCommandSettings {
  DatabaseOption database;
  std::string kind;
  std::vector<std::filesystem::path> files;
  std::vector<std::string> kinds;
  std::optional<std::filesystem::path> from;
  std::vector<std::string> mirrors;  // KIND=URL
  std::optional<int> max_age_days;
  std::optional<std::filesystem::path> out;
  std::vector<std::string> index_sources;
  std::optional<std::filesystem::path> registrations_out;
  bool json = false;
  bool allow_shrink = false;
};

struct FeedsCommands {
  CLI::App* import = nullptr;
  CLI::App* fetch = nullptr;
  CLI::App* status = nullptr;
  CLI::App* export_screening = nullptr;
  CLI::App* mib_index = nullptr;
};

FeedsCommands add_feeds_command(CLI::App& app, FeedsCommandSettings& settings);
int run_feeds_import(const FeedsCommandSettings& settings);
int run_feeds_fetch(const FeedsCommandSettings& settings);
int run_feeds_status(const FeedsCommandSettings& settings);
int run_feeds_export_screening(const FeedsCommandSettings& settings);
// Writes the identity index of MIB directories as scanner/data holds it.
int run_feeds_mib_index(const FeedsCommandSettings& settings);

}  // namespace kensa::cli
