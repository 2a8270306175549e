#pragma once
// How one exchange with an agent ended. A device that stays silent or refuses
// a credential is a normal outcome, not an exception.
//
// Contract: message is written for the operator, names the target and the
// likely causes, and never contains a secret.

#include <string>
#include <string_view>

namespace kensa::scanner {

enum class PollStatus {
  ok,
  no_response,                 // silence after every retry (v1/v2c: maybe a wrong community)
  unknown_user,                // usmStatsUnknownUserNames
  wrong_auth_password,         // usmStatsWrongDigests: password or auth protocol
  wrong_priv_password,         // authenticated requests answered, encrypted ones not
  unsupported_security_level,  // usmStatsUnsupportedSecLevels
  not_in_time_window,          // usmStatsNotInTimeWindows after resynchronisation
  agent_error,                 // the agent answered with an error-status
  transport_error,             // the request could not be sent (socket)
  not_resolved,                // a host name that did not resolve: nothing was sent
  out_of_scope,                // the address lies outside the sweep's scope: nothing was sent
  malformed_replies,           // it answered, but every reply was malformed or failed security
  oversized_replies,           // it answered, but with replies over the size limit
  interrupted,  // the poll was stopped before it finished: what it read is incomplete
};

struct PollOutcome {
  PollStatus status = PollStatus::ok;
  std::string message;

  [[nodiscard]] bool ok() const { return status == PollStatus::ok; }
};

// A stable machine-readable name, used in JSON output: "no_response", ...
std::string_view to_string(PollStatus status);

}  // namespace kensa::scanner
