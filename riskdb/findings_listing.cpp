// visit_findings: the findings of one sweep, most severe first, then by
// device, then in the order they were made.
//
// A device's own findings (findings) are rows of their own; the
// vulnerabilities of a software profile (profile_findings) are one row per
// profile, shared by every device running it, and listing them per device
// multiplies them (a fleet on one old release: millions). So the store is
// asked for each part once: the sweep's devices with their fields and
// their record's evidence, the profiles' findings, and the devices' own
// findings in listing order; the listing is then made by walking them in
// order, holding no listed row. What is held is one entry per device and
// per profile finding, whatever the number of rows.

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <variant>

#include "riskdb/inventory_query.hpp"
#include "riskdb/query_filters.hpp"
#include "riskdb/sql_dialect.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {
namespace {

// Listing order of severities: critical first, anything unknown last.
constexpr const char* rank_sql =
    "CASE x.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
    "WHEN 'low' THEN 3 ELSE 4 END";
constexpr int ranks = 5;

struct ListedDevice {
  std::int64_t device_id = 0;
  std::optional<std::string> name, address, vendor, model, firmware;
  std::string identity_kind, identity_key;
  std::optional<std::int64_t> profile_id;
  std::string evidence;  // the record's identification evidence, for profile findings
};

struct ProfileFinding {
  int rank = 0;
  std::int64_t ordinal = 0;
  std::string kind, severity, reference, reason;
  std::optional<std::int64_t> dataset_id;
};

// SQL conditions and the values they bind, numbered as they are added.
struct Conditions {
  std::string sql;
  std::vector<std::variant<std::int64_t, std::string>> values;

  void add(const std::string& condition_with_question_mark,
           std::variant<std::int64_t, std::string> value) {
    const std::string number = std::to_string(values.size() + 1);
    std::string condition = condition_with_question_mark;
    condition.replace(condition.find('?'), 1, "?" + number);
    sql += " AND " + condition;
    values.push_back(std::move(value));
  }
  void add_in(const std::string& column, const std::vector<std::string>& members) {
    sql += " AND " + column + " IN (" + placeholders(values.size() + 1, members.size()) + ")";
    for (const std::string& member : members) values.emplace_back(member);
  }
  void bind(Statement& statement) const {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const int position = static_cast<int>(i + 1);
      if (const auto* number = std::get_if<std::int64_t>(&values[i]))
        statement.bind(position, *number);
      else
        statement.bind(position, std::get<std::string>(values[i]));
    }
  }
};

Conditions device_conditions(std::int64_t sweep, const FindingFilter& filter) {
  Conditions conditions;
  conditions.add("o.sweep_id = ?", sweep);
  if (filter.vendor) conditions.add("lower(o.vendor) = lower(?)", *filter.vendor);
  if (filter.device_id) conditions.add("o.device_id = ?", *filter.device_id);
  return conditions;
}

void add_finding_conditions(Conditions& conditions, const FindingFilter& filter) {
  if (filter.kind) conditions.add("x.kind = ?", *filter.kind);
  if (filter.min_severity)
    conditions.add_in("x.severity", severities_at_least(*filter.min_severity));
}

std::map<std::int64_t, std::string> dataset_labels(const Database& database) {
  Statement query(database,
                  "SELECT id, kind || coalesce(' ' || version, '') || ' (loaded ' || loaded_at || "
                  "')' FROM datasets");
  std::map<std::int64_t, std::string> labels;
  while (query.step()) labels.emplace(query.integer(0), query.text(1));
  return labels;
}

}  // namespace

