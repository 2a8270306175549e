#pragma once
// `kensa identify --walk FILE...`: identify devices from recorded walks,
// with no network. With --json, one JSON array, one object per file.
//
// Contract: a file that cannot be read gets an error on stderr and exit
// code exit_unreachable at the end; the others are still identified. Bad
// rows inside a file are skipped with a counted warning on stderr. Throws
// UsageError when the identification data cannot be loaded.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kensa::cli {

struct IdentifyCommandSettings {
  std::vector<std::filesystem::path> walks;
  bool json = false;
  std::filesystem::path data_directory;
  bool generic_only = false;  // every rule switched off: what the generic stages know alone
  // An inventory whose imported MIB modules (kensa feeds import mibs) add
  // to the shipped index, as they do for a sweep into it.
  std::optional<std::filesystem::path> mibs_from_db;
};

CLI::App* add_identify_command(CLI::App& app, IdentifyCommandSettings& settings);
int run_identify_command(const IdentifyCommandSettings& settings);

}  // namespace kensa::cli
