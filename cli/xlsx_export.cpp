// XLSX (libxlsxwriter): one sheet per table (Devices, Modules, Findings,
// Vulnerabilities, Triage, Datasets, Coverage, Sweep), written a row at a time.

#include <xlsxwriter.h>

#include <ctime>
#include <memory>
#include <set>
#include <stdexcept>

#include "cli/export_coverage.hpp"
#include "cli/export_formats.hpp"
#include "cli/untrusted_text.hpp"

namespace kensa::cli {
namespace {

// A cell holds at most 32,767 characters; longer text is cut at a UTF-8
// boundary and says so.
constexpr std::size_t max_cell_bytes = 32000;

std::string cell_text(std::string_view untrusted) {
  std::string text = escape_for_terminal(untrusted);
  if (text.size() <= max_cell_bytes) return text;
  std::size_t cut = max_cell_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  text.resize(cut);
  return text + " [cut: " + std::to_string(untrusted.size()) + " bytes in all]";
}

// One table, continued on "NAME (2)", ... past Excel's row limit. Values
// are always written as strings or numbers, never as formulas.
class Sheet {
 public:
  Sheet(lxw_workbook* workbook, std::string name, std::vector<std::string> header)
      : workbook_(workbook), name_(std::move(name)), header_(std::move(header)) {
    start();
  }

  Sheet& text(const std::string& value) {
    check(worksheet_write_string(sheet_, row_, column_++, cell_text(value).c_str(), nullptr));
    return *this;
  }
  Sheet& text(const char* value) { return text(std::string(value)); }
  Sheet& text(const std::optional<std::string>& value) { return value ? text(*value) : empty(); }
  Sheet& empty() {
    ++column_;
    return *this;
  }
  Sheet& number(double value) {
    check(worksheet_write_number(sheet_, row_, column_++, value, nullptr));
    return *this;
  }
  void end_row() {
    column_ = 0;
    if (++row_ >= LXW_ROW_MAX) start();
  }

 private:
  void start() {
    const std::string name = part_ == 0 ? name_ : name_ + " (" + std::to_string(part_ + 1) + ")";
    ++part_;
    sheet_ = workbook_add_worksheet(workbook_, name.c_str());
    if (sheet_ == nullptr) throw std::runtime_error("cannot add the sheet " + name);
    row_ = 0;
    column_ = 0;
    for (const auto& label : header_) text(label);
    end_row();
  }
  void check(lxw_error error) {
    if (error != LXW_NO_ERROR)
      throw std::runtime_error(std::string("xlsx: ") + lxw_strerror(error));
  }

  lxw_workbook* workbook_;
  std::string name_;
  std::vector<std::string> header_;
  lxw_worksheet* sheet_ = nullptr;
  lxw_row_t row_ = 0;
  lxw_col_t column_ = 0;
  int part_ = 0;
};

// "2026-12-03T10:57:37Z" as seconds since the epoch; for another text
// 1980-01-01, the zip entries' own time (libxlsxwriter reads 0 as "now").
std::time_t utc_seconds(const std::string& iso) {
  std::tm parts{};
  if (strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &parts) == nullptr) return 315532800;
  return timegm(&parts);
}

}  // namespace

