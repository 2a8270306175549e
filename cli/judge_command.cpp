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
#include "riskdb/sweep_content.hpp"
#include "riskdb/sweep_judgement.hpp"
#include "riskdb/sweeps.hpp"

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
  judge->add_flag("--every-site", settings.every_site,
                  "The latest complete sweep of every site (a central inventory's judgement)");
  judge->add_option("--policy", settings.policy, "Policy file (default: the built-in policy.toml)");
  judge->add_flag("--json", settings.json, "Print JSON");
  add_database_option(*judge, settings.database);
  return judge;
}

namespace {

// Judges one sweep and prints what changed; returns its --json object.
nlohmann::json judge_one(riskdb::Database& database, std::int64_t sweep_id,
                         riskdb::RiskJudge& judge, bool json) {
  const auto earlier = riskdb::judgements_of(database, sweep_id);
  riskdb::judge_sweep(database, sweep_id, judge);
  const auto all = riskdb::judgements_of(database, sweep_id);
  const riskdb::JudgementRecord& latest = all.back();
  const nlohmann::json after = nlohmann::json::parse(latest.summary_json);
  const nlohmann::json before = earlier.empty()
                                    ? nlohmann::json(nullptr)
                                    : nlohmann::json::parse(earlier.back().summary_json);
  const std::optional<riskdb::Sweep> sweep = riskdb::find_sweep(database, sweep_id);
  if (json)
    return {{"sweep", sweep_id},
            {"site", sweep && sweep->site ? nlohmann::json(*sweep->site) : nlohmann::json()},
            {"judgement", latest.id},
            {"judged_at", latest.judged_at},
            {"policy", {{"source", latest.policy_source}, {"sha256", latest.policy_sha256}}},
            {"datasets", nlohmann::json::parse(latest.datasets_json)},
            {"before", before},
            {"after", after}};
  std::cout << "sweep " << sweep_id;
  if (sweep && sweep->site) std::cout << " (site " << escape_for_terminal(*sweep->site) << ")";
  std::cout << " judged again (judgement " << all.size() << " of it, " << latest.judged_at
            << "), nothing polled\n"
            << "  policy " << escape_for_terminal(latest.policy_source) << " (sha256 "
            << latest.policy_sha256 << ")\n";
  const nlohmann::json empty = nlohmann::json::object();
  print_change(std::cout, "findings", before.is_null() ? empty : before["findings"],
               after["findings"]);
  print_change(std::cout, "screening", before.is_null() ? empty : before["screening"],
               after["screening"]);
  // A sweep sent from its site: what the site's own judgement found, beside.
  const auto at_site = riskdb::site_judgements_of(database, sweep_id);
  if (!at_site.empty()) {
    const nlohmann::json site_summary = nlohmann::json::parse(at_site.back().summary_json);
    std::cout << "  its site judged it " << escape_for_terminal(at_site.back().judged_at)
              << "; what the site found, and what was found here:\n";
    print_change(std::cout, "findings", site_summary.value("findings", empty), after["findings"]);
  }
  return nullptr;
}

}  // namespace

int run_judge_command(const JudgeCommandSettings& settings) {
  if (settings.every_site && (settings.sweep || settings.site))
    throw UsageError(
        "--every-site judges the latest complete sweep of each site: give it "
        "without --sweep or --site");
  riskdb::Policy policy;
  try {
    policy = riskdb::load_policy(settings.policy.value_or(riskdb::risk_data_file("policy.toml")));
  } catch (const std::exception& error) {
    throw UsageError(std::string("policy: ") + error.what());
  }
  riskdb::Database database = open_inventory(settings.database);
  std::vector<std::int64_t> sweeps;
  if (settings.every_site) {
    sweeps = riskdb::latest_sweep_of_each_site(database, "complete");
    if (sweeps.empty()) throw UsageError("the database holds no complete sweep to judge");
  } else {
    const auto chosen =
        settings.sweep ? settings.sweep : riskdb::latest_sweep(database, "complete", settings.site);
    if (!chosen)
      throw UsageError(settings.site ? "the database holds no complete sweep of site " +
                                           *settings.site + " to judge"
                                     : "the database holds no complete sweep to judge");
    if (!riskdb::find_sweep(database, *chosen))
      throw UsageError("no sweep " + std::to_string(*chosen) + " in the database");
    sweeps.push_back(*chosen);
  }
  // One judge for every sweep: the feeds are read once.
  riskdb::RiskJudge judge(database, policy, riskdb::utc_today());
  nlohmann::json judged = nlohmann::json::array();
  for (const std::int64_t sweep_id : sweeps)
    judged.push_back(judge_one(database, sweep_id, judge, settings.json));
  const auto missing = riskdb::missing_datasets(database);
  if (settings.json) {
    nlohmann::json missing_json = nlohmann::json::array();
    for (const auto& dataset : missing)
      missing_json.push_back({{"kind", dataset.kind}, {"leaves_out", dataset.leaves_out}});
    nlohmann::json out = settings.every_site ? nlohmann::json{{"sweeps", judged}} : judged[0];
    out["datasets_missing"] = missing_json;
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return exit_ok;
  }
  if (!missing.empty())
    std::cout << "  NOT JUDGED BY: " << riskdb::describe_missing(missing)
              << ", no dataset loaded (kensa feeds fetch)\n";
  return exit_ok;
}

}  // namespace kensa::cli