std::size_t visit_findings(const Database& database, const FindingFilter& filter,
                           const std::function<void(const FindingRow&)>& visit) {
  const auto sweep = filter.sweep_id ? filter.sweep_id : latest_judged_sweep(database);
  if (!sweep) return 0;
  const Conditions of_devices = device_conditions(*sweep, filter);

  // Each profile's findings, by rank and then in the order made.
  std::unordered_map<std::int64_t, std::vector<ProfileFinding>> profile_findings;
  {
    Conditions conditions = of_devices;
    const std::size_t devices_part = conditions.sql.size();
    add_finding_conditions(conditions, filter);
    Statement query(database, std::string("SELECT x.profile_id, ") + rank_sql +
                                  ", x.id, x.kind, x.severity, x.reference, x.reason, "
                                  "x.dataset_id FROM profile_findings x WHERE x.profile_id IN "
                                  "(SELECT o.profile_id FROM observations o WHERE 1 = 1" +
                                  conditions.sql.substr(0, devices_part) + ")" +
                                  conditions.sql.substr(devices_part) +
                                  " ORDER BY x.profile_id, 2, x.id");
    conditions.bind(query);
    while (query.step()) {
      ProfileFinding finding;
      finding.rank = static_cast<int>(query.integer(1));
      finding.ordinal = query.integer(2);
      finding.kind = query.text(3);
      finding.severity = query.text(4);
      finding.reference = query.text(5);
      finding.reason = query.text(6);
      if (!query.is_null(7)) finding.dataset_id = query.integer(7);
      profile_findings[query.integer(0)].push_back(std::move(finding));
    }
  }

  // The sweep's devices, by device id, with the evidence their profile's
  // findings carry when any are listed.
  const std::string evidence =
      profile_findings.empty() ? std::string("''")
                               : "CASE WHEN o.profile_id IS NULL THEN '' ELSE coalesce((SELECT " +
                                     sql_json_member(database, "r.record", "evidence") +
                                     " FROM observation_records r WHERE r.observation_id = "
                                     "o.id), '[]') END";
  std::vector<ListedDevice> devices;
  std::unordered_map<std::int64_t, std::size_t> device_at;
  {
    Statement query(database,
                    "SELECT o.device_id, o.sys_name, o.address, o.vendor, o.model, o.firmware, "
                    "dv.identity_kind, dv.identity_key, o.profile_id, " +
                        evidence +
                        " FROM observations o "
                        "LEFT JOIN devices dv ON dv.id = o.device_id WHERE 1 = 1" +
                        of_devices.sql + " ORDER BY o.device_id");
    of_devices.bind(query);
    while (query.step()) {
      ListedDevice device;
      device.device_id = query.integer(0);
      device.name = query.optional_text(1);
      device.address = query.optional_text(2);
      device.vendor = query.optional_text(3);
      device.model = query.optional_text(4);
      device.firmware = query.optional_text(5);
      device.identity_kind = query.text(6);
      device.identity_key = query.text(7);
      if (!query.is_null(8)) device.profile_id = query.integer(8);
      device.evidence = query.text(9);
      device_at.emplace(device.device_id, devices.size());
      devices.push_back(std::move(device));
    }
  }

  const std::map<std::int64_t, std::string> labels = dataset_labels(database);
  const auto label_of = [&labels](const std::optional<std::int64_t>& dataset) {
    if (!dataset) return std::optional<std::string>();
    const auto found = labels.find(*dataset);
    return found == labels.end() ? std::optional<std::string>() : found->second;
  };
  FindingRow row;
  row.sweep_id = *sweep;
  const auto describe = [&row](const ListedDevice& device) {
    row.device_id = device.device_id;
    row.device_name = device.name;
    row.address = device.address;
    row.vendor = device.vendor;
    row.model = device.model;
    row.firmware = device.firmware;
    row.identity_kind = device.identity_kind;
    row.identity_key = device.identity_key;
  };

  // The devices' own findings, in listing order, merged with the profiles'
  // findings walked in the same order: (rank, device, ordinal).
  Conditions conditions;
  conditions.add("x.sweep_id = ?", *sweep);
  if (filter.device_id) conditions.add("x.device_id = ?", *filter.device_id);
  add_finding_conditions(conditions, filter);
  Statement own(database, std::string("SELECT ") + rank_sql +
                              ", x.device_id, x.id, x.module_index, x.kind, x.severity, "
                              "coalesce(x.reference, ''), x.reason, x.evidence, x.dataset_id "
                              "FROM findings x WHERE 1 = 1" +
                              conditions.sql + " ORDER BY 1, x.device_id, x.id");
  conditions.bind(own);
  bool own_row = own.step();
  std::size_t count = 0;
  const auto emit_own_until = [&](int rank, std::int64_t device_id, std::int64_t ordinal) {
    // Emits the devices' own findings that come before (rank, device_id, ordinal).
    for (; own_row; own_row = own.step()) {
      const int own_rank = static_cast<int>(own.integer(0));
      const std::int64_t own_device = own.integer(1), own_ordinal = own.integer(2);
      if (std::tie(own_rank, own_device, own_ordinal) > std::tie(rank, device_id, ordinal)) return;
      const auto found = device_at.find(own_device);
      if (found == device_at.end()) continue;  // not among the devices listed
      describe(devices[found->second]);
      row.module_index =
          own.is_null(3) ? std::nullopt : std::optional<std::int64_t>(own.integer(3));
      row.kind = own.text(4);
      row.severity = own.text(5);
      row.reference = own.text(6);
      row.reason = own.text(7);
      row.evidence_json = own.text(8);
      row.dataset = label_of(own.is_null(9) ? std::nullopt : std::optional(own.integer(9)));
      visit(row);
      ++count;
    }
  };
  for (int rank = 0; rank < ranks; ++rank) {
    for (const ListedDevice& device : devices) {
      if (!device.profile_id) continue;
      const auto found = profile_findings.find(*device.profile_id);
      if (found == profile_findings.end()) continue;
      const std::vector<ProfileFinding>& findings = found->second;
      auto finding = std::lower_bound(
          findings.begin(), findings.end(), rank,
          [](const ProfileFinding& item, int wanted) { return item.rank < wanted; });
      for (; finding != findings.end() && finding->rank == rank; ++finding) {
        emit_own_until(rank, device.device_id, finding->ordinal);
        describe(device);
        row.module_index = std::nullopt;
        row.kind = finding->kind;
        row.severity = finding->severity;
        row.reference = finding->reference;
        row.reason = finding->reason;
        row.evidence_json = device.evidence;
        row.dataset = label_of(finding->dataset_id);
        visit(row);
        ++count;
      }
    }
  }
  emit_own_until(ranks, 0, 0);
  return count;
}

}  // namespace kensa::riskdb
