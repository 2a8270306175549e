#include "cli/diff_command.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/sweep_diff.hpp"

namespace kensa::cli {

CLI::App* add_diff_command(CLI::App& app, DiffCommandSettings& settings) {
  CLI::App* diff = app.add_subcommand(
      "diff", "Devices new, gone and changed between two sweeps (default: the last two)");
  diff->add_option("sweeps", settings.sweeps, "SWEEP_A SWEEP_B")->expected(0, 2);
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
    const auto last_two = riskdb::default_diff_pair(database);
    if (!last_two) throw UsageError("diff needs two sweeps; the database holds fewer");
    pair = *last_two;
  }
  for (const auto id : {pair.first, pair.second})
    if (!riskdb::find_sweep(database, id))
      throw UsageError("no sweep " + std::to_string(id) + " in the database");
  const riskdb::SweepDiff diff = riskdb::diff_sweeps(database, pair.first, pair.second);
  const auto device_json = [](const riskdb::DiffDevice& device) {
    return nlohmann::json{
        {"id", device.id},
        {"label", device.label},
        {"vendor", device.vendor ? nlohmann::json(*device.vendor) : nullptr},
        {"model", device.model ? nlohmann::json(*device.model) : nullptr},
        {"firmware", device.firmware ? nlohmann::json(*device.firmware) : nullptr}};
  };
  if (settings.json) {
    nlohmann::json out{{"from", diff.from},
                       {"to", diff.to},
                       {"new", nlohmann::json::array()},
                       {"gone", nlohmann::json::array()},
                       {"changed", nlohmann::json::array()}};
    for (const auto& device : diff.added) out["new"].push_back(device_json(device));
    for (const auto& device : diff.gone) out["gone"].push_back(device_json(device));
    for (const auto& change : diff.changed) {
      nlohmann::json item = device_json(change.device);
      item["changes"] = change.changes;
      out["changed"].push_back(item);
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return exit_ok;
  }
  const auto line = [](const riskdb::DiffDevice& device) {
    return escape_for_terminal(device.label) + " (" +
           escape_for_terminal(device.vendor.value_or("?")) + " " +
           escape_for_terminal(device.model.value_or("?")) + ")";
  };
  std::cout << "sweep " << diff.from << " -> " << diff.to << ": new " << diff.added.size()
            << ", changed " << diff.changed.size() << ", gone " << diff.gone.size() << '\n';
  for (const auto& device : diff.added) std::cout << "  + " << line(device) << '\n';
  for (const auto& device : diff.gone) std::cout << "  - " << line(device) << '\n';
  for (const auto& change : diff.changed) {
    std::cout << "  ~ " << line(change.device) << '\n';
    for (const auto& text : change.changes)
      std::cout << "      " << escape_for_terminal(text) << '\n';
  }
  return exit_ok;
}

}  // namespace kensa::cli
