#include "riskdb/triage.hpp"

#include <algorithm>
#include <stdexcept>

#include "riskdb/datasets.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {

namespace {

bool one_of(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

const std::vector<std::string>& triage_states() {
  static const std::vector<std::string> states{"in_triage", "not_affected", "exploitable",
                                               "resolved", "false_positive"};
  return states;
}

const std::vector<std::string>& triage_justifications() {
  static const std::vector<std::string> justifications{
      "code_not_present",     "code_not_reachable",     "requires_configuration",
      "requires_dependency",  "requires_environment",   "protected_by_compiler",
      "protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control"};
  return justifications;
}

std::string triage_subject(std::optional<std::int64_t> module_index) {
  return module_index ? "module " + std::to_string(*module_index) : "";
}

std::string describe_decision(const TriageDecision& decision) {
  return decision.state + (decision.justification ? " (" + *decision.justification + ")" : "") +
         ": " + decision.reason + "; by " + decision.decided_by + " at " + decision.decided_at;
}

void record_triage(Database& database, TriageDecision decision) {
  if (!one_of(triage_states(), decision.state))
    throw std::invalid_argument("state " + decision.state + ": not one of " +
                                listed(triage_states()));
  if (decision.state == "not_affected" && !decision.justification)
    throw std::invalid_argument("not_affected needs a justification: one of " +
                                listed(triage_justifications()));
  if (decision.justification && decision.state != "not_affected")
    throw std::invalid_argument("a justification explains not_affected only, not " +
                                decision.state);
  if (decision.justification && !one_of(triage_justifications(), *decision.justification))
    throw std::invalid_argument("justification " + *decision.justification + ": not one of " +
                                listed(triage_justifications()));
  if (decision.reason.empty()) throw std::invalid_argument("a decision needs a reason");
  if (decision.decided_by.empty()) throw std::invalid_argument("a decision needs who made it");
  if (decision.decided_at.empty()) decision.decided_at = utc_now();
  Statement insert(database,
                   "INSERT INTO triage(identity_kind, identity_key, kind, reference, subject, "
                   "state, justification, reason, decided_by, decided_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  insert.bind(1, decision.identity_kind)
      .bind(2, decision.identity_key)
      .bind(3, decision.kind)
      .bind(4, decision.reference)
      .bind(5, decision.subject)
      .bind(6, decision.state)
      .bind(7, decision.justification)
      .bind(8, decision.reason)
      .bind(9, decision.decided_by)
      .bind(10, decision.decided_at)
      .run();
}

std::map<std::string, std::int64_t> triage_counts(const Database& database, std::int64_t sweep) {
  const TriageBook book = TriageBook::load(database);
  std::map<std::string, std::int64_t> counts;
  if (book.empty()) {  // nothing triaged: count without reading every finding
    Statement count(database,
                    "SELECT (SELECT count(*) FROM findings WHERE sweep_id = ?1) + (SELECT "
                    "count(*) FROM profile_findings x JOIN observations o ON o.profile_id = "
                    "x.profile_id WHERE o.sweep_id = ?1)");
    count.bind(1, sweep);
    if (count.step() && count.integer(0) > 0) counts["untriaged"] = count.integer(0);
    return counts;
  }
  FindingFilter filter;
  filter.sweep_id = sweep;
  visit_findings(database, filter, [&](const FindingRow& row) {
    const TriageDecision* decision =
        book.find(row.identity_kind, row.identity_key, row.kind, row.reference, row.module_index);
    ++counts[decision ? decision->state : "untriaged"];
  });
  return counts;
}

TriageBook TriageBook::load(const Database& database) {
  TriageBook book;
  Statement query(database,
                  "SELECT identity_kind, identity_key, kind, reference, subject, state, "
                  "justification, reason, decided_by, decided_at, id FROM triage ORDER BY id");
  while (query.step()) {
    TriageDecision decision{query.integer(10), query.text(0), query.text(1), query.text(2),
                            query.text(3),     query.text(4), query.text(5), query.optional_text(6),
                            query.text(7),     query.text(8), query.text(9)};
    Key key{decision.identity_kind, decision.identity_key, decision.kind, decision.reference,
            decision.subject};
    book.decisions_[std::move(key)] = std::move(decision);  // the newest wins
  }
  return book;
}

const TriageDecision* TriageBook::find(const std::string& identity_kind,
                                       const std::string& identity_key, const std::string& kind,
                                       const std::string& reference,
                                       std::optional<std::int64_t> module_index) const {
  const auto found = decisions_.find(
      Key{identity_kind, identity_key, kind, reference, triage_subject(module_index)});
  return found == decisions_.end() ? nullptr : &found->second;
}

}  // namespace kensa::riskdb

namespace kensa::riskdb {

std::vector<const TriageDecision*> TriageBook::of_device(const std::string& identity_kind,
                                                         const std::string& identity_key) const {
  std::vector<const TriageDecision*> found;
  for (auto at = decisions_.lower_bound(Key{identity_kind, identity_key, "", "", ""});
       at != decisions_.end() && std::get<0>(at->first) == identity_kind &&
       std::get<1>(at->first) == identity_key;
       ++at)
    found.push_back(&at->second);
  return found;
}

}  // namespace kensa::riskdb
