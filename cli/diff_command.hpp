#pragma once
// `kensa diff [SWEEP_A SWEEP_B]`: the devices new, gone and changed between
// two sweeps, by default the last two.
//
// Contract: unknown sweep ids and a single id are usage errors; --json
// prints {from, to, new, gone, changed} with each device's id, label,
// vendor, model and firmware, and each change as text.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/inventory_database.hpp"

namespace kensa::cli {

struct DiffCommandSettings {
  DatabaseOption database;
  std::vector<std::int64_t> sweeps;
  std::optional<std::string> site;
  bool json = false;
};

CLI::App* add_diff_command(CLI::App& app, DiffCommandSettings& settings);
int run_diff_command(const DiffCommandSettings& settings);

}  // namespace kensa::cli
