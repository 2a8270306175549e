#pragma once
// One agent as seen through one credential: GET and subtree walks on top of
// the engine, with SNMPv3 discovery and report handling.
//
// Contract:
// - Never throws for anything the agent does; every failure is a
//   PollOutcome whose message names the agent and the likely cause, never a
//   secret. prepare_usm_user errors (invalid credentials) do throw.
// - SNMPv3: the engine id is discovered once, without a credential; it is
//   known (engine_id()) even when the user is then refused. On
//   notInTimeWindow the request is sent once more with the time the agent
//   reported; unknownEngineID leads to one rediscovery.
// - get() returns the varbinds the agent has: SNMPv2 exceptions are left
//   out, and on SNMPv1 a noSuchName error makes it ask again without that
//   OID.
// - walk() reads a subtree with GETBULK (GETNEXT on SNMPv1), starting from
//   the session's max-repetitions, halving it on tooBig or a timeout and
//   keeping the smaller value for later walks. It stops at endOfMibView,
//   at the first OID outside the subtree, at an OID not greater than the
//   previous one, or after max_rows rows.
// - Lifetime and threads: a session borrows its engine and credentials,
//   which must outlive every operation started on it; it is used from the
//   engine's one thread, and any number of sessions (of one agent or many)
//   may have operations in flight at once.

#include <cstdint>
#include <string>
#include <vector>

#include "scanner/credentials.hpp"
#include "scanner/poll_outcome.hpp"
#include "scanner/snmp_engine.hpp"

namespace kensa::scanner {

struct GetResult {
  PollOutcome outcome;
  std::vector<VarBind> varbinds;
};

enum class WalkEnd {
  end_of_subtree,      // the next OID left the subtree: complete
  end_of_mib_view,     // the agent has nothing after it: complete
  non_increasing_oid,  // a broken agent went backwards or repeated itself
  row_limit,           // max_rows reached: truncated
  failed,              // see the outcome; rows holds what came before
};

struct WalkResult {
  PollOutcome outcome;
  std::vector<VarBind> rows;
  WalkEnd end = WalkEnd::failed;
};

std::string_view to_string(WalkEnd end);

struct WalkOptions {
  std::size_t max_rows = 100000;
};

inline constexpr int default_bulk_repetitions = 25;

class AgentSession {
 public:
  AgentSession(SnmpEngine& engine, udp::endpoint target, std::string display_name,
               const Credentials& credentials, int repetitions = default_bulk_repetitions);

  asio::awaitable<PollOutcome> discover();
  // `oids` must stay alive until the returned awaitable completes.
  asio::awaitable<GetResult> get(const std::vector<Oid>& oids);
  asio::awaitable<WalkResult> walk(Oid root, WalkOptions options = {});
  // One GETNEXT for all of `oids`: the first instance after each (a
  // scalar's .0, a column's first row), exceptions left out; on SNMPv1 an
  // OID at the end of the agent's view is asked again without it.
  asio::awaitable<GetResult> get_next(const std::vector<Oid>& oids);

  [[nodiscard]] const std::string& engine_id() const { return engine_id_; }

 private:
  struct Answer {
    PollOutcome outcome;
    Reply reply;
  };
  asio::awaitable<Answer> request(Request request);
  asio::awaitable<GetResult> get_values(RequestType type, const std::vector<Oid>& oids);
  PollOutcome no_response(const ExchangeResult& exchange) const;
  PollOutcome report_outcome(ReportKind kind) const;
  PollOutcome wrong_privacy() const;
  PollOutcome no_engine_id() const;
  PollOutcome error_status(long status, std::string_view request) const;
  asio::awaitable<bool> privacy_is_the_problem();

  SnmpEngine& engine_;
  udp::endpoint target_;
  std::string display_name_;
  const Credentials& credentials_;
  int repetitions_;
  std::string engine_id_;
};

}  // namespace kensa::scanner
