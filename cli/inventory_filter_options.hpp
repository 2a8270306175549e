#pragma once
// The device filters `kensa inventory` and `kensa export` share: their
// options, and the riskdb filter they make.
//
// Contract: inventory_filter resolves --vendor through the vendor catalogue
// (any spelling it knows gives the canonical name) and throws UsageError
// naming the option for a severity that is not one or a malformed subnet.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "riskdb/database.hpp"
#include "riskdb/inventory_query.hpp"

namespace kensa::cli {

struct InventoryFilterOptions {
  std::optional<std::string> vendor, model, firmware, risk, screening, subnet, seen_since, site;
};

// --vendor, --model, --firmware, --risk, --screening, --subnet, --seen-since, --site.
void add_inventory_filter_options(CLI::App& command, InventoryFilterOptions& options);

[[nodiscard]] riskdb::InventoryFilter inventory_filter(const riskdb::Database& database,
                                                       const InventoryFilterOptions& options);

// The options as given, for the record (exports and manifests).
[[nodiscard]] nlohmann::json filter_json(const InventoryFilterOptions& options);

riskdb::Severity parse_severity(const std::string& text, const char* option);

}  // namespace kensa::cli
