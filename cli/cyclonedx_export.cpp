// CycloneDX 1.6 JSON: each device a component of type "device" with its
// firmware (with CPE) and modules nested. Vulnerabilities (CVE or advisory
// ids) are `vulnerabilities` with NVD's CVSS ratings and the triage
// decision as `analysis`, affecting the components they are about; every
// other finding (restrictions, screening, end of life, identity) is a
// `kensa:finding:KIND` property of its component, as Dependency-Track and
// other readers would otherwise import them as vulnerabilities.

#include <nlohmann/json.hpp>

#include <re2/re2.h>

#include <ostream>

#include "cli/export_formats.hpp"
#include "cli/json_writer.hpp"
#include "cli/version.hpp"
#include "riskdb/cvss_ratings.hpp"
#include "riskdb/file_digest.hpp"

namespace kensa::cli {
namespace {

using nlohmann::json;

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string device_ref(std::int64_t device) { return "device-" + std::to_string(device); }

// A UUID derived from the sweep and the filter, so that the same export
// has the same serial number.
std::string serial_number(const ExportRequest& request) {
  const std::string digest =
      riskdb::sha256_of_bytes("kensa-export " + std::to_string(request.context.sweep.id) + " " +
                              request.context.sweep.started_at + " " + request.filter_json.dump());
  std::string hex = digest.substr(0, 32);
  hex[12] = '5';                                                      // version nibble
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 0x3];  // variant
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

// Properties with a value, as CycloneDX's name/value list.
class Properties {
 public:
  explicit Properties(JsonWriter& out) : out_(out) {}
  Properties& add(std::string_view name, const std::optional<std::string>& value) {
    if (!value || value->empty()) return *this;
    if (!open_) out_.key("properties").begin_array();
    open_ = true;
    out_.begin_object().field("name", name).field("value", json_safe(*value)).end_object();
    return *this;
  }
  void close() {
    if (open_) out_.end_array();
  }

