// CycloneDX 1.6 JSON: each device a component of type "device" with its
// firmware (with CPE) and modules nested, findings as vulnerabilities that
// affect the component they are about.

#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/export_formats.hpp"
#include "cli/version.hpp"
#include "riskdb/file_digest.hpp"

namespace kensa::cli {
namespace {

using nlohmann::json;

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void property(json& properties, const std::string& name, const std::optional<std::string>& value) {
  if (value && !value->empty()) properties.push_back({{"name", name}, {"value", *value}});
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

json component_for(const riskdb::ExportDevice& device, const ProfileSummaries& profiles) {
  const std::string ref = device_ref(device.device_id);
  json properties = json::array();
  property(properties, "kensa:serial", device.serial);
  property(properties, "kensa:screening_status", device.screening_status);
  property(properties, "kensa:risk", device.risk);
  property(properties, "kensa:address", device.address);
  property(properties, "kensa:sys_name", device.sys_name);
  property(properties, "kensa:sys_object_id", device.sys_object_id);
  property(properties, "kensa:location", device.location);
  property(properties, "kensa:model", device.model);
  property(properties, "kensa:chassis_mac", device.chassis_mac);
  property(properties, "kensa:identity", device.identity_kind + ":" + device.identity_key);
  property(properties, "kensa:neighbor_only", device.neighbor_only ? "true" : "false");
  property(properties, "kensa:first_seen", device.first_seen_at);
  property(properties, "kensa:last_seen", device.last_seen_at);
  json component{
      {"type", "device"},
      {"bom-ref", ref},
      {"name", json_safe(device.model.value_or(device.sys_name.value_or("unidentified device")))}};
  if (device.vendor) component["manufacturer"] = {{"name", json_safe(*device.vendor)}};
  if (device.sys_descr) component["description"] = json_safe(*device.sys_descr);
  json children = json::array();
  const auto profile = device.profile_id ? profiles.find(*device.profile_id) : profiles.end();
  if (device.firmware || device.os || profile != profiles.end()) {
    json firmware{{"type", "firmware"},
                  {"bom-ref", ref + "/firmware"},
                  {"name", json_safe(device.os.value_or("firmware"))}};
    if (device.firmware) firmware["version"] = json_safe(*device.firmware);
    if (device.vendor) firmware["manufacturer"] = {{"name", json_safe(*device.vendor)}};
    if (profile != profiles.end() && !profile->second.cpes.empty())
      firmware["cpe"] = profile->second.cpes.front();
    children.push_back(firmware);
  }
  for (const auto& module : device.modules) {
    json module_properties = json::array();
    property(module_properties, "kensa:serial", module.serial);
    property(module_properties, "kensa:class", module.class_name);
    property(module_properties, "kensa:entity_index", std::to_string(module.index));
    property(module_properties, "kensa:contained_in", std::to_string(module.contained_in));
    property(module_properties, "kensa:firmware", module.firmware);
    property(module_properties, "kensa:software", module.software);
    property(module_properties, "kensa:hardware_revision", module.hardware_revision);
    property(module_properties, "kensa:screening_status", module.screening_status);
    json child{{"type", "device"},
               {"bom-ref", ref + "/module-" + std::to_string(module.index)},
               {"name", json_safe(module.model.value_or(module.name.value_or(module.class_name)))}};
    if (module.manufacturer) child["manufacturer"] = {{"name", json_safe(*module.manufacturer)}};
    if (module.description) child["description"] = json_safe(*module.description);
    if (!module_properties.empty()) child["properties"] = module_properties;
    children.push_back(child);
  }
  if (!children.empty()) component["components"] = children;
  if (!properties.empty()) component["properties"] = properties;
  return component;
}

bool is_cve(const std::string& reference) { return reference.rfind("CVE-", 0) == 0; }

json vulnerability(std::size_t ordinal, const riskdb::ExportFinding& finding,
                   const std::vector<std::string>& refs) {
  json affects = json::array();
  for (const auto& ref : refs) affects.push_back({{"ref", ref}});
  json entry{{"bom-ref", "finding-" + std::to_string(ordinal)},
             {"id", finding.reference.empty() ? finding.kind : finding.reference},
             {"ratings", json::array({{{"severity", finding.severity},
                                       {"method", "other"},
                                       {"source", {{"name", "kensa policy"}}}}})},
             {"description", json_safe(finding.reason)},
             {"affects", affects},
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
  return entry;
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
  riskdb::visit_export_devices(
      *request.database, sweep.id, request.filter, [&](const riskdb::ExportDevice& device) {
        out << (first ? "\n" : ",\n") << dump(component_for(device, profiles));
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
    out << (first ? "\n" : ",\n") << dump(vulnerability(++ordinal, entry.first, entry.second));
    first = false;
  }
  riskdb::visit_export_profiles(
      *request.database, sweep.id, [&](const riskdb::ExportProfile& profile) {
        const auto refs = firmware_refs.find(profile.id);
        if (refs == firmware_refs.end()) return;
        for (const auto& finding : profile.findings) {
          out << (first ? "\n" : ",\n") << dump(vulnerability(++ordinal, finding, refs->second));
          first = false;
        }
      });
  out << "]}\n";
  out.flush();
  if (!out) throw std::runtime_error("cannot write the CycloneDX export");
}

}  // namespace kensa::cli