void write_xlsx_export(const ExportRequest& request, const std::filesystem::path& out) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.use_zip64 = LXW_TRUE;
  std::unique_ptr<lxw_workbook, void (*)(lxw_workbook*)> workbook(
      workbook_new_opt(out.c_str(), &options), [](lxw_workbook* book) {
        if (book != nullptr) lxw_workbook_free(book);
      });
  if (!workbook) throw std::runtime_error("cannot create " + out.string());
  const auto& sweep = request.context.sweep;
  // The document's creation time is the judgement's, never the clock's, so
  // that the same sweep exports to the same bytes.
  lxw_doc_properties properties{};
  std::string title = "kensa export of sweep " + std::to_string(sweep.id);
  properties.title = title.data();
  properties.created = utc_seconds(sweep.judged_at.value_or(sweep.started_at));
  if (workbook_set_properties(workbook.get(), &properties) != LXW_NO_ERROR)
    throw std::runtime_error("cannot set the properties of " + out.string());

  Sheet devices(workbook.get(), "Devices",
                {"device_id", "name", "vendor", "model", "serial", "firmware", "os", "address",
                 "location", "risk", "screening_status", "neighbor_only", "software_profile",
                 "identity", "first_seen", "last_seen", "sys_object_id", "sys_descr", "site"});
  Sheet modules(
      workbook.get(), "Modules",
      {"device_id", "module_index", "contained_in", "class", "name", "description", "model",
       "serial", "firmware", "software", "hardware_revision", "manufacturer", "screening_status"});
  Sheet findings(workbook.get(), "Findings",
                 {"device_id", "module_index", "kind", "severity", "reference", "reason",
                  "dataset_id", "evidence"});
  Sheet vulnerabilities(
      workbook.get(), "Vulnerabilities",
      {"software_profile", "cpes", "kind", "severity", "reference", "reason", "dataset_id"});
  Sheet triage(workbook.get(), "Triage",
               {"device_id", "identity", "kind", "reference", "subject", "state", "justification",
                "reason", "decided_by", "decided_at"});
  const ProfileSummaries profiles = load_profile_summaries(request);
  std::set<std::int64_t> used_profiles;  // only those of the devices the filter keeps
  riskdb::visit_export_devices(
      *request.database, sweep.id, request.filter, [&](const riskdb::ExportDevice& device) {
        if (device.profile_id) used_profiles.insert(*device.profile_id);
        devices.number(static_cast<double>(device.device_id))
            .text(device.sys_name)
            .text(device.vendor)
            .text(device.model)
            .text(device.serial)
            .text(device.firmware)
            .text(device.os)
            .text(device.address)
            .text(device.location)
            .text(device.risk)
            .text(device.screening_status)
            .text(device.neighbor_only ? "yes" : "no");
        if (device.profile_id)
          devices.number(static_cast<double>(*device.profile_id));
        else
          devices.empty();
        devices.text(device.identity_kind + ":" + device.identity_key)
            .text(device.first_seen_at)
            .text(device.last_seen_at)
            .text(device.sys_object_id)
            .text(device.sys_descr)
            .text(device.site)
            .end_row();
        for (const auto& module : device.modules) {
          modules.number(static_cast<double>(device.device_id))
              .number(static_cast<double>(module.index))
              .number(static_cast<double>(module.contained_in))
              .text(module.class_name)
              .text(module.name)
              .text(module.description)
              .text(module.model)
              .text(module.serial)
              .text(module.firmware)
              .text(module.software)
              .text(module.hardware_revision)
              .text(module.manufacturer)
              .text(module.screening_status)
              .end_row();
        }
        for (const auto& finding : device.findings) {
          findings.number(static_cast<double>(device.device_id));
          if (finding.module_index)
            findings.number(static_cast<double>(*finding.module_index));
          else
            findings.empty();
          findings.text(finding.kind)
              .text(finding.severity)
              .text(finding.reference)
              .text(finding.reason);
          if (finding.dataset_id)
            findings.number(static_cast<double>(*finding.dataset_id));
          else
            findings.empty();
          findings.text(finding.evidence_json).end_row();
        }
        for (const riskdb::TriageDecision* decision : device_triage(request, device, profiles))
          triage.number(static_cast<double>(device.device_id))
              .text(device.identity_kind + ":" + device.identity_key)
              .text(decision->kind)
              .text(decision->reference)
              .text(decision->subject)
              .text(decision->state)
              .text(decision->justification)
              .text(decision->reason)
              .text(decision->decided_by)
              .text(decision->decided_at)
              .end_row();
      });
  riskdb::visit_export_profiles(
      *request.database, sweep.id, [&](const riskdb::ExportProfile& profile) {
        if (!used_profiles.contains(profile.id)) return;
        std::string cpes;
        for (const auto& cpe : profile.cpes) cpes += (cpes.empty() ? "" : " ") + cpe;
        for (const auto& finding : profile.findings) {
          vulnerabilities.number(static_cast<double>(profile.id))
              .text(cpes)
              .text(finding.kind)
              .text(finding.severity)
              .text(finding.reference)
              .text(finding.reason);
          if (finding.dataset_id)
            vulnerabilities.number(static_cast<double>(*finding.dataset_id));
          else
            vulnerabilities.empty();
          vulnerabilities.end_row();
        }
        for (const auto& id : profile.undetermined)
          vulnerabilities.number(static_cast<double>(profile.id))
              .text(cpes)
              .text("undetermined")
              .empty()
              .text(id)
              .text(
                  "applicability could not be decided: a version order this firmware's "
                  "numbering cannot tell")
              .empty()
              .end_row();
      });
  Sheet datasets(workbook.get(), "Datasets",
                 {"id", "kind", "version", "source", "sha256", "loaded_at", "rows"});
  for (const auto& dataset : request.context.datasets)
    datasets.number(static_cast<double>(dataset.id))
        .text(dataset.kind)
        .text(dataset.version)
        .text(dataset.source)
        .text(dataset.sha256)
        .text(dataset.loaded_at)
        .number(static_cast<double>(dataset.row_count))
        .end_row();
  Sheet coverage(workbook.get(), "Coverage", coverage_columns());
  for (const auto& values : coverage_rows(request.context)) {
    for (const auto& value : values) coverage.text(value);
    coverage.end_row();
  }
  Sheet about(workbook.get(), "Sweep", {"field", "value"});
  const std::vector<std::pair<std::string, std::optional<std::string>>> facts{
      {"id", std::to_string(sweep.id)},       {"status", sweep.status},
      {"started_at", sweep.started_at},       {"finished_at", sweep.finished_at},
      {"judged_at", sweep.judged_at},         {"targets", sweep.targets},
      {"parameters", sweep.parameters},       {"counters", sweep.counters},
      {"policy_sha256", sweep.policy_sha256}, {"filter", request.filter_json.dump()}};
  for (const auto& [field, value] : facts) about.text(field).text(value).end_row();
  const lxw_error closed = workbook_close(workbook.release());
  if (closed != LXW_NO_ERROR)
    throw std::runtime_error("cannot write " + out.string() + ": " + lxw_strerror(closed));
}

}  // namespace kensa::cli
