// CSV (RFC 4180): one row per device, or per module with --modules; the
// coverage table in a file of its own beside it (OUT.coverage.csv).

#include <ostream>
#include <stdexcept>

#include "cli/export_coverage.hpp"
#include "cli/export_formats.hpp"
#include "cli/untrusted_text.hpp"

namespace kensa::cli {
namespace {

// One field: shown as on a terminal (one line, controls and invalid UTF-8
// as visible escapes), neutralised against formulas, quoted when needed.
std::string field(std::string_view value) {
  std::string text = escape_for_terminal(value);
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r'))
    text.insert(text.begin(), '\'');
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string field(const std::string& value) { return field(std::string_view(value)); }
std::string field(const std::optional<std::string>& value) {
  return field(std::string_view(value ? *value : std::string()));
}

void row(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << fields[i];
  out << "\r\n";
}

std::string joined(const std::vector<std::string>& values) {
  std::string text;
  for (const auto& value : values) text += (text.empty() ? "" : "; ") + value;
  return text;
}

}  // namespace

void write_csv_coverage(const ExportRequest& request, std::ostream& out) {
  if (request.excel_bom) out << "\xEF\xBB\xBF";
  std::vector<std::string> header;
  for (const std::string& column : coverage_columns()) header.push_back(field(column));
  row(out, header);
  for (const auto& values : coverage_rows(request.context)) {
    std::vector<std::string> fields;
    for (const auto& value : values) fields.push_back(field(value));
    row(out, fields);
  }
  if (!out) throw std::runtime_error("cannot write the CSV coverage file");
}

void write_csv_export(const ExportRequest& request, std::ostream& out) {
  if (request.excel_bom) out << "\xEF\xBB\xBF";
  const ProfileSummaries profiles = load_profile_summaries(request);
  const std::int64_t sweep = request.context.sweep.id;
  if (request.modules) {
    row(out,
        {"sweep",         "device_id",         "device_name",  "device_vendor",    "device_model",
         "device_serial", "device_address",    "module_index", "contained_in",     "class",
         "name",          "description",       "model",        "serial",           "firmware",
         "software",      "hardware_revision", "manufacturer", "screening_status", "findings"});
    riskdb::visit_export_devices(*request.database, sweep, request.filter,
                                 [&](const riskdb::ExportDevice& device) {
                                   for (const auto& module : device.modules) {
                                     std::size_t findings = 0;
                                     for (const auto& finding : device.findings)
                                       if (finding.module_index == module.index) ++findings;
                                     row(out, {std::to_string(sweep),
                                               std::to_string(device.device_id),
                                               field(device.sys_name),
                                               field(device.vendor),
                                               field(device.model),
                                               field(device.serial),
                                               field(device.address),
                                               std::to_string(module.index),
                                               std::to_string(module.contained_in),
                                               field(module.class_name),
                                               field(module.name),
                                               field(module.description),
                                               field(module.model),
                                               field(module.serial),
                                               field(module.firmware),
                                               field(module.software),
                                               field(module.hardware_revision),
                                               field(module.manufacturer),
                                               field(module.screening_status),
                                               std::to_string(findings)});
                                   }
                                 });
  } else {
    row(out, {"sweep",
              "device_id",
              "name",
              "vendor",
              "model",
              "serial",
              "firmware",
              "os",
              "address",
              "location",
              "risk",
              "findings",
              "critical",
              "high",
              "medium",
              "low",
              "info",
              "known_exploited",
              "undetermined_cves",
              "restricted_by",
              "triage",
              "screening_status",
              "neighbor_only",
              "identity",
              "first_seen",
              "last_seen",
              "sys_object_id",
              "sys_descr",
              "site"});
    riskdb::visit_export_devices(
        *request.database, sweep, request.filter, [&](const riskdb::ExportDevice& device) {
          std::map<std::string, std::size_t> by_severity;
          std::vector<std::string> exploited, restricted, undetermined;
          std::size_t total = device.findings.size();
          for (const auto& finding : device.findings) {
            ++by_severity[finding.severity];
            if (finding.kind == "restricted_vendor") restricted.push_back(finding.reference);
          }
          if (device.profile_id)
            if (const auto profile = profiles.find(*device.profile_id); profile != profiles.end()) {
              for (const auto& [severity, count] : profile->second.by_severity)
                by_severity[severity] += count;
              exploited = profile->second.known_exploited;
              undetermined = profile->second.undetermined;
              total += profile->second.total;
            }
          const auto count = [&](const char* severity) {
            const auto found = by_severity.find(severity);
            return std::to_string(found == by_severity.end() ? 0 : found->second);
          };
          row(out, {std::to_string(sweep),
                    std::to_string(device.device_id),
                    field(device.sys_name),
                    field(device.vendor),
                    field(device.model),
                    field(device.serial),
                    field(device.firmware),
                    field(device.os),
                    field(device.address),
                    field(device.location),
                    field(device.risk),
                    std::to_string(total),
                    count("critical"),
                    count("high"),
                    count("medium"),
                    count("low"),
                    count("info"),
                    field(joined(exploited)),
                    field(joined(undetermined)),
                    field(joined(restricted)),
                    field(triage_summary(device_triage(request, device, profiles))),
                    field(device.screening_status),
                    device.neighbor_only ? "yes" : "no",
                    field(device.identity_kind + ":" + device.identity_key),
                    field(device.first_seen_at),
                    field(device.last_seen_at),
                    field(device.sys_object_id),
                    field(device.sys_descr),
                    field(device.site)});
        });
  }
  out.flush();
  if (!out) throw std::runtime_error("cannot write the CSV export");
}

}  // namespace kensa::cli
