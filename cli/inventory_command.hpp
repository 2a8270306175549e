#pragma once
// `kensa inventory`: the devices the database holds, with filters, or one
// device's history (--history ID): when it first appeared and every
// change of address, model, firmware, serial and screening status; or
// what a sweep did not reach (--unreached, unreached_report.hpp).
// `kensa findings`: the findings of a judged sweep (default the latest).
// Both print a table, or JSON with --json.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "cli/inventory_database.hpp"
#include "cli/inventory_filter_options.hpp"

namespace kensa::cli {

struct InventoryCommandSettings {
  DatabaseOption database;
  InventoryFilterOptions filter;
  std::optional<std::int64_t> history;
  bool unreached = false;
  std::optional<std::int64_t> sweep;  // with unreached
  bool json = false;
};

CLI::App* add_inventory_command(CLI::App& app, InventoryCommandSettings& settings);
int run_inventory_command(const InventoryCommandSettings& settings);

struct FindingsCommandSettings {
  DatabaseOption database;
  std::optional<std::int64_t> sweep, device;
  std::optional<std::string> severity, kind, vendor, site;
  bool only_new = false;
  bool json = false;
};

CLI::App* add_findings_command(CLI::App& app, FindingsCommandSettings& settings);
int run_findings_command(const FindingsCommandSettings& settings);

}  // namespace kensa::cli
