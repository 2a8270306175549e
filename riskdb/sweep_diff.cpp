#include "riskdb/sweep_diff.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "riskdb/inventory_query.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {
namespace {

struct Seen {
  DiffDevice device;
  std::optional<std::string> os, serial, address, screening;
  std::int64_t observation = 0;
};

std::map<std::int64_t, Seen> observations_of(const Database& database, std::int64_t sweep) {
  Statement query(
      database,
      "SELECT o.device_id, coalesce(o.sys_name, o.address, d.identity_key), o.vendor, o.model, "
      "o.firmware, o.os, o.serial, o.address, o.screening_status, o.id, o.sys_name "
      "FROM observations o JOIN devices d ON d.id = o.device_id WHERE o.sweep_id = ?1");
  query.bind(1, sweep);
  std::map<std::int64_t, Seen> seen;
  while (query.step()) {
    Seen item;
    item.device = {query.integer(0),       query.text(1),          query.optional_text(2),
                   query.optional_text(3), query.optional_text(4), query.optional_text(10),
                   query.optional_text(7)};
    item.os = query.optional_text(5);
    item.serial = query.optional_text(6);
    item.address = query.optional_text(7);
    item.screening = query.optional_text(8);
    item.observation = query.integer(9);
    seen[item.device.id] = std::move(item);
  }
  return seen;
}

std::set<std::string> module_serials(const Database& database, std::int64_t observation) {
  Statement query(database,
                  "SELECT coalesce(model, name, class) || ' ' || serial FROM modules "
                  "WHERE observation_id = ?1 AND serial IS NOT NULL AND serial != ''");
  query.bind(1, observation);
  std::set<std::string> serials;
  while (query.step()) serials.insert(query.text(0));
  return serials;
}

using FindingKey = std::tuple<std::int64_t, std::string, std::string, std::optional<std::int64_t>>;

// The findings of a judged sweep by what makes them the same finding.
std::map<FindingKey, std::string> findings_of(const Database& database, std::int64_t sweep) {
  std::map<FindingKey, std::string> found;  // -> severity
  FindingFilter filter;
  filter.sweep_id = sweep;
  visit_findings(database, filter, [&](const FindingRow& row) {
    found.emplace(FindingKey{row.device_id, row.kind, row.reference, row.module_index},
                  row.severity);
  });
  return found;
}

bool judged(const Database& database, std::int64_t sweep) {
  Statement query(database, "SELECT judged_at IS NOT NULL FROM sweeps WHERE id = ?1");
  query.bind(1, sweep);
  return query.step() && query.integer(0) != 0;
}

// Findings of `one` not in `other`, most severe first, each with its device
// as `devices` saw it.
std::vector<DiffFinding> findings_only_in(const std::map<FindingKey, std::string>& one,
                                          const std::map<FindingKey, std::string>& other,
                                          const std::map<std::int64_t, Seen>& devices) {
  std::vector<DiffFinding> only;
  for (const auto& [key, severity] : one) {
    if (other.contains(key)) continue;
    const auto& [device, kind, reference, module] = key;
    const auto seen = devices.find(device);
    DiffFinding finding;
    if (seen != devices.end()) finding.device = seen->second.device;
    finding.device.id = device;
    finding.kind = kind;
    finding.severity = severity;
    finding.reference = reference;
    finding.module_index = module;
    only.push_back(std::move(finding));
  }
  std::stable_sort(only.begin(), only.end(), [](const DiffFinding& a, const DiffFinding& b) {
    return severity_named(a.severity).value_or(Severity::info) >
           severity_named(b.severity).value_or(Severity::info);
  });
  return only;
}

std::string shown(const std::optional<std::string>& value) { return value.value_or("(unknown)"); }

}  // namespace

SweepDiff diff_sweeps(const Database& database, std::int64_t from, std::int64_t to,
                      bool compare_findings) {
  SweepDiff diff;
  diff.from = from;
  diff.to = to;
  const auto before = observations_of(database, from);
  const auto after = observations_of(database, to);
  for (const auto& [id, seen] : after)
    if (!before.contains(id)) diff.added.push_back(seen.device);
  for (const auto& [id, seen] : before)
    if (!after.contains(id)) diff.gone.push_back(seen.device);
  for (const auto& [id, now] : after) {
    const auto then = before.find(id);
    if (then == before.end()) continue;
    std::vector<std::string> changes;
    const auto compare = [&changes](const char* what, const std::optional<std::string>& old_value,
                                    const std::optional<std::string>& new_value) {
      if (old_value != new_value)
        changes.push_back(std::string(what) + " " + shown(old_value) + " -> " + shown(new_value));
    };
    compare("vendor", then->second.device.vendor, now.device.vendor);
    compare("model", then->second.device.model, now.device.model);
    compare("os", then->second.os, now.os);
    compare("firmware", then->second.device.firmware, now.device.firmware);
    compare("serial", then->second.serial, now.serial);
    compare("address", then->second.address, now.address);
    compare("screening", then->second.screening, now.screening);
    const auto old_modules = module_serials(database, then->second.observation);
    const auto new_modules = module_serials(database, now.observation);
    for (const auto& module : new_modules)
      if (!old_modules.contains(module)) changes.push_back("module added: " + module);
    for (const auto& module : old_modules)
      if (!new_modules.contains(module)) changes.push_back("module removed: " + module);
    if (!changes.empty()) diff.changed.push_back({now.device, std::move(changes)});
  }
  diff.findings_compared = compare_findings && judged(database, from) && judged(database, to);
  if (diff.findings_compared) {
    const auto old_findings = findings_of(database, from);
    const auto new_findings = findings_of(database, to);
    diff.opened = findings_only_in(new_findings, old_findings, after);
    diff.closed = findings_only_in(old_findings, new_findings, before);
  }
  return diff;
}

std::optional<std::pair<std::int64_t, std::int64_t>> default_diff_pair(
    const Database& database, const std::optional<std::string>& site) {
  const std::string site_condition = site ? " AND n.site = ?1" : "";
  for (const bool complete : {true, false}) {
    // The newest sweep, and the one before it of the same site.
    Statement query(database,
                    std::string("SELECT n.id, (SELECT max(p.id) FROM sweeps p WHERE p.id < n.id "
                                "AND coalesce(p.site, '') = coalesce(n.site, '')") +
                        (complete ? " AND p.status = 'complete'" : "") +
                        ") FROM sweeps n WHERE 1 = 1" +
                        (complete ? " AND n.status = 'complete'" : "") + site_condition +
                        " ORDER BY n.id DESC LIMIT 1");
    if (site) query.bind(1, *site);
    if (query.step() && !query.is_null(1))
      return std::make_pair(query.integer(1), query.integer(0));
  }
  return std::nullopt;
}

std::optional<std::int64_t> previous_complete_sweep(const Database& database, std::int64_t sweep) {
  Statement query(database,
                  "SELECT max(id) FROM sweeps WHERE status = 'complete' AND id < ?1 AND "
                  "coalesce(site, '') = (SELECT coalesce(site, '') FROM sweeps WHERE id = ?1)");
  query.bind(1, sweep);
  if (!query.step() || query.is_null(0)) return std::nullopt;
  return query.integer(0);
}

}  // namespace kensa::riskdb