 private:
  JsonWriter& out_;
  bool open_ = false;
};

// A vulnerability in the sense its readers give the word: a finding of
// NVD or KEV under its CVE id (their importers refuse any other id).
bool is_vulnerability(const riskdb::ExportFinding& finding) {
  static const RE2 cve(R"(CVE-\d{4}-\d{4,})");
  return (finding.kind == "vulnerability" || finding.kind == "known_exploited") &&
         RE2::FullMatch(finding.reference, cve);
}

std::string finding_text(const riskdb::ExportFinding& finding,
                         const riskdb::TriageDecision* decision) {
  std::string text = finding.severity;
  if (!finding.reference.empty()) text += "; " + finding.reference;
  text += "; " + finding.reason;
  if (decision != nullptr) text += "; triage: " + riskdb::describe_decision(*decision);
  return text;
}

// The findings of one component (the device, or one module) that are not
// vulnerabilities, as properties.
void add_finding_properties(Properties& properties, const ExportRequest& request,
                            const riskdb::ExportDevice& device,
                            std::optional<std::int64_t> module_index) {
  for (const auto& finding : device.findings)
    if (finding.module_index == module_index && !is_vulnerability(finding))
      properties.add("kensa:finding:" + finding.kind,
                     finding_text(finding, finding_triage(request, device, finding)));
}

void write_component(JsonWriter& out, const ExportRequest& request,
                     const riskdb::ExportDevice& device, const ProfileSummaries& profiles) {
  const std::string ref = device_ref(device.device_id);
  out.begin_object()
      .field("type", "device")
      .field("bom-ref", ref)
      .field("name", device.model.value_or(device.sys_name.value_or("unidentified device")));
  if (device.vendor)
    out.key("manufacturer").begin_object().field("name", *device.vendor).end_object();
  if (device.sys_descr) out.field("description", *device.sys_descr);
  const auto profile = device.profile_id ? profiles.find(*device.profile_id) : profiles.end();
  const bool has_firmware = device.firmware || device.os || profile != profiles.end();
  if (has_firmware || !device.modules.empty()) {
    out.key("components").begin_array();
    if (has_firmware) {
      out.begin_object()
          .field("type", "firmware")
          .field("bom-ref", ref + "/firmware")
          .field("name", device.os.value_or("firmware"));
      if (device.firmware) out.field("version", *device.firmware);
      if (device.vendor)
        out.key("manufacturer").begin_object().field("name", *device.vendor).end_object();
      if (profile != profiles.end() && !profile->second.cpes.empty())
        out.field("cpe", profile->second.cpes.front());
      if (profile != profiles.end() && !profile->second.undetermined.empty()) {
        // Records whose applicability the firmware's numbering cannot decide.
        std::string ids;
        for (const auto& id : profile->second.undetermined) ids += (ids.empty() ? "" : " ") + id;
        Properties properties(out);
        properties.add("kensa:undetermined_cves", ids);
        properties.close();
      }
      out.end_object();
    }
    for (const auto& module : device.modules) {
      out.begin_object()
          .field("type", "device")
          .field("bom-ref", ref + "/module-" + std::to_string(module.index))
          .field("name", module.model.value_or(module.name.value_or(module.class_name)));
      if (module.manufacturer)
        out.key("manufacturer").begin_object().field("name", *module.manufacturer).end_object();
      if (module.description) out.field("description", *module.description);
      Properties properties(out);
      properties.add("kensa:serial", module.serial)
          .add("kensa:class", module.class_name)
          .add("kensa:entity_index", std::to_string(module.index))
          .add("kensa:contained_in", std::to_string(module.contained_in))
          .add("kensa:firmware", module.firmware)
          .add("kensa:software", module.software)
          .add("kensa:hardware_revision", module.hardware_revision)
          .add("kensa:screening_status", module.screening_status);
      add_finding_properties(properties, request, device, module.index);
      properties.close();
      out.end_object();
    }
    out.end_array();
  }
  Properties properties(out);
  properties.add("kensa:serial", device.serial)
      .add("kensa:screening_status", device.screening_status)
      .add("kensa:risk", device.risk)
      .add("kensa:address", device.address)
      .add("kensa:sys_name", device.sys_name)
      .add("kensa:sys_object_id", device.sys_object_id)
      .add("kensa:location", device.location)
      .add("kensa:model", device.model)
      .add("kensa:chassis_mac", device.chassis_mac)
      .add("kensa:identity", device.identity_kind + ":" + device.identity_key)
      .add("kensa:neighbor_only", std::string(device.neighbor_only ? "true" : "false"))
      .add("kensa:site", device.site)
      .add("kensa:first_seen", device.first_seen_at)
      .add("kensa:last_seen", device.last_seen_at);
  add_finding_properties(properties, request, device, std::nullopt);
  properties.close();
  out.end_object();
}

// The "affects" array, written once per group of components: a release's
// vulnerabilities affect the same (possibly very many) firmware components.
std::string affects_json(const std::vector<std::string>& refs) {
  std::string out = "[";
  for (std::size_t i = 0; i < refs.size(); ++i)
    (((out += i ? ",{\"ref\":\"" : "{\"ref\":\"") += refs[i]) += "\"}");  // refs are plain ASCII
  return out + "]";
}

// CycloneDX's rating method for a CVSS version.
std::string rating_method(const std::string& version) {
  if (version == "4.0") return "CVSSv4";
  if (version == "3.1") return "CVSSv31";
  if (version.rfind("3", 0) == 0) return "CVSSv3";
  return "CVSSv2";
}

json analysis_json(const riskdb::TriageDecision& decision) {
  json analysis{{"state", decision.state},
                {"detail", json_safe(decision.reason + " (decided by " + decision.decided_by +
                                     " at " + decision.decided_at + ")")},
                {"lastUpdated", decision.decided_at}};
  if (decision.justification) analysis["justification"] = *decision.justification;
  return analysis;
}

std::string vulnerability(std::size_t ordinal, const riskdb::ExportFinding& finding,
                          riskdb::CvssRatings& cvss, const riskdb::TriageDecision* decision,
                          const std::string& affects) {
  const bool cve = finding.reference.rfind("CVE-", 0) == 0;
  json ratings = json::array();
  if (cve)
    for (const riskdb::CvssRating& rating : cvss.of(finding.reference)) {
      json entry{
          {"source",
           {{"name", "NVD"}, {"url", "https://nvd.nist.gov/vuln/detail/" + finding.reference}}},
          {"score", rating.score},
          {"severity", riskdb::cvss_severity(rating.score)},
          {"method", rating_method(rating.version)}};
      if (rating.vector) entry["vector"] = json_safe(*rating.vector);
      ratings.push_back(std::move(entry));
    }
  if (ratings.empty())  // no CVSS score: the policy's severity is all there is
    ratings.push_back({{"severity", finding.severity},
                       {"method", "other"},
                       {"source", {{"name", "kensa policy"}}}});
  json entry{
      {"bom-ref", "finding-" + std::to_string(ordinal)},
      {"id", finding.reference},
      {"ratings", ratings},
      {"description", json_safe(finding.reason)},
      {"properties", json::array({{{"name", "kensa:kind"}, {"value", finding.kind}},
                                  {{"name", "kensa:severity"}, {"value", finding.severity}}})}};
  if (cve)
    entry["source"] = {{"name", "NVD"},
                       {"url", "https://nvd.nist.gov/vuln/detail/" + finding.reference}};
  if (finding.kind == "known_exploited") {
    entry["properties"].push_back({{"name", "kensa:known_exploited"}, {"value", "true"}});
    entry["advisories"] =
        json::array({{{"title", "CISA Known Exploited Vulnerabilities Catalog"},
                      {"url", "https://www.cisa.gov/known-exploited-vulnerabilities-catalog"}}});
  }
  if (decision != nullptr) entry["analysis"] = analysis_json(*decision);
  std::string text = dump(entry);
  text.pop_back();  // the closing brace
  return text + ",\"affects\":" + affects + "}";
}

}  // namespace

void write_cyclonedx_export(const ExportRequest& request, std::ostream& out) {
  const auto& sweep = request.context.sweep;
  json metadata{{"timestamp", sweep.finished_at.value_or(sweep.started_at)},
                {"tools",
                 {{"components", json::array({{{"type", "application"},
                                               {"name", "kensa"},
                                               {"version", std::string(kensa_version)}}})}}},
                {"properties",
                 json::array({{{"name", "kensa:sweep:id"}, {"value", std::to_string(sweep.id)}},
                              {{"name", "kensa:sweep:status"}, {"value", sweep.status}},
                              {{"name", "kensa:sweep:started_at"}, {"value", sweep.started_at}}})}};
  if (sweep.judged_at)
    metadata["properties"].push_back(
        {{"name", "kensa:sweep:judged_at"}, {"value", *sweep.judged_at}});
  if (sweep.policy_sha256)
    metadata["properties"].push_back(
        {{"name", "kensa:policy:sha256"}, {"value", *sweep.policy_sha256}});
  for (const auto& dataset : request.context.datasets)
    metadata["properties"].push_back(
        {{"name", "kensa:dataset:" + dataset.kind},
         {"value", dataset.version.value_or("") + " sha256:" + dataset.sha256 + " loaded " +
                       dataset.loaded_at}});
  json head{{"bomFormat", "CycloneDX"},
            {"specVersion", "1.6"},
            {"serialNumber", serial_number(request)},
            {"version", 1},
            {"metadata", metadata}};
  std::string text = dump(head);
  text.pop_back();
  out << text << ",\"components\":[";

  const ProfileSummaries profiles = load_profile_summaries(request);
  // Vulnerabilities found on devices themselves, grouped by what they say
  // and the triage decision on them, with the components they affect.
  using Group = std::pair<riskdb::ExportFinding, const riskdb::TriageDecision*>;
  // Keyed by the decision's id (0: none), never its address, so that the
  // order is the same in every export.
  std::map<std::tuple<std::string, std::string, std::string, std::int64_t>,
           std::pair<Group, std::vector<std::string>>>
      grouped;
  // The firmware components of each software profile, with their device's
  // identity, whose triage may differ from device to device.
  struct FirmwareUser {
    std::string ref, identity_kind, identity_key;
  };
  std::map<std::int64_t, std::vector<FirmwareUser>> firmware_users;
  bool first = true;
  std::string buffer;
  riskdb::visit_export_devices(
      *request.database, sweep.id, request.filter, [&](const riskdb::ExportDevice& device) {
        buffer.assign(first ? "\n" : ",\n");
        JsonWriter writer(buffer);
        write_component(writer, request, device, profiles);
        out << buffer;
        first = false;
        const std::string ref = device_ref(device.device_id);
        for (const auto& finding : device.findings) {
          if (!is_vulnerability(finding)) continue;
          const riskdb::TriageDecision* decision = finding_triage(request, device, finding);
          auto& [kept, refs] = grouped[{finding.kind, finding.reference, finding.reason,
                                        decision ? decision->id : 0}];
          if (refs.empty()) kept = {finding, decision};
          refs.push_back(finding.module_index
                             ? ref + "/module-" + std::to_string(*finding.module_index)
                             : ref);
        }
        if (device.profile_id)
          firmware_users[*device.profile_id].push_back(
              {ref + "/firmware", device.identity_kind, device.identity_key});
      });
  out << "],\"vulnerabilities\":[";
  riskdb::CvssRatings cvss(*request.database);
  first = true;
  std::size_t ordinal = 0;
  for (const auto& [key, entry] : grouped) {
    out << (first ? "\n" : ",\n")
        << vulnerability(++ordinal, entry.first.first, cvss, entry.first.second,
                         affects_json(entry.second));
    first = false;
  }
  riskdb::visit_export_profiles(
      *request.database, sweep.id, [&](const riskdb::ExportProfile& profile) {
        const auto users = firmware_users.find(profile.id);
        if (users == firmware_users.end()) return;
        for (const auto& finding : profile.findings) {
          // One entry per distinct decision among the devices running it.
          std::map<std::int64_t, std::pair<const riskdb::TriageDecision*, std::vector<std::string>>>
              by_decision;  // by decision id, 0 for none
          for (const FirmwareUser& user : users->second) {
            const riskdb::TriageDecision* decision =
                request.triage.find(user.identity_kind, user.identity_key, finding.kind,
                                    finding.reference, std::nullopt);
            auto& [kept, refs] = by_decision[decision ? decision->id : 0];
            kept = decision;
            refs.push_back(user.ref);
          }
          for (const auto& [id, group] : by_decision) {
            const auto& [decision, refs] = group;
            out << (first ? "\n" : ",\n")
                << vulnerability(++ordinal, finding, cvss, decision, affects_json(refs));
            first = false;
          }
        }
      });
  out << "]}\n";
  out.flush();
  if (!out) throw std::runtime_error("cannot write the CycloneDX export");
}

}  // namespace kensa::cli
