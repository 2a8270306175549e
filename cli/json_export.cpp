// JSON and JSON Lines: the full records, one documented schema
// ("kensa-export", schema_version 1; README.md describes every field).

#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/export_formats.hpp"
#include "cli/version.hpp"

namespace kensa::cli {
namespace {

using nlohmann::json;

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json optional(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

json parsed_or_text(const std::string& text) {
  json value = json::parse(text, nullptr, false);
  return value.is_discarded() ? json(text) : value;
}

json dataset_json(const riskdb::Dataset& dataset) {
  return {{"id", dataset.id},         {"kind", dataset.kind},
          {"source", dataset.source}, {"version", optional(dataset.version)},
          {"sha256", dataset.sha256}, {"loaded_at", dataset.loaded_at},
          {"rows", dataset.row_count}};
}

json finding_json(const riskdb::ExportFinding& finding) {
  json out{{"kind", finding.kind},
           {"severity", finding.severity},
           {"reference", finding.reference},
           {"reason", finding.reason},
           {"dataset_id", finding.dataset_id ? json(*finding.dataset_id) : json(nullptr)},
           {"evidence", parsed_or_text(finding.evidence_json)}};
  if (finding.module_index) out["module_index"] = *finding.module_index;
  return out;
}

json module_json(const riskdb::ExportModule& module) {
  return {{"index", module.index},
          {"contained_in", module.contained_in},
          {"class", module.class_name},
          {"name", optional(module.name)},
          {"description", optional(module.description)},
          {"model", optional(module.model)},
          {"serial", optional(module.serial)},
          {"firmware", optional(module.firmware)},
          {"software", optional(module.software)},
          {"hardware_revision", optional(module.hardware_revision)},
          {"manufacturer", optional(module.manufacturer)},
          {"screening_status", optional(module.screening_status)}};
}

json device_json(const riskdb::ExportDevice& device) {
  json findings = json::array();
  for (const auto& finding : device.findings) findings.push_back(finding_json(finding));
  json modules = json::array();
  for (const auto& module : device.modules) modules.push_back(module_json(module));
  return {{"device_id", device.device_id},
          {"identity", {{"kind", device.identity_kind}, {"key", device.identity_key}}},
          {"neighbor_only", device.neighbor_only},
          {"address", optional(device.address)},
          {"sys_name", optional(device.sys_name)},
          {"sys_descr", optional(device.sys_descr)},
          {"sys_object_id", optional(device.sys_object_id)},
          {"location", optional(device.location)},
          {"vendor", optional(device.vendor)},
          {"os", optional(device.os)},
          {"model", optional(device.model)},
          {"firmware", optional(device.firmware)},
          {"serial", optional(device.serial)},
          {"chassis_mac", optional(device.chassis_mac)},
          {"risk", optional(device.risk)},
          {"screening_status", optional(device.screening_status)},
          {"software_profile", device.profile_id ? json(*device.profile_id) : json(nullptr)},
          {"observed_at", device.observed_at},
          {"first_seen", device.first_seen_at},
          {"last_seen", device.last_seen_at},
          {"first_sweep", device.first_sweep_id},
          {"modules", modules},
          {"findings", findings},
          {"evidence", parsed_or_text(device.evidence_json)}};
}

json profile_json(const riskdb::ExportProfile& profile) {
  json findings = json::array();
  for (const auto& finding : profile.findings) findings.push_back(finding_json(finding));
  return {{"id", profile.id},
          {"cpes", profile.cpes},
          {"undetermined", profile.undetermined},
          {"findings", findings}};
}

json sweep_json(const riskdb::Sweep& sweep) {
  return {{"id", sweep.id},
          {"started_at", sweep.started_at},
          {"finished_at", optional(sweep.finished_at)},
          {"status", sweep.status},
          {"targets", sweep.targets},
          {"parameters", parsed_or_text(sweep.parameters)},
          {"counters", parsed_or_text(sweep.counters)},
          {"addresses_probed", sweep.addresses_probed},
          {"addresses_answering", sweep.addresses_answering},
          {"note", optional(sweep.note)},
          {"judged_at", optional(sweep.judged_at)},
          {"policy_sha256", optional(sweep.policy_sha256)}};
}

}  // namespace

void write_json_export(const ExportRequest& request, std::ostream& out, bool json_lines) {
  json header{{"schema", "kensa-export"},
              {"schema_version", 1},
              {"kensa_version", std::string(kensa_version)},
              {"sweep", sweep_json(request.context.sweep)},
              {"datasets", json::array()},
              {"filter", request.filter_json}};
  for (const auto& dataset : request.context.datasets)
    header["datasets"].push_back(dataset_json(dataset));

  // Which profiles the kept devices use, and the summary, come from one
  // pass over the devices; profiles are written before devices so that a
  // reader of JSON Lines meets each profile before its first device.
  std::map<std::int64_t, std::size_t> profile_users;
  std::map<std::string, std::size_t> by_vendor, by_severity;
  std::size_t devices = 0;
  riskdb::visit_export_devices(*request.database, request.context.sweep.id, request.filter,
                               [&](const riskdb::ExportDevice& device) {
                                 ++devices;
                                 ++by_vendor[device.vendor.value_or("(unidentified)")];
                                 for (const auto& finding : device.findings)
                                   ++by_severity[finding.severity];
                                 if (device.profile_id) ++profile_users[*device.profile_id];
                               });
  const ProfileSummaries summaries = load_profile_summaries(request);
  for (const auto& [profile, users] : profile_users)
    if (const auto found = summaries.find(profile); found != summaries.end())
      for (const auto& [severity, count] : found->second.by_severity)
        by_severity[severity] += count * users;
  const json summary{{"devices", devices},
                     {"findings_by_severity", by_severity},
                     {"devices_by_vendor", by_vendor}};

  if (json_lines) {
    header["record"] = "export";
    out << dump(header) << '\n';
  } else {
    std::string text = dump(header);
    text.pop_back();  // the closing brace: the arrays follow
    out << text << ",\"software_profiles\":[";
  }
  bool first = true;
  riskdb::visit_export_profiles(*request.database, request.context.sweep.id,
                                [&](const riskdb::ExportProfile& profile) {
                                  if (!profile_users.contains(profile.id)) return;
                                  json record = profile_json(profile);
                                  if (json_lines) {
                                    record["record"] = "software_profile";
                                    out << dump(record) << '\n';
                                  } else {
                                    out << (first ? "\n" : ",\n") << dump(record);
                                  }
                                  first = false;
                                });
  if (!json_lines) out << "],\"devices\":[";
  first = true;
  riskdb::visit_export_devices(*request.database, request.context.sweep.id, request.filter,
                               [&](const riskdb::ExportDevice& device) {
                                 json record = device_json(device);
                                 if (json_lines) {
                                   record["record"] = "device";
                                   out << dump(record) << '\n';
                                 } else {
                                   out << (first ? "\n" : ",\n") << dump(record);
                                 }
                                 first = false;
                               });
  if (json_lines) {
    json record = summary;
    record["record"] = "summary";
    out << dump(record) << '\n';
  } else {
    out << "],\n\"summary\":" << dump(summary) << "}\n";
  }
  out.flush();
  if (!out) throw std::runtime_error("cannot write the JSON export");
}

}  // namespace kensa::cli
