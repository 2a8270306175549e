#pragma once
// Triage: what the operator decided about a finding, kept across sweeps.
//
// A decision names the finding by what stays the same from one sweep to the
// next: the device's identity (serial, chassis MAC, ...), the finding's kind
// and reference, and its subject (the device, or "module N"). It carries
// one of CycloneDX's analysis states, for not_affected a justification from
// CycloneDX's list, a reason, who decided and when. Decisions are never
// changed or deleted; the newest for a finding is in force.
//
// Contract: record_triage validates the state, the justification (required
// for not_affected, refused for other states) and a non-empty reason and
// decider, throws std::invalid_argument naming what is wrong, and appends
// one row. TriageBook::load reads the decisions in force once; find() is
// then a lookup.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "riskdb/database.hpp"

namespace kensa::riskdb {

[[nodiscard]] const std::vector<std::string>& triage_states();
[[nodiscard]] const std::vector<std::string>& triage_justifications();

struct TriageDecision {
  std::int64_t id = 0;  // the row's, in the order decisions were made; 0 before recording
  std::string identity_kind, identity_key;
  std::string kind, reference, subject;
  std::string state;
  std::optional<std::string> justification;
  std::string reason, decided_by, decided_at;
};

// "" for a finding about the device, "module N" for one about its module N.
[[nodiscard]] std::string triage_subject(std::optional<std::int64_t> module_index);

// "not_affected (requires_configuration): REASON; by WHO at WHEN".
[[nodiscard]] std::string describe_decision(const TriageDecision& decision);

// decided_at is set to now when empty.
void record_triage(Database& database, TriageDecision decision);

// The findings of a sweep by the triage state in force for each
// ("untriaged" for the rest).
[[nodiscard]] std::map<std::string, std::int64_t> triage_counts(const Database& database,
                                                                std::int64_t sweep);

class TriageBook {
 public:
  [[nodiscard]] static TriageBook load(const Database& database);
  [[nodiscard]] const TriageDecision* find(const std::string& identity_kind,
                                           const std::string& identity_key, const std::string& kind,
                                           const std::string& reference,
                                           std::optional<std::int64_t> module_index) const;
  // Every decision in force for one device, by kind, reference and subject.
  [[nodiscard]] std::vector<const TriageDecision*> of_device(const std::string& identity_kind,
                                                             const std::string& identity_key) const;
  [[nodiscard]] bool empty() const { return decisions_.empty(); }

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  std::map<Key, TriageDecision> decisions_;
};

}  // namespace kensa::riskdb
