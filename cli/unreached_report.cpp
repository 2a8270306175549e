#include "cli/unreached_report.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/export_coverage.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/sweep_targets.hpp"
#include "riskdb/sweeps.hpp"

namespace kensa::cli {
namespace {

std::string shown(const std::optional<std::string>& value) {
  return value ? escape_for_terminal(*value) : "-";
}

}  // namespace

int print_unreached(const riskdb::Database& database, std::optional<std::int64_t> sweep,
                    bool json) {
  if (!sweep) sweep = riskdb::latest_sweep(database);
  if (!sweep) throw UsageError("the database holds no sweep");
  if (!riskdb::find_sweep(database, *sweep))
    throw UsageError("no sweep " + std::to_string(*sweep) + " in the database");
  const auto unreached = riskdb::sweep_targets(database, *sweep, true);
  const auto not_rechecked = riskdb::devices_not_rechecked(database, *sweep);
  if (json) {
    nlohmann::json targets = nlohmann::json::array(), devices = nlohmann::json::array();
    for (const auto& target : unreached) targets.push_back(target_outcome_json(target));
    for (const auto& device : not_rechecked) devices.push_back(not_rechecked_json(device));
    std::cout << nlohmann::json{{"sweep", *sweep},
                                {"outcomes", riskdb::outcome_counts(database, *sweep)},
                                {"unreached", targets},
                                {"not_rechecked", devices}}
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << '\n';
  } else {
    std::cout << "sweep " << *sweep << ": " << unreached.size() << " target(s) not answering, "
              << not_rechecked.size() << " known device(s) not re-checked\n";
    if (!unreached.empty()) std::cout << "\nTARGET\tOUTCOME\tDETAIL\tMESSAGE\n";
    for (const auto& target : unreached)
      std::cout << escape_for_terminal(target.target) << '\t' << target.outcome << '\t'
                << target.detail << '\t' << escape_for_terminal(target.message) << '\n';
    if (!not_rechecked.empty())
      std::cout << "\nID\tADDRESS\tVENDOR\tMODEL\tSERIAL\tNAME\tRISK\tSCREENING\tNOT RE-CHECKED "
                   "SINCE\tTHIS SWEEP\n";
    for (const auto& device : not_rechecked)
      std::cout << device.device_id << '\t' << shown(device.address) << '\t' << shown(device.vendor)
                << '\t' << shown(device.model) << '\t' << shown(device.serial) << '\t'
                << shown(device.sys_name) << '\t' << shown(device.risk) << '\t'
                << shown(device.screening_status) << '\t' << device.last_checked_at << " (sweep "
                << device.last_checked_sweep << ")\t"
                << device.outcome_here.value_or("not a target") << '\n';
  }
  return unreached.empty() && not_rechecked.empty() ? exit_ok : exit_findings;
}

}  // namespace kensa::cli
