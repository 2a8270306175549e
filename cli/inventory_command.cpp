#include "cli/inventory_command.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include "cli/exit_codes.hpp"
#include "cli/inventory_filter_options.hpp"
#include "cli/text_table.hpp"
#include "cli/unreached_report.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/dataset_coverage.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/sweeps.hpp"
#include "riskdb/triage.hpp"
#include "riskdb/vendor_catalogue.hpp"

namespace kensa::cli {
namespace {

nlohmann::json optional_json(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string shown(const std::optional<std::string>& value) {
  return value ? escape_for_terminal(*value) : "-";
}

// A finding as it recurs from sweep to sweep on one device.
using FindingKey = std::tuple<std::int64_t, std::string, std::string, std::optional<std::int64_t>>;
FindingKey key_of(const riskdb::FindingRow& row) {
  return {row.device_id, row.kind, row.reference, row.module_index};
}

nlohmann::json analysis_json(const riskdb::TriageDecision* decision) {
  if (decision == nullptr) return nullptr;
  return {{"state", decision->state},
          {"justification", optional_json(decision->justification)},
          {"reason", decision->reason},
          {"decided_by", decision->decided_by},
          {"decided_at", decision->decided_at}};
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
                     {"site", optional_json(row.site)},
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
  if (rows.empty()) return exit_ok;
  TextTable table(std::cout, {"ID", "NAME", "ADDRESS", "VENDOR", "MODEL", "FIRMWARE", "SERIAL",
                              "RISK", "SCREENING", "LAST SEEN"});
  for (const auto& row : rows) {
    std::string addresses;
    for (const auto& address : row.addresses) addresses += (addresses.empty() ? "" : " ") + address;
    if (addresses.empty() && row.neighbor_only) addresses = "(neighbour only)";
    table.row({std::to_string(row.id), row.sys_name, addresses, row.vendor, row.model, row.firmware,
               row.serial, row.risk, row.screening, row.last_seen_at});
  }
  table.finish();
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
  findings->add_option("--site", settings.site,
                       "The latest judged sweep of this site (default: the latest of any)");
  findings->add_flag("--new", settings.only_new,
                     "Only findings the previous judged sweep did not have");
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
  // The sweeps shown: the one asked for, the site's latest judged one, or
  // the latest judged sweep of every site.
  std::vector<std::int64_t> sweeps;
  if (settings.sweep) {
    sweeps.push_back(*settings.sweep);
  } else if (settings.site) {
    const auto latest = riskdb::latest_judged_sweep(database, settings.site);
    if (!latest) throw UsageError("--site " + *settings.site + ": no judged sweep of it");
    sweeps.push_back(*latest);
  } else {
    sweeps = riskdb::latest_judged_sweep_of_each_site(database);
  }
  filter.device_id = settings.device;
  if (settings.kind && !riskdb::finding_kind_named(*settings.kind))
    throw UsageError("--kind " + *settings.kind + ": not a finding kind");
  filter.kind = settings.kind;
  if (settings.vendor)
    filter.vendor = riskdb::VendorCatalogue::load(database)
                        .canonical(*settings.vendor)
                        .value_or(*settings.vendor);
  if (settings.severity) filter.min_severity = parse_severity(*settings.severity, "--severity");
  const riskdb::TriageBook triage = riskdb::TriageBook::load(database);
  // Streamed: a sweep can hold millions of findings.
  bool first = true;
  std::map<std::string, std::size_t> by_state;
  std::optional<TextTable> table;
  if (settings.json)
    std::cout << "[";
  else
    table.emplace(std::cout, std::vector<std::string>{"SEVERITY", "ID", "NAME", "ADDRESS", "VENDOR",
                                                      "MODEL", "KIND", "REFERENCE", "TRIAGE"});
  std::size_t count = 0;
  std::optional<std::int64_t> previous;  // of the last sweep shown, with --new
  for (const std::int64_t sweep : sweeps) {
    filter.sweep_id = sweep;
    std::optional<std::string> site;
    if (const auto found = riskdb::find_sweep(database, sweep)) site = found->site;
    // --new: what the site's previous judged sweep did not find on the same device.
    std::set<FindingKey> before;
    if (settings.only_new) {
      previous = riskdb::previous_judged_sweep(database, sweep);
      if (previous) {
        riskdb::FindingFilter earlier = filter;
        earlier.sweep_id = previous;
        riskdb::visit_findings(database, earlier,
                               [&](const riskdb::FindingRow& row) { before.insert(key_of(row)); });
      }
    }
    riskdb::visit_findings(database, filter, [&](const riskdb::FindingRow& row) {
      if (settings.only_new && before.contains(key_of(row))) return;
      ++count;
      const riskdb::TriageDecision* decision = triage.find(
          row.identity_kind, row.identity_key, row.kind, row.reference, row.module_index);
      ++by_state[decision ? decision->state : "untriaged"];
      if (settings.json) {
        const nlohmann::json item{
            {"sweep", row.sweep_id},
            {"site", optional_json(site)},
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
            {"analysis", analysis_json(decision)},
            {"evidence", nlohmann::json::parse(row.evidence_json)}};
        std::cout << (first ? "\n  " : ",\n  ")
                  << item.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        first = false;
        return;
      }
      std::vector<std::string> details{row.reason};
      if (decision) details.push_back("triage: " + describe_decision(*decision));
      table->row(
          {row.severity, std::to_string(row.device_id), row.device_name, row.address, row.vendor,
           row.model, row.kind, row.reference, decision ? decision->state : std::string("-")},
          details);
    });
  }
  if (settings.json) {
    std::cout << (first ? "]\n" : "\n]\n");
    return exit_ok;
  }
  table->finish();
  std::string since;
  if (settings.only_new && sweeps.size() > 1)
    since = " new since each site's previous judged sweep";
  else if (settings.only_new)
    since = previous ? " new since sweep " + std::to_string(*previous)
                     : std::string(" (no earlier judged sweep: all are new)");
  std::cout << count << " finding(s)" << since;
  std::string states;
  for (const auto& [state, n] : by_state)
    states += (states.empty() ? "" : ", ") + state + " " + std::to_string(n);
  std::cout << (states.empty() ? "" : "; triage: " + states) << '\n';
  if (filter.kind || filter.min_severity || settings.only_new) return exit_ok;
  for (const std::int64_t sweep : sweeps) {
    filter.sweep_id = sweep;
    for (const auto& [device, ids] : riskdb::undetermined_by_device(database, filter)) {
      std::cout << "  undetermined on device " << device << ":";
      for (const auto& id : ids) std::cout << ' ' << id;
      std::cout << '\n';
    }
  }
  return exit_ok;
}

}  // namespace kensa::cli
