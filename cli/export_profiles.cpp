// What exports share: the findings each software profile adds to the
// devices that run it, and strings made safe for JSON.

#include <nlohmann/json.hpp>

#include "cli/export_formats.hpp"

namespace kensa::cli {

ProfileSummaries load_profile_summaries(const ExportRequest& request) {
  ProfileSummaries summaries;
  riskdb::visit_export_profiles(*request.database, request.context.sweep.id,
                                [&](const riskdb::ExportProfile& profile) {
                                  ProfileSummary& summary = summaries[profile.id];
                                  summary.cpes = profile.cpes;
                                  summary.undetermined = profile.undetermined;
                                  for (const auto& finding : profile.findings) {
                                    ++summary.by_severity[finding.severity];
                                    ++summary.total;
                                    if (finding.kind == "known_exploited")
                                      summary.known_exploited.push_back(finding.reference);
                                  }
                                });
  return summaries;
}

std::string json_safe(std::string_view octets) {
  // nlohmann's replace handler writes U+FFFD for every invalid byte; dumping
  // and parsing back is the simplest way to apply it to one string.
  const std::string quoted = nlohmann::json(std::string(octets))
                                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(quoted).get<std::string>();
}

}  // namespace kensa::cli
