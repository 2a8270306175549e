#include "scanner/poll_outcome.hpp"

namespace kensa::scanner {

std::string_view to_string(PollStatus status) {
  switch (status) {
    case PollStatus::ok: return "ok";
    case PollStatus::no_response: return "no_response";
    case PollStatus::unknown_user: return "unknown_user";
    case PollStatus::wrong_auth_password: return "wrong_auth_password";
    case PollStatus::wrong_priv_password: return "wrong_priv_password";
    case PollStatus::unsupported_security_level: return "unsupported_security_level";
    case PollStatus::not_in_time_window: return "not_in_time_window";
    case PollStatus::agent_error: return "agent_error";
    case PollStatus::transport_error: return "transport_error";
    case PollStatus::out_of_scope: return "out_of_scope";
    case PollStatus::not_resolved: return "not_resolved";
    case PollStatus::malformed_replies: return "malformed_replies";
    case PollStatus::oversized_replies: return "oversized_replies";
    case PollStatus::interrupted: return "interrupted";
  }
  return "unknown";
}

}  // namespace kensa::scanner
