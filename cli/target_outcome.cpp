#include "cli/target_outcome.hpp"

#include "cli/credential_profiles.hpp"

namespace kensa::cli {
namespace {

std::string outcome_of(scanner::PollStatus status) {
  using scanner::PollStatus;
  switch (status) {
    case PollStatus::ok: return "answered";
    case PollStatus::no_response: return "silent";
    case PollStatus::unknown_user:
    case PollStatus::wrong_auth_password:
    case PollStatus::wrong_priv_password:
    case PollStatus::unsupported_security_level:
    case PollStatus::not_in_time_window: return "refused";
    case PollStatus::malformed_replies: return "malformed";
    case PollStatus::oversized_replies: return "oversized";
    case PollStatus::not_resolved: return "not_resolved";
    case PollStatus::out_of_scope: return "out_of_scope";
    case PollStatus::interrupted: return "interrupted";
    case PollStatus::agent_error:
    case PollStatus::transport_error: return "error";
  }
  return "error";
}

}  // namespace

riskdb::TargetOutcome target_outcome(const scanner::SweepTarget& target,
                                     const scanner::DevicePoll& poll,
                                     std::span<const scanner::Credentials> profiles,
                                     std::optional<std::int64_t> device_id) {
  riskdb::TargetOutcome outcome;
  outcome.target = target.endpoint.display();
  outcome.outcome = outcome_of(poll.outcome.status);
  outcome.detail = std::string(scanner::to_string(poll.outcome.status));
  outcome.message = poll.outcome.message;
  if (poll.outcome.ok() && poll.profile && *poll.profile < profiles.size()) {
    const scanner::Credentials& used = profiles[*poll.profile];
    outcome.credential = describe_profile(used, *poll.profile);
    outcome.snmp_version = std::string(scanner::to_string(used.version));
  }
  outcome.attempts = static_cast<std::int64_t>(poll.attempts.size());
  outcome.hop = target.hop;
  if (!target.found_via.empty()) outcome.found_via = target.found_via;
  outcome.device_id = device_id;
  return outcome;
}

}  // namespace kensa::cli
