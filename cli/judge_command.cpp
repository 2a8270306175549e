#include "cli/judge_command.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <map>

#include "cli/exit_codes.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/data_files.hpp"
#include "riskdb/dataset_coverage.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/policy.hpp"
#include "riskdb/risk_judge.hpp"
#include "riskdb/sweep_judgement.hpp"

namespace kensa::cli {
namespace {

// "critical 2 -> 3" for each severity and screening status either judgement counts.
void print_change(std::ostream& out, const char* what, const nlohmann::json& before,
                  const nlohmann::json& after) {
  out << "  " << what << ':';
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> counts;
  for (const auto& [key, value] : before.items()) counts[key].first = value.get<std::int64_t>();
  for (const auto& [key, value] : after.items()) counts[key].second = value.get<std::int64_t>();
  if (counts.empty()) out << " none";
  for (const auto& [key, pair] : counts) {
    out << ' ' << escape_for_terminal(key) << ' ' << pair.first;
    if (pair.first != pair.second) out << " -> " << pair.second;
  }
  out << '\n';
}

}  // namespace

CLI::App* add_judge_command(CLI::App& app, JudgeCommandSettings& settings) {
  CLI::App* judge = app.add_subcommand(
      "judge", "Judge a stored sweep again by today's feeds, register and policy, without polling");
  judge->add_option("--sweep", settings.sweep, "The sweep (default: the latest complete one)");
  judge->add_option("--site", settings.site, "The latest complete sweep of this site");
  judge->add_option("--policy", settings.policy, "Policy file (default: the built-in policy.toml)");
  judge->add_flag("--json", settings.json, "Print JSON");
  add_database_option(*judge, settings.database);
  return judge;
}

int run_judge_command(const JudgeCommandSettings& settings) {
  riskdb::Policy policy;
  try {
    policy = riskdb::load_policy(settings.policy.value_or(riskdb::risk_data_file("policy.toml")));
  } catch (const std::exception& error) {
    throw UsageError(std::string("policy: ") + error.what());
  }
  riskdb::Database database = open_inventory(settings.database);
  const auto chosen =
      settings.sweep ? settings.sweep : riskdb::latest_sweep(database, "complete", settings.site);
  if (!chosen)
    throw UsageError(settings.site ? "the database holds no complete sweep of site " +
                                         *settings.site + " to judge"
                                   : "the database holds no complete sweep to judge");
  const std::int64_t sweep_id = *chosen;
  if (!riskdb::find_sweep(database, sweep_id))
    throw UsageError("no sweep " + std::to_string(sweep_id) + " in the database");
  const auto earlier = riskdb::judgements_of(database, sweep_id);
  riskdb::RiskJudge judge(database, policy, riskdb::utc_today());
  riskdb::judge_sweep(database, sweep_id, judge);
  const auto all = riskdb::judgements_of(database, sweep_id);
  const riskdb::JudgementRecord& latest = all.back();
  const nlohmann::json after = nlohmann::json::parse(latest.summary_json);
  const nlohmann::json before = earlier.empty()
                                    ? nlohmann::json(nullptr)
                                    : nlohmann::json::parse(earlier.back().summary_json);
  const auto missing = riskdb::missing_datasets(database);
  if (settings.json) {
    nlohmann::json missing_json = nlohmann::json::array();
    for (const auto& dataset : missing)
      missing_json.push_back({{"kind", dataset.kind}, {"leaves_out", dataset.leaves_out}});
    std::cout << nlohmann::json{{"sweep", sweep_id},
                                {"judgement", latest.id},
                                {"judged_at", latest.judged_at},
                                {"policy",
                                 {{"source", latest.policy_source},
                                  {"sha256", latest.policy_sha256}}},
                                {"datasets", nlohmann::json::parse(latest.datasets_json)},
                                {"before", before},
                                {"after", after},
                                {"datasets_missing", missing_json}}
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << '\n';
    return exit_ok;
  }
  std::cout << "sweep " << sweep_id << " judged again (judgement " << all.size() << " of it, "
            << latest.judged_at << "), nothing polled\n"
            << "  policy " << escape_for_terminal(latest.policy_source) << " (sha256 "
            << latest.policy_sha256 << ")\n";
  const nlohmann::json empty = nlohmann::json::object();
  print_change(std::cout, "findings", before.is_null() ? empty : before["findings"],
               after["findings"]);
  print_change(std::cout, "screening", before.is_null() ? empty : before["screening"],
               after["screening"]);
  if (!missing.empty())
    std::cout << "  NOT JUDGED BY: " << riskdb::describe_missing(missing)
              << ", no dataset loaded (kensa feeds fetch)\n";
  return exit_ok;
}

}  // namespace kensa::cli
