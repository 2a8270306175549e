// JSON and JSON Lines: the full records, one documented schema
// ("kensa-export", schema_version 1; README.md describes every field).

#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/export_coverage.hpp"
#include "cli/export_formats.hpp"
#include "cli/json_writer.hpp"
#include "cli/version.hpp"
#include "riskdb/sweep_content.hpp"

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
  if (text == "[]") return json::array();
  json value = json::parse(text, nullptr, false);
  return value.is_discarded() ? json(text) : value;
}

json dataset_json(const riskdb::Dataset& dataset) {
  return {{"id", dataset.id},         {"kind", dataset.kind},
          {"source", dataset.source}, {"version", optional(dataset.version)},
          {"sha256", dataset.sha256}, {"loaded_at", dataset.loaded_at},
          {"rows", dataset.row_count}};
}

std::string_view json_text(const std::string& text) {
  return text.empty() ? std::string_view("[]") : std::string_view(text);
}

void write_finding(JsonWriter& out, const riskdb::ExportFinding& finding) {
  out.begin_object()
      .field("kind", finding.kind)
      .field("severity", finding.severity)
      .field("reference", finding.reference)
      .field("reason", finding.reason)
      .key("dataset_id");
  if (finding.dataset_id)
    out.number(*finding.dataset_id);
  else
    out.null();
  if (finding.module_index) out.key("module_index").number(*finding.module_index);
  out.key("evidence").raw(json_text(finding.evidence_json)).end_object();
}

void write_module(JsonWriter& out, const riskdb::ExportModule& module) {
  out.begin_object()
      .field("index", module.index)
      .field("contained_in", module.contained_in)
      .field("class", module.class_name)
      .field("name", module.name)
      .field("description", module.description)
      .field("model", module.model)
      .field("serial", module.serial)
      .field("firmware", module.firmware)
      .field("software", module.software)
      .field("hardware_revision", module.hardware_revision)
      .field("manufacturer", module.manufacturer)
      .field("screening_status", module.screening_status)
      .end_object();
}

// The triage decisions in force on the device's findings.
void write_triage(JsonWriter& out, const std::vector<const riskdb::TriageDecision*>& decisions) {
  out.key("triage").begin_array();
  for (const riskdb::TriageDecision* decision : decisions)
    out.begin_object()
        .field("kind", decision->kind)
        .field("reference", decision->reference)
        .field("subject", decision->subject)
        .field("state", decision->state)
        .field("justification", decision->justification)
        .field("reason", decision->reason)
        .field("decided_by", decision->decided_by)
        .field("decided_at", decision->decided_at)
        .end_object();
  out.end_array();
}

// One device record; `record` names the JSON Lines record type, if any.
void write_device(JsonWriter& out, const riskdb::ExportDevice& device, const char* record,
                  const std::vector<const riskdb::TriageDecision*>& triage) {
  out.begin_object();
  if (record != nullptr) out.field("record", record);
  out.field("device_id", device.device_id)
      .key("identity")
      .begin_object()
      .field("kind", device.identity_kind)
      .field("key", device.identity_key)
      .end_object()
      .field("neighbor_only", device.neighbor_only)
      .field("address", device.address)
      .field("sys_name", device.sys_name)
      .field("sys_descr", device.sys_descr)
      .field("sys_object_id", device.sys_object_id)
      .field("location", device.location)
      .field("site", device.site)
      .field("vendor", device.vendor)
      .field("os", device.os)
      .field("model", device.model)
      .field("firmware", device.firmware)
      .field("serial", device.serial)
      .field("chassis_mac", device.chassis_mac)
      .field("risk", device.risk)
      .field("screening_status", device.screening_status)
      .key("software_profile");
  if (device.profile_id)
    out.number(*device.profile_id);
  else
    out.null();
  out.field("observed_at", device.observed_at)
      .field("first_seen", device.first_seen_at)
      .field("last_seen", device.last_seen_at)
      .field("first_sweep", device.first_sweep_id)
      .key("modules")
      .begin_array();
  for (const auto& module : device.modules) write_module(out, module);
  out.end_array().key("findings").begin_array();
  for (const auto& finding : device.findings) write_finding(out, finding);
  out.end_array();
  write_triage(out, triage);
  out.key("evidence").raw(json_text(device.evidence_json)).end_object();
}

