#pragma once
// `kensa check`: the pre-procurement verdict on a candidate device, from
// --vendor/--model[/--os/--firmware] or from a walk the vendor supplied.
//
// Contract: the verdict is block when a finding is at or above the
// policy's block_at, review when one is at or above review_at, else
// allow; exit codes exit_check_allow/review/block, exit_check_error when
// the input or the data cannot be read. Without --os the OS family is
// inferred from vendor and model only when exactly one family fits, and
// the output says which way it went. A vendor or OS family that does not
// resolve through the catalogue is an error naming the nearest known names.
// --candidates judges a JSON Lines file of candidates with one judge.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>

#include "cli/inventory_database.hpp"

namespace kensa::cli {

struct CheckCommandSettings {
  DatabaseOption database;
  std::optional<std::string> vendor, model, os, firmware;
  std::optional<std::filesystem::path> walk;
  std::optional<std::filesystem::path> candidates;  // JSON Lines, one candidate a line
  std::size_t candidates_line = 0;
  std::optional<std::filesystem::path> policy;
  std::optional<std::string> today;
  bool json = false;
};

CLI::App* add_check_command(CLI::App& app, CheckCommandSettings& settings);
int run_check_command(const CheckCommandSettings& settings);

}  // namespace kensa::cli
