#pragma once
// What changed between two sweeps: devices new, gone, and changed
// (firmware, serial, model, vendor, OS, address, screening status, modules
// added or removed by serial), and the findings opened and closed.
//
// Contract: diff_sweeps compares the observations of sweep `from` with
// those of sweep `to`; a device seen only as a neighbour counts like any
// other. With compare_findings, the findings opened and closed are listed
// too: a finding is the same in both sweeps when its device, kind,
// reference and module are, and findings are compared only when both
// sweeps were judged (findings_compared says whether they were); this reads
// every finding of both sweeps, so the sweep summary does without it.
// default_diff_pair gives the last two sweeps, preferring complete
// ones; nullopt when there are fewer than two.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "riskdb/database.hpp"

namespace kensa::riskdb {

struct DiffDevice {
  std::int64_t id = 0;
  std::string label;  // sysName, else address, else the identity key
  std::optional<std::string> vendor, model, firmware;
  std::optional<std::string> name, address;  // sysName and address, as observed
};

struct DiffFinding {
  DiffDevice device;
  std::string kind, severity, reference;
  std::optional<std::int64_t> module_index;
};

struct DiffChange {
  DiffDevice device;
  std::vector<std::string>
      changes;  // "firmware 17.9.4 -> 17.12.4", "module added: SFP-10G-SR FNS1234"
};

struct SweepDiff {
  std::int64_t from = 0, to = 0;
  std::vector<DiffDevice> added, gone;
  std::vector<DiffChange> changed;
  bool findings_compared = false;
  std::vector<DiffFinding> opened, closed;  // most severe first
};

[[nodiscard]] SweepDiff diff_sweeps(const Database& database, std::int64_t from, std::int64_t to,
                                    bool compare_findings = false);
// The newest complete sweep (of `site`, when given) and the one before it
// at the same site; failing that, the same of sweeps of any status.
[[nodiscard]] std::optional<std::pair<std::int64_t, std::int64_t>> default_diff_pair(
    const Database& database, const std::optional<std::string>& site = std::nullopt);
// The latest complete sweep of the same site before `sweep`, to say what a
// sweep changed.
[[nodiscard]] std::optional<std::int64_t> previous_complete_sweep(const Database& database,
                                                                  std::int64_t sweep);

}  // namespace kensa::riskdb
