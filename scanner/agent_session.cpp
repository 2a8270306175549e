#include "scanner/agent_session.hpp"

#include <algorithm>
#include <functional>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

namespace kensa::scanner {
namespace {

const Oid sys_descr{1, 3, 6, 1, 2, 1, 1, 1, 0};

std::string quoted(const std::string& text) { return "'" + text + "'"; }

}  // namespace

std::string_view to_string(WalkEnd end) {
  switch (end) {
    case WalkEnd::end_of_subtree: return "end_of_subtree";
    case WalkEnd::end_of_mib_view: return "end_of_mib_view";
    case WalkEnd::non_increasing_oid: return "non_increasing_oid";
    case WalkEnd::row_limit: return "row_limit";
    case WalkEnd::failed: return "failed";
  }
  return "unknown";
}

AgentSession::AgentSession(SnmpEngine& engine, udp::endpoint target, std::string display_name,
                           const Credentials& credentials, int repetitions)
    : engine_(engine),
      target_(std::move(target)),
      display_name_(std::move(display_name)),
      credentials_(credentials),
      repetitions_(std::max(1, repetitions)) {}

PollOutcome AgentSession::no_response(const ExchangeResult& exchange) const {
  if (exchange.status == ExchangeStatus::send_failed)
    return {PollStatus::transport_error, "cannot send to " + display_name_ + ": " + exchange.error};
  if (exchange.status == ExchangeStatus::stopped)
    return {PollStatus::interrupted,
            "the poll of " + display_name_ + " was stopped before it finished"};
  // It did answer: with datagrams that could not be read.
  const DroppedReplies& dropped = exchange.dropped;
  if (dropped.malformed > 0)
    return {PollStatus::malformed_replies,
            display_name_ + " answered, but its " + std::to_string(dropped.malformed) +
                " reply datagram(s) were malformed (not SNMP, or a broken agent) and were "
                "dropped"};
  if (dropped.oversized > 0)
    return {PollStatus::oversized_replies,
            display_name_ + " answered, but its " + std::to_string(dropped.oversized) +
                " reply datagram(s) exceeded kensa's size limits and were dropped"};
  std::string message = "no answer from " + display_name_ + " after " +
                        std::to_string(exchange.attempts) + " attempt(s) over " +
                        std::to_string(exchange.waited.count()) +
                        " ms: the host may be down, filtered, or not running SNMP on that port";
  if (credentials_.version != SnmpVersion::v3)
    message += ", or the community may be wrong (an SNMP agent does not answer a wrong community)";
  if (dropped.security > 0)
    message += "; " + std::to_string(dropped.security) +
               " reply datagram(s) failed SNMPv3 authentication or decryption";
  return {PollStatus::no_response, message};
}

PollOutcome AgentSession::report_outcome(ReportKind kind) const {
  const std::string user = quoted(credentials_.user);
  switch (kind) {
    case ReportKind::unknown_user_name:
      return {PollStatus::unknown_user,
              display_name_ + " does not know SNMPv3 user " + user + " (usmStatsUnknownUserNames)"};
    case ReportKind::wrong_digest:
      return {PollStatus::wrong_auth_password,
              display_name_ + " rejected the authentication of SNMPv3 user " + user +
                  ": wrong authentication password or protocol (" +
                  std::string(to_string(credentials_.auth)) + " was used; usmStatsWrongDigests)"};
    case ReportKind::decryption_error:
      return {PollStatus::wrong_priv_password,
              display_name_ + " could not decrypt the request of SNMPv3 user " + user +
                  ": wrong privacy password or protocol (" +
                  std::string(to_string(credentials_.priv)) +
                  " was used; usmStatsDecryptionErrors)"};
    case ReportKind::unsupported_security_level:
      return {PollStatus::unsupported_security_level,
              display_name_ + " does not allow SNMPv3 user " + user + " at security level " +
                  std::string(to_string(credentials_.security_level())) +
                  " (usmStatsUnsupportedSecLevels)"};
    case ReportKind::not_in_time_window:
      return {PollStatus::not_in_time_window,
              display_name_ +
                  " kept reporting the request outside its time window after "
                  "resynchronisation (usmStatsNotInTimeWindows)"};
    case ReportKind::unknown_engine_id:
      return {PollStatus::agent_error,
              display_name_ + " kept reporting an unknown engine id after rediscovery"};
    case ReportKind::none:
    case ReportKind::other: break;
  }
  return {PollStatus::agent_error, display_name_ + " answered with an unexpected SNMPv3 report"};
}

// Messages are built outside the coroutines, which keeps the coroutine
// frames (one set per device in flight) small.
PollOutcome AgentSession::wrong_privacy() const {
  return {PollStatus::wrong_priv_password,
          display_name_ + " accepts SNMPv3 user " + quoted(credentials_.user) +
              " and its authentication password but does not answer encrypted requests: wrong "
              "privacy password or protocol (" +
              std::string(to_string(credentials_.priv)) + " was used)"};
}

PollOutcome AgentSession::no_engine_id() const {
  return {PollStatus::agent_error,
          display_name_ + " answered SNMPv3 discovery without an engine id"};
}

PollOutcome AgentSession::error_status(long status, std::string_view request) const {
  return {PollStatus::agent_error, display_name_ + " answered " + std::string(request) +
                                       " with error-status " + std::to_string(status) + " (" +
                                       snmp_errstring(static_cast<int>(status)) + ")"};
}

asio::awaitable<PollOutcome> AgentSession::discover() {
  if (credentials_.version != SnmpVersion::v3 || !engine_id_.empty()) co_return PollOutcome{};
  // Arguments of co_await calls are named variables throughout: GCC 12
  // mishandles temporaries that live across a suspension point.
  const std::int32_t id = engine_.next_request_id();
  std::function<Bytes()> encode = [id] { return encode_discovery(id); };
  const ExchangeResult exchange = co_await engine_.exchange(target_, id, encode);
  if (exchange.status != ExchangeStatus::reply) co_return no_response(exchange);
  if (exchange.reply.engine_id.size() < 5) co_return no_engine_id();
  engine_id_ = exchange.reply.engine_id;
  co_return PollOutcome{};
}

asio::awaitable<AgentSession::Answer> AgentSession::request(Request request) {
  const PollOutcome discovered = co_await discover();
  if (!discovered.ok()) co_return Answer{discovered, {}};
  // Called for every transmission; reads the request-id of the current try.
  // net-snmp keeps one USM user per (engine id, user name) for the whole
  // process, and devices cloned from one image share an engine id: this
  // session's keys are made current before each message is encoded and
  // before each reply is decoded, never across a suspension.
  const bool v3 = credentials_.version == SnmpVersion::v3;
  std::function<Bytes()> encode = [&request, v3, this] {
    if (v3) prepare_usm_user(credentials_, engine_id_);
    return encode_request(request, credentials_, engine_id_);
  };
  std::function<void()> before_decode;
  if (v3) before_decode = [this] { prepare_usm_user(credentials_, engine_id_); };
  bool resynchronised = false;
  bool rediscovered = false;
  while (true) {
    request.request_id = engine_.next_request_id();
    ExchangeResult exchange =
        co_await engine_.exchange(target_, request.request_id, encode, before_decode);
    if (exchange.status != ExchangeStatus::reply) {
      PollOutcome outcome = no_response(exchange);
      if (outcome.status == PollStatus::no_response &&
          credentials_.security_level() == SecurityLevel::auth_priv &&
          co_await privacy_is_the_problem())
        outcome = wrong_privacy();
      co_return Answer{std::move(outcome), {}};
    }
    if (!exchange.reply.is_report) co_return Answer{PollOutcome{}, std::move(exchange.reply)};
    // RFC 3414, 4: the report carried the agent's boots and time, which
    // net-snmp has recorded; one more try is enough.
    if (exchange.reply.report == ReportKind::not_in_time_window && !resynchronised) {
      resynchronised = true;
      continue;
    }
    if (exchange.reply.report == ReportKind::unknown_engine_id && !rediscovered) {
      rediscovered = true;
      engine_id_.clear();
      const PollOutcome again = co_await discover();
      if (!again.ok()) co_return Answer{again, {}};
      continue;
    }
    co_return Answer{report_outcome(exchange.reply.report), {}};
  }
}

// net-snmp's agent drops a request it cannot decrypt instead of reporting
// usmStatsDecryptionErrors. If the same user is answered without privacy,
// the privacy password or protocol is what is wrong.
asio::awaitable<bool> AgentSession::privacy_is_the_problem() {
  Credentials without_privacy = credentials_;
  without_privacy.priv = PrivProtocol::none;
  without_privacy.priv_password = Secret{};
  Request probe{RequestType::get, engine_.next_request_id(), std::span(&sys_descr, 1), 0};
  std::function<Bytes()> encode = [&] {
    prepare_usm_user(without_privacy, engine_id_);
    return encode_request(probe, without_privacy, engine_id_);
  };
  std::function<void()> before_decode = [&] { prepare_usm_user(without_privacy, engine_id_); };
  const ExchangeResult exchange =
      co_await engine_.exchange(target_, probe.request_id, encode, before_decode);
  if (exchange.status != ExchangeStatus::reply) co_return false;
  const Reply& reply = exchange.reply;
  co_return !reply.is_report || reply.report == ReportKind::unsupported_security_level;
}

asio::awaitable<GetResult> AgentSession::get(const std::vector<Oid>& requested) {
  return get_values(RequestType::get, requested);
}

asio::awaitable<GetResult> AgentSession::get_next(const std::vector<Oid>& requested) {
  return get_values(RequestType::get_next, requested);
}

asio::awaitable<GetResult> AgentSession::get_values(RequestType type,
                                                    const std::vector<Oid>& requested) {
  GetResult result;
  // Copied only when SNMPv1 makes us drop an OID: one copy per device in
  // flight adds up over thousands of devices.
  std::vector<Oid> remaining;
  std::span<const Oid> oids(requested);
  while (!oids.empty()) {
    const Request get_request{type, 0, oids, 0};
    Answer answer = co_await request(get_request);
    if (!answer.outcome.ok()) {
      result.outcome = answer.outcome;
      co_return result;
    }
    const Reply& reply = answer.reply;
    if (reply.error_status == SNMP_ERR_NOSUCHNAME && reply.error_index >= 1 &&
        static_cast<std::size_t>(reply.error_index) <= oids.size()) {
      if (remaining.empty()) remaining.assign(oids.begin(), oids.end());
      remaining.erase(remaining.begin() + (reply.error_index - 1));
      oids = remaining;
      continue;
    }
    if (reply.error_status != SNMP_ERR_NOERROR) {
      result.outcome =
          error_status(reply.error_status, type == RequestType::get ? "a GET" : "a GETNEXT");
      co_return result;
    }
    for (const VarBind& varbind : reply.varbinds)
      if (!varbind.value.is_exception()) result.varbinds.push_back(varbind);
    break;
  }
  co_return result;
}

asio::awaitable<WalkResult> AgentSession::walk(Oid root, WalkOptions options) {
  WalkResult result;
  Oid cursor = root;
  const bool bulk = credentials_.version != SnmpVersion::v1;
  while (true) {
    const Request next{bulk ? RequestType::get_bulk : RequestType::get_next, 0,
                       std::span(&cursor, 1), bulk ? repetitions_ : 0};
    Answer answer = co_await request(next);
    if (!answer.outcome.ok()) {
      // A reply too large for the path or the agent can look like silence.
      if (answer.outcome.status == PollStatus::no_response && bulk && repetitions_ > 1) {
        repetitions_ /= 2;
        continue;
      }
      result.outcome = answer.outcome;
      co_return result;
    }
    const Reply& reply = answer.reply;
    if (reply.error_status == SNMP_ERR_TOOBIG && bulk && repetitions_ > 1) {
      repetitions_ /= 2;
      continue;
    }
    if (!bulk && reply.error_status == SNMP_ERR_NOSUCHNAME) {  // SNMPv1's end of the MIB
      result.end = WalkEnd::end_of_mib_view;
      co_return result;
    }
    if (reply.error_status != SNMP_ERR_NOERROR) {
      result.outcome = error_status(reply.error_status, "a walk");
      co_return result;
    }
    if (reply.varbinds.empty()) {
      result.end = WalkEnd::end_of_mib_view;
      co_return result;
    }
    for (const VarBind& varbind : reply.varbinds) {
      if (varbind.value.type == ValueType::end_of_mib_view) {
        result.end = WalkEnd::end_of_mib_view;
        co_return result;
      }
      if (!oid_starts_with(varbind.oid, root)) {
        result.end = WalkEnd::end_of_subtree;
        co_return result;
      }
      if (varbind.oid <= cursor) {
        result.end = WalkEnd::non_increasing_oid;
        co_return result;
      }
      cursor = varbind.oid;
      result.rows.push_back(varbind);
      if (result.rows.size() >= options.max_rows) {
        result.end = WalkEnd::row_limit;
        co_return result;
      }
    }
  }
}

}  // namespace kensa::scanner
