#include "riskdb/sweep_export.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "riskdb/glob.hpp"
#include "riskdb/query_filters.hpp"
#include "riskdb/sql_dialect.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

ExportFinding read_finding(const Statement& row, int first) {
  ExportFinding finding;
  if (!row.is_null(first)) finding.module_index = row.integer(first);
  finding.kind = row.text(first + 1);
  finding.severity = row.text(first + 2);
  finding.reference = row.optional_text(first + 3).value_or("");
  finding.reason = row.text(first + 4);
  finding.evidence_json = row.optional_text(first + 5).value_or("[]");
  if (!row.is_null(first + 6)) finding.dataset_id = row.integer(first + 6);
  return finding;
}

int severity_order(const std::string& severity) {
  const auto named = severity_named(severity);
  return named ? static_cast<int>(*named) : -1;
}

// The observation passes the filters that SQL does not apply.
bool passes(const ExportDevice& device, const InventoryFilter& filter, const ByteRange& subnet) {
  if (filter.vendor && lower(device.vendor.value_or("")) != lower(*filter.vendor)) return false;
  if (filter.model && !glob_matches(*filter.model, device.model.value_or(""))) return false;
  if (filter.firmware && !glob_matches(*filter.firmware, device.firmware.value_or("")))
    return false;
  if (filter.screening && device.screening_status != filter.screening) return false;
  if (filter.seen_since && device.observed_at < *filter.seen_since) return false;
  if (!filter.include_neighbor_only && device.neighbor_only) return false;
  if (filter.min_risk &&
      (!device.risk || severity_order(*device.risk) < static_cast<int>(*filter.min_risk)))
    return false;
  if (filter.subnet) {
    if (!device.address) return false;
    const auto bytes = address_bytes(*device.address);
    if (bytes.empty() || bytes < subnet.low || bytes > subnet.high) return false;
  }
  return true;
}

}  // namespace

ExportContext load_export_context(const Database& database, std::int64_t sweep_id) {
  ExportContext context;
  const auto sweep = find_sweep(database, sweep_id);
  if (!sweep) throw std::invalid_argument("no sweep " + std::to_string(sweep_id));
  if (!sweep->judged_at)
    throw std::invalid_argument("sweep " + std::to_string(sweep_id) +
                                " has not been judged; its findings are not known");
  context.sweep = *sweep;
  Statement query(database,
                  "SELECT d.id FROM datasets d WHERE d.loaded_at <= ?1 AND NOT EXISTS "
                  "(SELECT 1 FROM datasets n WHERE n.kind = d.kind AND n.loaded_at <= ?1 "
                  "AND (n.loaded_at > d.loaded_at OR (n.loaded_at = d.loaded_at AND n.id > d.id))) "
                  "ORDER BY d.kind");
  query.bind(1, *sweep->judged_at);
  while (query.step())
    if (auto dataset = find_dataset(database, query.integer(0)))
      context.datasets.push_back(std::move(*dataset));
  context.targets = sweep_targets(database, sweep_id);
  context.not_rechecked = devices_not_rechecked(database, sweep_id);
  context.datasets_missing = missing_from(context.datasets);
  return context;
}

