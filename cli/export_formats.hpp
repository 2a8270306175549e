#pragma once
// The export formats: one writer per format, each in a file of its own,
// all reading one sweep through riskdb/sweep_export.hpp.
//
// Contract, for every writer:
// - Complete: every device the filter keeps, with its findings; findings of
//   shared software profiles (vulnerabilities) come with every device that
//   has the profile, however the format lays them out.
// - Reproducible: the same database and options give the same bytes (no
//   clock is read; times are the sweep's own).
// - Safe to open: device-supplied strings are attacker-controlled. CSV and
//   HTML show them as escape_for_terminal does (printable UTF-8 as is,
//   control bytes and invalid UTF-8 as visible \xNN escapes); CSV fields
//   that would start with =, +, -, @, tab or CR are prefixed with ' so that
//   no spreadsheet runs them as formulas; HTML escapes every string and
//   embeds its data so that no string can end the script that holds it.
//   JSON formats keep strings as they are, with invalid UTF-8 replaced by
//   U+FFFD.
// Writers throw std::runtime_error when the output cannot be written.

#include <cstdint>
#include <filesystem>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "riskdb/database.hpp"

#include "riskdb/sweep_export.hpp"
#include "riskdb/triage.hpp"

namespace kensa::cli {

struct ExportRequest {
  const riskdb::Database* database = nullptr;
  riskdb::ExportContext context;
  riskdb::InventoryFilter filter;
  nlohmann::json filter_json = nlohmann::json::object();  // as the user gave it, for the record
  bool modules = false;       // csv: one row per module instead of per device
  bool excel_bom = false;     // csv: start with a UTF-8 byte order mark
  riskdb::TriageBook triage;  // the decisions in force, carried in every format
};

// What a device's software profile adds to its findings, computed once.
struct ProfileSummary {
  std::vector<std::string> cpes;
  std::map<std::string, std::size_t> by_severity;
  std::vector<std::string> known_exploited;  // CVE ids
  std::vector<std::string> undetermined;     // CVE ids whose applicability could not be decided
  std::set<std::pair<std::string, std::string>> finding_keys;  // (kind, reference)
  std::size_t total = 0;
};
using ProfileSummaries = std::map<std::int64_t, ProfileSummary>;
[[nodiscard]] ProfileSummaries load_profile_summaries(const ExportRequest& request);

// The triage decisions in force on the findings this device has in the
// sweep: its own, and its software profile's.
[[nodiscard]] std::vector<const riskdb::TriageDecision*> device_triage(
    const ExportRequest& request, const riskdb::ExportDevice& device,
    const ProfileSummaries& profiles);
// "known_exploited CVE-2023-20198: not_affected (requires_configuration); ...".
[[nodiscard]] std::string triage_summary(
    const std::vector<const riskdb::TriageDecision*>& decisions);
// The decision on one of the device's own findings, if any.
[[nodiscard]] const riskdb::TriageDecision* finding_triage(const ExportRequest& request,
                                                           const riskdb::ExportDevice& device,
                                                           const riskdb::ExportFinding& finding);

void write_csv_export(const ExportRequest& request, std::ostream& out);
// The coverage section (export_coverage.hpp) as a CSV file of its own.
void write_csv_coverage(const ExportRequest& request, std::ostream& out);
void write_json_export(const ExportRequest& request, std::ostream& out, bool json_lines);
void write_cyclonedx_export(const ExportRequest& request, std::ostream& out);
void write_html_export(const ExportRequest& request, std::ostream& out);
void write_xlsx_export(const ExportRequest& request, const std::filesystem::path& out);

// "2001:db8::1" for a string as JSON formats keep it: invalid UTF-8 replaced.
[[nodiscard]] std::string json_safe(std::string_view octets);

}  // namespace kensa::cli
