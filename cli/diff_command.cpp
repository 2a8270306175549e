#include "cli/diff_command.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/sweep_diff.hpp"

namespace kensa::cli {

CLI::App* add_diff_command(CLI::App& app, DiffCommandSettings& settings) {
  CLI::App* diff = app.add_subcommand(
      "diff", "Devices new, gone and changed between two sweeps (default: the last two)");
  diff->add_option("sweeps", settings.sweeps, "SWEEP_A SWEEP_B")->expected(0, 2);
  diff->add_option("--site", settings.site,
                   "The last two sweeps of this site (default: of the newest sweep's site)");
  diff->add_flag("--json", settings.json, "Print JSON");
  add_database_option(*diff, settings.database);
  return diff;
}

int run_diff_command(const DiffCommandSettings& settings) {
  riskdb::Database database = open_inventory_to_read(settings.database);
  std::pair<std::int64_t, std::int64_t> pair;
  if (settings.sweeps.size() == 2) {
    pair = {settings.sweeps[0], settings.sweeps[1]};
  } else if (settings.sweeps.size() == 1) {
    throw UsageError("diff takes two sweep ids, or none for the last two sweeps");
  } else {
    const auto last_two = riskdb::default_diff_pair(database, settings.site);
    if (!last_two)
      throw UsageError(settings.site ? "diff needs two sweeps of site " + *settings.site +
                                           "; the database holds fewer"
                                     : "diff needs two sweeps of a site; the database holds fewer");
    pair = *last_two;
  }
  for (const auto id : {pair.first, pair.second})
    if (!riskdb::find_sweep(database, id))
      throw UsageError("no sweep " + std::to_string(id) + " in the database");
  const riskdb::SweepDiff diff = riskdb::diff_sweeps(database, pair.first, pair.second, true);
  const auto optional_json = [](const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  };
  const auto device_json = [&](const riskdb::DiffDevice& device) {
    return nlohmann::json{{"id", device.id},
                          {"label", device.label},
                          {"name", optional_json(device.name)},
                          {"address", optional_json(device.address)},
                          {"vendor", optional_json(device.vendor)},
                          {"model", optional_json(device.model)},
                          {"firmware", optional_json(device.firmware)}};
  };
  const auto finding_json = [&](const riskdb::DiffFinding& finding) {
    nlohmann::json item = device_json(finding.device);
    item["kind"] = finding.kind;
    item["severity"] = finding.severity;
    item["reference"] = finding.reference;
    item["module_index"] =
        finding.module_index ? nlohmann::json(*finding.module_index) : nlohmann::json(nullptr);
    return item;
  };
  if (settings.json) {
    nlohmann::json out{{"from", diff.from},
                       {"to", diff.to},
                       {"new", nlohmann::json::array()},
                       {"gone", nlohmann::json::array()},
                       {"changed", nlohmann::json::array()},
                       {"findings_compared", diff.findings_compared},
                       {"findings_opened", nlohmann::json::array()},
                       {"findings_closed", nlohmann::json::array()}};
    for (const auto& device : diff.added) out["new"].push_back(device_json(device));
    for (const auto& device : diff.gone) out["gone"].push_back(device_json(device));
    for (const auto& change : diff.changed) {
      nlohmann::json item = device_json(change.device);
      item["changes"] = change.changes;
      out["changed"].push_back(item);
    }
    for (const auto& finding : diff.opened) out["findings_opened"].push_back(finding_json(finding));
    for (const auto& finding : diff.closed) out["findings_closed"].push_back(finding_json(finding));
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return exit_ok;
  }
  std::cout << "sweep " << diff.from << " -> " << diff.to << ": new " << diff.added.size()
            << ", changed " << diff.changed.size() << ", gone " << diff.gone.size();
  if (diff.findings_compared)
    std::cout << "; findings opened " << diff.opened.size() << ", closed " << diff.closed.size()
              << '\n';
  else
    std::cout << "; findings not compared (a sweep was not judged: kensa judge --sweep N)\n";
  const std::vector<std::string> device_columns{"ID",     "NAME",  "ADDRESS",
                                                "VENDOR", "MODEL", "FIRMWARE"};
  const auto device_cells = [](const riskdb::DiffDevice& device) {
    return std::vector<std::optional<std::string>>{std::to_string(device.id),
                                                   device.name,
                                                   device.address,
                                                   device.vendor,
                                                   device.model,
                                                   device.firmware};
  };
  const auto devices = [&](const char* title, const std::vector<riskdb::DiffDevice>& list) {
    if (list.empty()) return;
    std::cout << '\n' << title << '\n';
    TextTable table(std::cout, device_columns);
    for (const auto& device : list) table.row(device_cells(device));
    table.finish();
  };
  devices("NEW", diff.added);
  devices("GONE", diff.gone);
  if (!diff.changed.empty()) {
    std::cout << "\nCHANGED\n";
    TextTable table(std::cout, device_columns);
    for (const auto& change : diff.changed) table.row(device_cells(change.device), change.changes);
    table.finish();
  }
  const auto findings = [&](const char* title, const std::vector<riskdb::DiffFinding>& list) {
    if (list.empty()) return;
    std::cout << '\n' << title << '\n';
    TextTable table(std::cout,
                    {"SEVERITY", "ID", "NAME", "ADDRESS", "KIND", "MODULE", "REFERENCE"});
    for (const auto& finding : list)
      table.row({finding.severity, std::to_string(finding.device.id), finding.device.name,
                 finding.device.address, finding.kind,
                 finding.module_index
                     ? std::optional<std::string>(std::to_string(*finding.module_index))
                     : std::nullopt,
                 finding.reference});
    table.finish();
  };
  findings("FINDINGS OPENED", diff.opened);
  findings("FINDINGS CLOSED", diff.closed);
  return exit_ok;
}

}  // namespace kensa::cli
