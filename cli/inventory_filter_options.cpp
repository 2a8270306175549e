#include "cli/inventory_filter_options.hpp"

#include "cli/usage_error.hpp"
#include "riskdb/query_filters.hpp"
#include "riskdb/vendor_catalogue.hpp"

namespace kensa::cli {

void add_inventory_filter_options(CLI::App& command, InventoryFilterOptions& options) {
  command.add_option("--vendor", options.vendor,
                     "Only this vendor (any spelling the catalogue knows)");
  command.add_option("--model", options.model, "Only models matching this glob (* and ?)");
  command.add_option("--firmware", options.firmware, "Only firmware matching this glob");
  command.add_option("--risk", options.risk, "Only devices whose risk is at least this severity");
  command.add_option(
      "--screening", options.screening,
      "Only this screening status (screened, pending, rejected, expired, unscreened, drifted)");
  command.add_option("--subnet", options.subnet, "Only devices with an address in this prefix");
  command.add_option("--seen-since", options.seen_since,
                     "Only devices seen at or after this time (ISO 8601)");
  command.add_option("--site", options.site,
                     "Only this site: its devices, or its latest sweep for an export");
}

riskdb::Severity parse_severity(const std::string& text, const char* option) {
  const auto severity = riskdb::severity_named(text);
  if (!severity)
    throw UsageError(std::string(option) + " " + text +
                     ": not one of critical, high, medium, low, info");
  return *severity;
}

riskdb::InventoryFilter inventory_filter(const riskdb::Database& database,
                                         const InventoryFilterOptions& options) {
  riskdb::InventoryFilter filter;
  if (options.vendor)
    filter.vendor = riskdb::VendorCatalogue::load(database)
                        .canonical(*options.vendor)
                        .value_or(*options.vendor);
  filter.model = options.model;
  filter.firmware = options.firmware;
  filter.screening = options.screening;
  filter.seen_since = options.seen_since;
  filter.site = options.site;
  if (options.risk) filter.min_risk = parse_severity(*options.risk, "--risk");
  if (options.subnet) {
    try {
      (void)riskdb::subnet_range(*options.subnet);
    } catch (const std::invalid_argument& error) {
      throw UsageError(std::string("--subnet: ") + error.what());
    }
    filter.subnet = options.subnet;
  }
  return filter;
}

nlohmann::json filter_json(const InventoryFilterOptions& options) {
  nlohmann::json out = nlohmann::json::object();
  const auto add = [&](const char* name, const std::optional<std::string>& value) {
    if (value) out[name] = *value;
  };
  add("vendor", options.vendor);
  add("model", options.model);
  add("firmware", options.firmware);
  add("risk", options.risk);
  add("screening", options.screening);
  add("subnet", options.subnet);
  add("seen_since", options.seen_since);
  add("site", options.site);
  return out;
}

}  // namespace kensa::cli
