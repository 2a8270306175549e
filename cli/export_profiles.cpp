// What exports share: the findings each software profile adds to the
// devices that run it, and strings made safe for JSON.

#include <nlohmann/json.hpp>

#include <algorithm>

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
                                    summary.finding_keys.emplace(finding.kind, finding.reference);
                                    if (finding.kind == "known_exploited")
                                      summary.known_exploited.push_back(finding.reference);
                                  }
                                });
  return summaries;
}

const riskdb::TriageDecision* finding_triage(const ExportRequest& request,
                                             const riskdb::ExportDevice& device,
                                             const riskdb::ExportFinding& finding) {
  return request.triage.find(device.identity_kind, device.identity_key, finding.kind,
                             finding.reference, finding.module_index);
}

std::vector<const riskdb::TriageDecision*> device_triage(const ExportRequest& request,
                                                         const riskdb::ExportDevice& device,
                                                         const ProfileSummaries& profiles) {
  std::vector<const riskdb::TriageDecision*> found;
  if (request.triage.empty()) return found;
  const auto profile = device.profile_id ? profiles.find(*device.profile_id) : profiles.end();
  for (const riskdb::TriageDecision* decision :
       request.triage.of_device(device.identity_kind, device.identity_key)) {
    const bool own =
        std::any_of(device.findings.begin(), device.findings.end(), [&](const auto& f) {
          return f.kind == decision->kind && f.reference == decision->reference &&
                 riskdb::triage_subject(f.module_index) == decision->subject;
        });
    const bool shared =
        profile != profiles.end() && decision->subject.empty() &&
        profile->second.finding_keys.contains({decision->kind, decision->reference});
    if (own || shared) found.push_back(decision);
  }
  return found;
}

std::string triage_summary(const std::vector<const riskdb::TriageDecision*>& decisions) {
  std::string text;
  for (const riskdb::TriageDecision* decision : decisions) {
    if (!text.empty()) text += "; ";
    text += decision->kind;
    if (!decision->subject.empty()) text += " " + decision->subject;
    if (!decision->reference.empty()) text += " " + decision->reference;
    text += ": " + decision->state;
    if (decision->justification) text += " (" + *decision->justification + ")";
  }
  return text;
}

std::string json_safe(std::string_view octets) {
  // nlohmann's replace handler writes U+FFFD for every invalid byte; dumping
  // and parsing back is the simplest way to apply it to one string.
  const std::string quoted = nlohmann::json(std::string(octets))
                                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(quoted).get<std::string>();
}

}  // namespace kensa::cli
