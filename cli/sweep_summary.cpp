#include "cli/sweep_summary.hpp"

#include "cli/untrusted_text.hpp"

namespace kensa::cli {

nlohmann::json counters_json(const scanner::EngineCounters& counters) {
  return {{"requests", counters.requests},
          {"retries", counters.retries},
          {"timeouts", counters.timeouts},
          {"replies", counters.replies},
          {"bytes_sent", counters.bytes_sent},
          {"bytes_received", counters.bytes_received},
          {"send_errors", counters.send_errors},
          {"dropped_malformed", counters.dropped_malformed},
          {"dropped_security", counters.dropped_security},
          {"dropped_oversized", counters.dropped_oversized},
          {"dropped_not_a_reply", counters.dropped_not_a_reply},
          {"dropped_unknown_request", counters.dropped_unknown_request},
          {"dropped_wrong_source", counters.dropped_wrong_source}};
}

nlohmann::json crawl_json(const scanner::CrawlCounters& crawl) {
  return {{"added", crawl.added},
          {"out_of_scope", crawl.out_of_scope},
          {"beyond_max_hops", crawl.beyond_max_hops},
          {"already_known", crawl.already_known},
          {"without_address", crawl.without_address}};
}

nlohmann::json SweepSummary::json() const {
  nlohmann::json changes_json{{"since", nullptr}};
  if (changes)
    changes_json = {{"since", changes->since},
                    {"new", changes->added},
                    {"changed", changes->changed},
                    {"gone", changes->gone}};
  nlohmann::json missing_json = nlohmann::json::array();
  for (const auto& dataset : datasets_missing)
    missing_json.push_back({{"kind", dataset.kind}, {"leaves_out", dataset.leaves_out}});
  return {{"sweep", sweep},
          {"status", status},
          {"targets", targets},
          {"crawl", crawl_json(crawl)},
          {"addresses_probed", addresses_probed},
          {"addresses_answering", addresses_answering},
          {"devices_found", devices_found},
          {"devices_identified", devices_identified},
          {"neighbor_only", neighbor_only},
          {"by_vendor", by_vendor},
          {"findings", findings},
          {"triage", triage},
          {"screening", screening},
          {"changes", changes_json},
          {"datasets_missing", missing_json},
          {"outcomes", outcomes},
          {"not_rechecked", not_rechecked},
          {"counters", counters_json(counters)}};
}

void SweepSummary::print(std::ostream& out) const {
  out << "sweep " << sweep << ": " << status << '\n'
      << "  addresses probed " << addresses_probed << ", answering " << addresses_answering << '\n';
  // Every outcome a target had, so that what was not reached is counted by why.
  std::string by_outcome;
  for (const auto& [outcome, count] : outcomes)
    if (count > 0)
      by_outcome += (by_outcome.empty() ? "" : ", ") + outcome + " " + std::to_string(count);
  if (!by_outcome.empty()) out << "  targets: " << by_outcome << '\n';
  if (not_rechecked > 0)
    out << "  NOT RE-CHECKED: " << not_rechecked
        << " device(s) known from earlier sweeps were not reached (kensa inventory --unreached)\n";
  out << "  devices found " << devices_found << " (identified " << devices_identified
      << ", seen only as neighbours " << neighbor_only << ")\n";
  out << "  by vendor:";
  for (const auto& [vendor, count] : by_vendor)
    out << ' ' << escape_for_terminal(vendor) << ' ' << count << ';';
  out << "\n  findings:";
  for (const char* severity : {"critical", "high", "medium", "low", "info"}) {
    const auto found = findings.find(severity);
    out << ' ' << severity << ' ' << (found == findings.end() ? 0 : found->second);
  }
  out << "\n  screening:";
  for (const auto& [screening_status, count] : screening)
    out << ' ' << screening_status << ' ' << count;
  if (triage.size() > 1 || (triage.size() == 1 && !triage.contains("untriaged"))) {
    out << "\n  triage:";
    for (const auto& [state, count] : triage) out << ' ' << state << ' ' << count;
  }
  if (!changes)
    out << "\n  changes: first complete sweep of these devices\n";
  else
    out << "\n  since sweep " << changes->since << ": new " << changes->added << ", changed "
        << changes->changed << ", gone " << changes->gone << '\n';
  if (!datasets_missing.empty())
    out << "  NOT JUDGED BY: " << riskdb::describe_missing(datasets_missing)
        << ", no dataset loaded (kensa feeds fetch)\n";
  out << "  engine: requests " << counters.requests << ", retries " << counters.retries
      << ", timeouts " << counters.timeouts << ", replies " << counters.replies << '\n';
}

}  // namespace kensa::cli
