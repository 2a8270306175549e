#pragma once
// Judging a stored sweep: every observation of the sweep is judged, its
// findings replace the sweep's earlier findings, and screening statuses
// and each device's current risk are written back.
//
// Contract: one transaction; judging the same sweep again with the same
// data and policy gives the same rows. Findings about a device alone go to
// `findings`; vulnerabilities go once per software profile (the devices'
// shared CPE names) to `profile_findings`, linked from each observation. Devices whose latest sweep
// is a later one keep their current risk and screening status.
// Every judgement is also recorded in `judgements`, the first (by the
// sweep) and each later one (kensa judge), with the policy's source and
// digest, the datasets current at the time and the summary's counts; the
// findings tables hold the latest judgement's findings.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "riskdb/risk_judge.hpp"

namespace kensa::riskdb {

struct SweepJudgementSummary {
  std::int64_t devices = 0;
  std::map<Severity, std::int64_t> findings_by_severity;
  std::map<FindingKind, std::int64_t> findings_by_kind;
  std::map<std::string, std::int64_t> screening;  // status -> devices
  std::int64_t undetermined_vulnerabilities = 0;
};

SweepJudgementSummary judge_sweep(Database& database, std::int64_t sweep_id, RiskJudge& judge);

struct JudgementRecord {
  std::int64_t id = 0;
  std::int64_t sweep_id = 0;
  std::string judged_at;
  std::string policy_source, policy_sha256;
  std::string datasets_json;  // as stored
  std::string summary_json;
};

// A sweep's judgements, oldest first.
[[nodiscard]] std::vector<JudgementRecord> judgements_of(const Database& database,
                                                         std::int64_t sweep_id);
// The judgements a received sweep's site made of it, oldest first (none
// for a sweep made here; riskdb/sweep_content.hpp keeps them).
[[nodiscard]] std::vector<JudgementRecord> site_judgements_of(const Database& database,
                                                              std::int64_t sweep_id);

}  // namespace kensa::riskdb
