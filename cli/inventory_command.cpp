#include "cli/inventory_command.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/inventory_filter_options.hpp"
#include "cli/unreached_report.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/dataset_coverage.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/vendor_catalogue.hpp"

namespace kensa::cli {
namespace {

nlohmann::json optional_json(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string shown(const std::optional<std::string>& value) {
  return value ? escape_for_terminal(*value) : "-";
}

void dump(const nlohmann::json& value) {
  std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

int print_history(const riskdb::Database& database, std::int64_t device_id, bool json) {
  const auto rows = riskdb::device_history(database, device_id);
  if (rows.empty()) throw UsageError("no device " + std::to_string(device_id) + " in the database");
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& row : rows)
      out.push_back({{"sweep", row.sweep_id},
                     {"observed_at", row.observed_at},
                     {"address", optional_json(row.address)},
                     {"vendor", optional_json(row.vendor)},
                     {"os", optional_json(row.os)},
                     {"model", optional_json(row.model)},
                     {"firmware", optional_json(row.firmware)},
                     {"serial", optional_json(row.serial)},
                     {"screening", optional_json(row.screening)}});
    dump(out);
    return exit_ok;
  }
  std::cout << "device " << device_id << ": first seen " << rows.front().observed_at << " (sweep "
            << rows.front().sweep_id << ")\n";
  const riskdb::HistoryRow* previous = nullptr;
  for (const auto& row : rows) {
    std::string changes;
    const auto compare = [&](const char* name, const std::optional<std::string>& before,
                             const std::optional<std::string>& now) {
      if (previous == nullptr || before != now)
        changes += std::string(changes.empty() ? "" : ", ") + name + " " + shown(now);
    };
    compare("address", previous ? previous->address : std::nullopt, row.address);
    compare("model", previous ? previous->model : std::nullopt, row.model);
    compare("firmware", previous ? previous->firmware : std::nullopt, row.firmware);
    compare("serial", previous ? previous->serial : std::nullopt, row.serial);
    compare("screening", previous ? previous->screening : std::nullopt, row.screening);
    std::cout << "  sweep " << row.sweep_id << "  " << row.observed_at << "  "
              << (changes.empty() ? "unchanged" : changes) << '\n';
    previous = &row;
  }
  return exit_ok;
}

}  // namespace

CLI::App* add_inventory_command(CLI::App& app, InventoryCommandSettings& settings) {
  CLI::App* inventory = app.add_subcommand("inventory", "List the devices the database holds");
  add_inventory_filter_options(*inventory, settings.filter);
  inventory->add_option("--history", settings.history, "Show one device's history instead");
  inventory->add_flag("--unreached", settings.unreached,
                      "Show what a sweep did not reach instead: targets that did not answer, "
                      "and known devices it did not re-check");
  inventory->add_option("--sweep", settings.sweep,
                        "With --unreached: the sweep (default: the latest)");
  inventory->add_flag("--json", settings.json, "Print JSON");
  add_database_option(*inventory, settings.database);
  return inventory;
}

int run_inventory_command(const InventoryCommandSettings& settings) {
  riskdb::Database database = open_inventory_to_read(settings.database);
  if (settings.history) return print_history(database, *settings.history, settings.json);
  if (settings.unreached) return print_unreached(database, settings.sweep, settings.json);
  const riskdb::InventoryFilter filter = inventory_filter(database, settings.filter);
  const std::vector<riskdb::InventoryRow> rows = riskdb::query_inventory(database, filter);
  if (settings.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& row : rows)
      out.push_back({{"id", row.id},
                     {"vendor", optional_json(row.vendor)},
                     {"os", optional_json(row.os)},
                     {"model", optional_json(row.model)},
                     {"firmware", optional_json(row.firmware)},
                     {"serial", optional_json(row.serial)},
                     {"sys_name", optional_json(row.sys_name)},
                     {"location", optional_json(row.location)},
                     {"chassis_mac", optional_json(row.chassis_mac)},
                     {"addresses", row.addresses},
                     {"risk", optional_json(row.risk)},
                     {"screening", optional_json(row.screening)},
                     {"neighbor_only", row.neighbor_only},
                     {"first_seen_at", row.first_seen_at},
                     {"last_seen_at", row.last_seen_at},
                     {"first_sweep", row.first_sweep_id},
                     {"last_sweep", row.last_sweep_id}});
    dump(out);
    return exit_ok;
  }
  std::cout << rows.size() << " device(s)\n";
  for (const auto& row : rows) {
    std::string addresses;
    for (const auto& address : row.addresses) addresses += (addresses.empty() ? "" : " ") + address;
    std::cout << "  " << row.id << "  " << shown(row.vendor) << "  " << shown(row.model) << "  "
              << shown(row.firmware) << "  serial " << shown(row.serial) << "  "
              << (addresses.empty() ? (row.neighbor_only ? "(neighbour only)" : "-")
                                    : escape_for_terminal(addresses))
              << "  risk " << shown(row.risk) << "  screening " << shown(row.screening)
              << "  last seen " << row.last_seen_at << '\n';
  }
  return exit_ok;
}

