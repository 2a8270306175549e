#pragma once
// What a finished sweep reports: printed for the operator, or as JSON for
// scripts (`kensa sweep --json`).
//
// Contract: json() has the keys sweep, status, targets, crawl,
// addresses_probed, addresses_answering, devices_found, devices_identified,
// neighbor_only, by_vendor, findings (by severity name), screening (by
// status), triage (findings by the triage state in force), changes ({since: null} on a first sweep,
// else since, new, changed, gone), outcomes (targets by outcome), not_rechecked (devices known from
// earlier sweeps this one did not observe), datasets_missing ([{kind, leaves_out}]: what the
// judgement could not see) and counters (the engine's). print() writes the same in lines, device
// strings escaped for the terminal.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>

#include "riskdb/dataset_coverage.hpp"
#include "scanner/network_sweep.hpp"

namespace kensa::cli {

struct SweepChanges {
  std::int64_t since = 0;  // the previous complete sweep
  std::size_t added = 0, changed = 0, gone = 0;
};

struct SweepSummary {
  std::int64_t sweep = 0;
  std::string status;
  std::size_t targets = 0;
  scanner::CrawlCounters crawl;
  std::size_t addresses_probed = 0;
  std::size_t addresses_answering = 0;
  std::int64_t devices_found = 0;
  std::int64_t devices_identified = 0;
  std::int64_t neighbor_only = 0;
  std::map<std::string, std::int64_t> by_vendor;
  std::map<std::string, std::int64_t> findings;  // by severity name
  std::map<std::string, std::int64_t> screening;
  std::map<std::string, std::int64_t> triage;  // findings by triage state, "untriaged" included
  std::optional<SweepChanges> changes;         // none on the first complete sweep
  std::vector<riskdb::MissingDataset> datasets_missing;
  std::map<std::string, std::int64_t> outcomes;  // targets by outcome (riskdb::outcome_names)
  std::int64_t not_rechecked = 0;  // devices known before that this sweep did not observe
  scanner::EngineCounters counters;

  [[nodiscard]] nlohmann::json json() const;
  void print(std::ostream& out) const;
};

[[nodiscard]] nlohmann::json counters_json(const scanner::EngineCounters& counters);
[[nodiscard]] nlohmann::json crawl_json(const scanner::CrawlCounters& crawl);

}  // namespace kensa::cli
