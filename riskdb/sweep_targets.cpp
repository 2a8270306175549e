#include "riskdb/sweep_targets.hpp"

#include <array>

#include "riskdb/statement.hpp"

namespace kensa::riskdb {

std::span<const std::string_view> outcome_names() {
  static constexpr std::array<std::string_view, 9> names{
      "answered",     "silent",       "refused",     "malformed", "oversized",
      "not_resolved", "out_of_scope", "interrupted", "error"};
  return names;
}

std::vector<TargetOutcome> sweep_targets(const Database& database, std::int64_t sweep_id,
                                         bool unreached_only) {
  Statement query(database,
                  std::string("SELECT target, outcome, detail, message, credential, snmp_version, "
                              "attempts, hop, found_via, device_id FROM sweep_targets "
                              "WHERE sweep_id = ?1") +
                      (unreached_only ? " AND outcome <> 'answered'" : "") + " ORDER BY id");
  query.bind(1, sweep_id);
  std::vector<TargetOutcome> targets;
  while (query.step()) {
    TargetOutcome target;
    target.target = query.text(0);
    target.outcome = query.text(1);
    target.detail = query.text(2);
    target.message = query.text(3);
    target.credential = query.optional_text(4);
    target.snmp_version = query.optional_text(5);
    target.attempts = query.integer(6);
    target.hop = query.integer(7);
    target.found_via = query.optional_text(8);
    if (!query.is_null(9)) target.device_id = query.integer(9);
    targets.push_back(std::move(target));
  }
  return targets;
}

std::map<std::string, std::int64_t> outcome_counts(const Database& database,
                                                   std::int64_t sweep_id) {
  std::map<std::string, std::int64_t> counts;
  for (const std::string_view name : outcome_names()) counts[std::string(name)] = 0;
  Statement query(
      database, "SELECT outcome, count(*) FROM sweep_targets WHERE sweep_id = ?1 GROUP BY outcome");
  query.bind(1, sweep_id);
  while (query.step()) counts[query.text(0)] = query.integer(1);
  return counts;
}

std::vector<NotRechecked> devices_not_rechecked(const Database& database, std::int64_t sweep_id) {
  Statement query(
      database,
      "SELECT d.id, o.vendor, o.model, o.serial, o.firmware, o.sys_name, o.address, o.risk, "
      "o.screening_status, o.sweep_id, o.observed_at, "
      "(SELECT t.outcome FROM sweep_targets t WHERE t.sweep_id = ?1 AND t.target = o.address "
      " ORDER BY t.id LIMIT 1) "
      "FROM devices d JOIN observations o ON o.device_id = d.id AND o.sweep_id = "
      "(SELECT max(sweep_id) FROM observations WHERE device_id = d.id AND sweep_id < ?1) "
      "WHERE NOT EXISTS (SELECT 1 FROM observations x WHERE x.device_id = d.id AND x.sweep_id = "
      "?1) "
      "ORDER BY d.id");
  query.bind(1, sweep_id);
  std::vector<NotRechecked> devices;
  while (query.step()) {
    NotRechecked device;
    device.device_id = query.integer(0);
    device.vendor = query.optional_text(1);
    device.model = query.optional_text(2);
    device.serial = query.optional_text(3);
    device.firmware = query.optional_text(4);
    device.sys_name = query.optional_text(5);
    device.address = query.optional_text(6);
    device.risk = query.optional_text(7);
    device.screening_status = query.optional_text(8);
    device.last_checked_sweep = query.integer(9);
    device.last_checked_at = query.text(10);
    device.outcome_here = query.optional_text(11);
    devices.push_back(std::move(device));
  }
  return devices;
}

}  // namespace kensa::riskdb
