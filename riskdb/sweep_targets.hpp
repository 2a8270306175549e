#pragma once
// What a sweep did with each target, and which devices it did not reach:
// an auditor reads what a sweep did not cover as closely as what it found.
//
// Contract:
// - A sweep stores one TargetOutcome per target it visited (given, or
//   found through a neighbour), answered or not; SweepWriter::record_target
//   writes them in the sweep's batches.
// - `outcome` is one of outcome_names(): answered, silent, refused,
//   malformed, oversized, not_resolved, out_of_scope, interrupted, error;
//   `detail` is the precise reason (the poll status: unknown_user,
//   wrong_auth_password, ...), `message` the operator's sentence.
// - devices_not_rechecked lists the devices observed in an earlier sweep
//   and not in this one, each with the last sweep that observed it and
//   what this sweep's visit of its last address gave (if it visited it).
// Output is deterministic: targets in the order they were recorded,
// devices in id order.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "riskdb/database.hpp"

namespace kensa::riskdb {

struct TargetOutcome {
  std::string target;  // as the sweep addressed it: "192.0.2.1:161", "switch.example:161"
  std::string outcome;
  std::string detail;
  std::string message;
  std::optional<std::string> credential;    // the profile that answered
  std::optional<std::string> snmp_version;  // "2c", "3"
  std::int64_t attempts = 0;                // credential profiles tried
  std::int64_t hop = 0;                     // 0: given; else found through a neighbour
  std::optional<std::string> found_via;
  std::optional<std::int64_t> device_id;
};

[[nodiscard]] std::span<const std::string_view> outcome_names();

[[nodiscard]] std::vector<TargetOutcome> sweep_targets(const Database& database,
                                                       std::int64_t sweep_id,
                                                       bool unreached_only = false);
// Targets by outcome; every outcome name is present.
[[nodiscard]] std::map<std::string, std::int64_t> outcome_counts(const Database& database,
                                                                 std::int64_t sweep_id);

struct NotRechecked {
  std::int64_t device_id = 0;
  std::optional<std::string> vendor, model, serial, firmware, sys_name, address, risk,
      screening_status;
  std::int64_t last_checked_sweep = 0;  // the latest earlier sweep that observed it
  std::string last_checked_at;
  std::optional<std::string> outcome_here;  // what this sweep's visit of its address gave
};

[[nodiscard]] std::vector<NotRechecked> devices_not_rechecked(const Database& database,
                                                              std::int64_t sweep_id);

}  // namespace kensa::riskdb