CLI::App* add_findings_command(CLI::App& app, FindingsCommandSettings& settings) {
  CLI::App* findings = app.add_subcommand("findings", "List the findings of a judged sweep");
  findings->add_option("--sweep", settings.sweep, "Sweep id (default: the latest judged sweep)");
  findings->add_option("--device", settings.device, "Only this device id");
  findings->add_option("--severity", settings.severity, "Only findings at least this severe");
  findings->add_option(
      "--kind", settings.kind,
      "Only this kind (restricted_vendor, known_exploited, vulnerability, end_of_life, "
      "unscreened, drifted, rejected, unidentified, neighbor_only)");
  findings->add_option("--vendor", settings.vendor, "Only devices of this vendor");
  findings->add_flag("--json", settings.json, "Print JSON");
  add_database_option(*findings, settings.database);
  return findings;
}

int run_findings_command(const FindingsCommandSettings& settings) {
  riskdb::Database database = open_inventory_to_read(settings.database);
  if (const auto missing = riskdb::missing_datasets(database); !missing.empty())
    std::cerr << "kensa: not loaded, so no findings of: " << riskdb::describe_missing(missing)
              << '\n';
  riskdb::FindingFilter filter;
  filter.sweep_id = settings.sweep;
  filter.device_id = settings.device;
  if (settings.kind && !riskdb::finding_kind_named(*settings.kind))
    throw UsageError("--kind " + *settings.kind + ": not a finding kind");
  filter.kind = settings.kind;
  if (settings.vendor)
    filter.vendor = riskdb::VendorCatalogue::load(database)
                        .canonical(*settings.vendor)
                        .value_or(*settings.vendor);
  if (settings.severity) filter.min_severity = parse_severity(*settings.severity, "--severity");
  // Streamed: a sweep can hold millions of findings.
  bool first = true;
  if (settings.json) std::cout << "[";
  const std::size_t count =
      riskdb::visit_findings(database, filter, [&](const riskdb::FindingRow& row) {
        if (settings.json) {
          const nlohmann::json item{
              {"sweep", row.sweep_id},
              {"device", row.device_id},
              {"device_name", optional_json(row.device_name)},
              {"address", optional_json(row.address)},
              {"vendor", optional_json(row.vendor)},
              {"model", optional_json(row.model)},
              {"firmware", optional_json(row.firmware)},
              {"module_index", row.module_index ? nlohmann::json(*row.module_index) : nullptr},
              {"kind", row.kind},
              {"severity", row.severity},
              {"reference", row.reference},
              {"reason", row.reason},
              {"source", optional_json(row.dataset)},
              {"evidence", nlohmann::json::parse(row.evidence_json)}};
          std::cout << (first ? "\n  " : ",\n  ")
                    << item.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          first = false;
          return;
        }
        std::cout << "  [" << row.severity << "] device " << row.device_id << " "
                  << shown(row.device_name ? row.device_name : row.address) << " ("
                  << shown(row.vendor) << " " << shown(row.model) << "): " << row.kind << ": "
                  << escape_for_terminal(row.reason) << '\n';
      });
  if (settings.json) {
    std::cout << (first ? "]\n" : "\n]\n");
    return exit_ok;
  }
  std::cout << count << " finding(s)\n";
  if (filter.kind || filter.min_severity) return exit_ok;
  for (const auto& [device, ids] : riskdb::undetermined_by_device(database, filter)) {
    std::cout << "  undetermined on device " << device << ":";
    for (const auto& id : ids) std::cout << ' ' << id;
    std::cout << '\n';
  }
  return exit_ok;
}

}  // namespace kensa::cli
