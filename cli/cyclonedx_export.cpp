// CycloneDX 1.6 JSON: each device a component of type "device" with its
// firmware (with CPE) and modules nested, findings as vulnerabilities that
// affect the component they are about.

#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/export_formats.hpp"
#include "cli/json_writer.hpp"
#include "cli/version.hpp"
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
    out_.begin_object().field("name", name).field("value", *value).end_object();
    return *this;
  }
  void close() {
    if (open_) out_.end_array();
  }

 private:
  JsonWriter& out_;
  bool open_ = false;
};

void write_component(JsonWriter& out, const riskdb::ExportDevice& device,
                     const ProfileSummaries& profiles) {
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
          .add("kensa:screening_status", module.screening_status)
          .close();
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
      .add("kensa:first_seen", device.first_seen_at)
      .add("kensa:last_seen", device.last_seen_at)
      .close();
  out.end_object();
}

bool is_cve(const std::string& reference) { return reference.rfind("CVE-", 0) == 0; }

// The "affects" array, written once per group of components: a release's
// vulnerabilities affect the same (possibly very many) firmware components.
std::string affects_json(const std::vector<std::string>& refs) {
  std::string out = "[";
  for (std::size_t i = 0; i < refs.size(); ++i)
    (((out += i ? ",{\"ref\":\"" : "{\"ref\":\"") += refs[i]) += "\"}");  // refs are plain ASCII
  return out + "]";
}

std::string vulnerability(std::size_t ordinal, const riskdb::ExportFinding& finding,
                          const std::string& affects) {
  json entry{{"bom-ref", "finding-" + std::to_string(ordinal)},
             {"id", finding.reference.empty() ? finding.kind : finding.reference},
             {"ratings", json::array({{{"severity", finding.severity},
                                       {"method", "other"},
                                       {"source", {{"name", "kensa policy"}}}}})},
             {"description", json_safe(finding.reason)},
             {"properties", json::array({{{"name", "kensa:kind"}, {"value", finding.kind}}})}};
  if (is_cve(finding.reference))
    entry["source"] = {{"name", "NVD"},
                       {"url", "https://nvd.nist.gov/vuln/detail/" + finding.reference}};
  else
    entry["source"] = {{"name", "kensa"}};
  if (finding.kind == "known_exploited") {
    entry["properties"].push_back({{"name", "kensa:known_exploited"}, {"value", "true"}});
    entry["advisories"] =
        json::array({{{"title", "CISA Known Exploited Vulnerabilities Catalog"},
                      {"url", "https://www.cisa.gov/known-exploited-vulnerabilities-catalog"}}});
  }
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
  // Device findings, grouped by what they say, with the components they affect.
  std::map<std::tuple<std::string, std::string, std::string>,
           std::pair<riskdb::ExportFinding, std::vector<std::string>>>
      grouped;
  std::map<std::int64_t, std::vector<std::string>> firmware_refs;  // profile -> components
  bool first = true;
  std::string buffer;
  riskdb::visit_export_devices(
      *request.database, sweep.id, request.filter, [&](const riskdb::ExportDevice& device) {
        buffer.assign(first ? "\n" : ",\n");
        JsonWriter writer(buffer);
        write_component(writer, device, profiles);
        out << buffer;
        first = false;
        const std::string ref = device_ref(device.device_id);
        for (const auto& finding : device.findings) {
          auto& [kept, refs] = grouped[{finding.kind, finding.reference, finding.reason}];
          if (refs.empty()) kept = finding;
          refs.push_back(finding.module_index
                             ? ref + "/module-" + std::to_string(*finding.module_index)
                             : ref);
        }
        if (device.profile_id) firmware_refs[*device.profile_id].push_back(ref + "/firmware");
      });
  out << "],\"vulnerabilities\":[";
  first = true;
  std::size_t ordinal = 0;
  for (const auto& [key, entry] : grouped) {
    out << (first ? "\n" : ",\n")
        << vulnerability(++ordinal, entry.first, affects_json(entry.second));
    first = false;
  }
  riskdb::visit_export_profiles(
      *request.database, sweep.id, [&](const riskdb::ExportProfile& profile) {
        const auto refs = firmware_refs.find(profile.id);
        if (refs == firmware_refs.end()) return;
        const std::string affects = affects_json(refs->second);
        for (const auto& finding : profile.findings) {
          out << (first ? "\n" : ",\n") << vulnerability(++ordinal, finding, affects);
          first = false;
        }
      });
  out << "]}\n";
  out.flush();
  if (!out) throw std::runtime_error("cannot write the CycloneDX export");
}

}  // namespace kensa::cli