std::size_t visit_export_devices(const Database& database, std::int64_t sweep_id,
                                 const InventoryFilter& filter,
                                 const std::function<void(const ExportDevice&)>& visit,
                                 bool details) {
  const ByteRange subnet = filter.subnet ? subnet_range(*filter.subnet) : ByteRange{};
  Statement devices(
      database,
      "SELECT o.id, o.device_id, d.identity_kind, d.identity_key, o.observed_at, d.first_seen_at, "
      "d.last_seen_at, d.first_sweep_id, o.neighbor_only, o.address, o.vendor, o.os, o.model, "
      "o.firmware, o.serial, d.chassis_mac, o.sys_name, o.sys_descr, o.sys_object_id, o.location, "
      "o.screening_status, o.risk, o.profile_id, "
      "CASE WHEN ?2 = 1 THEN coalesce((SELECT " +
          sql_json_member(database, "r.record", "evidence") +
          " FROM observation_records r WHERE r.observation_id = o.id), '[]') ELSE '[]' END, s.site "
          "FROM observations o JOIN devices d ON d.id = o.device_id JOIN sweeps s ON s.id = "
          "o.sweep_id WHERE o.sweep_id = ?1 "
          "ORDER BY o.device_id");
  devices.bind(1, sweep_id).bind(2, std::int64_t{details ? 1 : 0});
  Statement modules(database,
                    "SELECT ent_index, contained_in, class, name, description, model, serial, "
                    "firmware, software, hardware_revision, manufacturer, screening_status "
                    "FROM modules WHERE observation_id = ?1 ORDER BY ent_index");
  Statement findings(database,
                     "SELECT module_index, kind, severity, reference, reason, evidence, "
                     "dataset_id FROM findings WHERE sweep_id = ?1 AND device_id = ?2 "
                     "ORDER BY id");
  std::size_t count = 0;
  ExportDevice device;
  while (devices.step()) {
    device = ExportDevice{};
    const std::int64_t observation = devices.integer(0);
    device.device_id = devices.integer(1);
    device.identity_kind = devices.text(2);
    device.identity_key = devices.text(3);
    device.observed_at = devices.text(4);
    device.first_seen_at = devices.text(5);
    device.last_seen_at = devices.text(6);
    device.first_sweep_id = devices.integer(7);
    device.neighbor_only = devices.integer(8) != 0;
    device.address = devices.optional_text(9);
    device.vendor = devices.optional_text(10);
    device.os = devices.optional_text(11);
    device.model = devices.optional_text(12);
    device.firmware = devices.optional_text(13);
    device.serial = devices.optional_text(14);
    device.chassis_mac = devices.optional_text(15);
    device.sys_name = devices.optional_text(16);
    device.sys_descr = devices.optional_text(17);
    device.sys_object_id = devices.optional_text(18);
    device.location = devices.optional_text(19);
    device.site = devices.optional_text(24);
    device.screening_status = devices.optional_text(20);
    device.risk = devices.optional_text(21);
    if (!devices.is_null(22)) device.profile_id = devices.integer(22);
    device.evidence_json = devices.text(23);
    if (!passes(device, filter, subnet)) continue;
    if (!details) {
      visit(device);
      ++count;
      continue;
    }

    modules.reset();
    modules.bind(1, observation);
    while (modules.step()) {
      ExportModule module;
      module.index = modules.integer(0);
      module.contained_in = modules.integer(1);
      module.class_name = modules.text(2);
      module.name = modules.optional_text(3);
      module.description = modules.optional_text(4);
      module.model = modules.optional_text(5);
      module.serial = modules.optional_text(6);
      module.firmware = modules.optional_text(7);
      module.software = modules.optional_text(8);
      module.hardware_revision = modules.optional_text(9);
      module.manufacturer = modules.optional_text(10);
      module.screening_status = modules.optional_text(11);
      device.modules.push_back(std::move(module));
    }
    findings.reset();
    findings.bind(1, sweep_id).bind(2, device.device_id);
    while (findings.step()) device.findings.push_back(read_finding(findings, 0));
    visit(device);
    ++count;
  }
  return count;
}

std::size_t visit_export_profiles(const Database& database, std::int64_t sweep_id,
                                  const std::function<void(const ExportProfile&)>& visit) {
  Statement profiles(database,
                     "SELECT p.id, p.cpes, p.undetermined_cves FROM software_profiles p "
                     "WHERE p.sweep_id = ?1 AND EXISTS (SELECT 1 FROM observations o "
                     "WHERE o.profile_id = p.id) ORDER BY p.id");
  profiles.bind(1, sweep_id);
  Statement findings(database,
                     "SELECT NULL, kind, severity, reference, reason, NULL, dataset_id "
                     "FROM profile_findings WHERE profile_id = ?1 ORDER BY id");
  std::size_t count = 0;
  while (profiles.step()) {
    ExportProfile profile;
    profile.id = profiles.integer(0);
    const auto cpes = nlohmann::json::parse(profiles.text(1), nullptr, false);
    if (cpes.is_array())
      for (const auto& cpe : cpes)
        if (cpe.is_string()) profile.cpes.push_back(cpe.get<std::string>());
    const auto undetermined = nlohmann::json::parse(profiles.text(2), nullptr, false);
    if (undetermined.is_array())
      for (const auto& id : undetermined)
        if (id.is_string()) profile.undetermined.push_back(id.get<std::string>());
    findings.reset();
    findings.bind(1, profile.id);
    while (findings.step()) profile.findings.push_back(read_finding(findings, 0));
    visit(profile);
    ++count;
  }
  return count;
}

}  // namespace kensa::riskdb