void write_profile(JsonWriter& out, const riskdb::ExportProfile& profile, const char* record) {
  out.begin_object();
  if (record != nullptr) out.field("record", record);
  out.field("id", profile.id).key("cpes").begin_array();
  for (const auto& cpe : profile.cpes) out.string(cpe);
  out.end_array().field("undetermined", !profile.undetermined.empty()).key("undetermined_cves");
  out.begin_array();
  for (const auto& id : profile.undetermined) out.string(id);
  out.end_array().key("findings").begin_array();
  for (const auto& finding : profile.findings) write_finding(out, finding);
  out.end_array().end_object();
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
          {"policy_sha256", optional(sweep.policy_sha256)},
          {"uid", sweep.uid},
          {"site", optional(sweep.site)},
          {"scanner_host", optional(sweep.scanner_host)},
          {"received_at", optional(sweep.received_at)},
          {"content_sha256", optional(sweep.content_sha256)}};
}

// The judgements the sweep's site made of it before sending it here.
json site_judgements_json(const riskdb::Database& database, std::int64_t sweep_id) {
  json judgements = json::array();
  for (const riskdb::JudgementRecord& record : riskdb::site_judgements_of(database, sweep_id))
    judgements.push_back(
        {{"judged_at", record.judged_at},
         {"policy", {{"source", record.policy_source}, {"sha256", record.policy_sha256}}},
         {"datasets", parsed_or_text(record.datasets_json)},
         {"summary", parsed_or_text(record.summary_json)}});
  return judgements;
}

}  // namespace

void write_json_export(const ExportRequest& request, std::ostream& out, bool json_lines) {
  json header{
      {"schema", "kensa-export"},
      {"schema_version", 1},
      {"kensa_version", std::string(kensa_version)},
      {"sweep", sweep_json(request.context.sweep)},
      {"datasets", json::array()},
      {"filter", request.filter_json},
      {"coverage", coverage_json(request.context)},
      {"site_judgements", site_judgements_json(*request.database, request.context.sweep.id)}};
  for (const auto& dataset : request.context.datasets)
    header["datasets"].push_back(dataset_json(dataset));

  // Which profiles the kept devices use, and the summary, come from one
  // pass over the devices; profiles are written before devices so that a
  // reader of JSON Lines meets each profile before its first device.
  std::map<std::int64_t, std::size_t> profile_users;
  std::map<std::string, std::size_t> by_vendor, by_severity;
  std::size_t devices = 0;
  riskdb::visit_export_devices(
      *request.database, request.context.sweep.id, request.filter,
      [&](const riskdb::ExportDevice& device) {
        ++devices;
        ++by_vendor[device.vendor.value_or("(unidentified)")];
        if (device.profile_id) ++profile_users[*device.profile_id];
      },
      false);
  const ProfileSummaries summaries = load_profile_summaries(request);
  for (const auto& [profile, users] : profile_users)
    if (const auto found = summaries.find(profile); found != summaries.end())
      for (const auto& [severity, count] : found->second.by_severity)
        by_severity[severity] += count * users;

  if (json_lines) {
    header["record"] = "export";
    out << dump(header) << '\n';
  } else {
    std::string text = dump(header);
    text.pop_back();  // the closing brace: the arrays follow
    out << text << ",\"software_profiles\":[";
  }
  bool first = true;
  std::string buffer;
  riskdb::visit_export_profiles(
      *request.database, request.context.sweep.id, [&](const riskdb::ExportProfile& profile) {
        if (!profile_users.contains(profile.id)) return;
        buffer.clear();
        if (!json_lines && !first) buffer += ",\n";
        JsonWriter writer(buffer);
        write_profile(writer, profile, json_lines ? "software_profile" : nullptr);
        if (json_lines) buffer += '\n';
        out << buffer;
        first = false;
      });
  if (!json_lines) out << "],\"devices\":[";
  first = true;
  riskdb::visit_export_devices(*request.database, request.context.sweep.id, request.filter,
                               [&](const riskdb::ExportDevice& device) {
                                 for (const auto& finding : device.findings)
                                   ++by_severity[finding.severity];
                                 buffer.clear();
                                 if (!json_lines && !first) buffer += ",\n";
                                 JsonWriter writer(buffer);
                                 write_device(writer, device, json_lines ? "device" : nullptr,
                                              device_triage(request, device, summaries));
                                 if (json_lines) buffer += '\n';
                                 out << buffer;
                                 first = false;
                               });
  const json summary{{"devices", devices},
                     {"findings_by_severity", by_severity},
                     {"devices_by_vendor", by_vendor}};
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
