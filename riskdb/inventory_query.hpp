#pragma once
// Reading the inventory back: devices with filters, one device's history,
// and findings.
//
// Contract: every filter left empty matches everything; model and firmware
// filters are case-insensitive globs (`*`, `?`); vendor is compared
// case-insensitively with the identified (canonical) vendor; subnet is a
// CIDR prefix (IPv4 or IPv6) matched against every address the device
// answered on; min_risk keeps devices whose current risk is at least that
// severity. A malformed subnet throws std::invalid_argument naming it.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/policy.hpp"

namespace kensa::riskdb {

struct InventoryFilter {
  std::optional<std::string> vendor, model, firmware, screening, subnet, seen_since;
  // Devices last seen by a sweep of this site (query_inventory); the
  // exports choose the site's sweep instead.
  std::optional<std::string> site;
  std::optional<Severity> min_risk;
  bool include_neighbor_only = true;
};

struct InventoryRow {
  std::int64_t id = 0;
  std::optional<std::string> vendor, os, model, firmware, serial, sys_name, location, chassis_mac,
      risk, screening;
  std::optional<std::string> site;  // of the sweep that saw it last
  std::vector<std::string> addresses;
  std::string first_seen_at, last_seen_at;
  std::int64_t first_sweep_id = 0, last_sweep_id = 0;
  bool neighbor_only = false;
};

[[nodiscard]] std::vector<InventoryRow> query_inventory(const Database& database,
                                                        const InventoryFilter& filter);

struct HistoryRow {
  std::int64_t sweep_id = 0;
  std::string observed_at;
  std::optional<std::string> address, vendor, os, model, firmware, serial, screening;
};

// Oldest first: when the device first appeared and when each field changed.
[[nodiscard]] std::vector<HistoryRow> device_history(const Database& database,
                                                     std::int64_t device_id);

struct FindingFilter {
  std::optional<std::int64_t> sweep_id;  // default: the latest judged sweep
  std::optional<Severity> min_severity;
  std::optional<std::string> kind, vendor;
  std::optional<std::int64_t> device_id;
};

struct FindingRow {
  std::int64_t sweep_id = 0, device_id = 0;
  std::optional<std::string> device_name, address, vendor, model, firmware;
  std::optional<std::int64_t> module_index;
  std::string kind, severity, reference, reason, evidence_json;
  std::optional<std::string> dataset;       // "kind version (loaded_at)"
  std::string identity_kind, identity_key;  // the device's, which triage keys on
};

// Calls `visit` for each finding, most severe first, without holding them
// all: a sweep of many devices on old firmware has millions. Returns the count.
std::size_t visit_findings(const Database& database, const FindingFilter& filter,
                           const std::function<void(const FindingRow&)>& visit);
[[nodiscard]] std::vector<FindingRow> query_findings(const Database& database,
                                                     const FindingFilter& filter);
// The newest judged sweep (of `site`, when given).
[[nodiscard]] std::optional<std::int64_t> latest_judged_sweep(
    const Database& database, const std::optional<std::string>& site = std::nullopt);
// The newest judged sweep of every site (sweeps without a site count as one
// site), ordered by site.
[[nodiscard]] std::vector<std::int64_t> latest_judged_sweep_of_each_site(const Database& database);
// The newest sweep of `status` of each site (sweeps without one count as one site), by site.
[[nodiscard]] std::vector<std::int64_t> latest_sweep_of_each_site(const Database& database,
                                                                  const std::string& status);
// The newest judged sweep of the same site before `sweep`, if any.
[[nodiscard]] std::optional<std::int64_t> previous_judged_sweep(const Database& database,
                                                                std::int64_t sweep);
// The newest sweep, or the newest with `status` ("complete", "aborted"),
// of `site` when given.
[[nodiscard]] std::optional<std::int64_t> latest_sweep(
    const Database& database, std::optional<std::string_view> status = std::nullopt,
    const std::optional<std::string>& site = std::nullopt);

// The vulnerability records whose applicability could not be decided, by
// device, for the devices `filter` keeps (its sweep, device and vendor).
[[nodiscard]] std::map<std::int64_t, std::vector<std::string>> undetermined_by_device(
    const Database& database, const FindingFilter& filter);

}  // namespace kensa::riskdb
