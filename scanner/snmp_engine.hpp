#pragma once
// kensa's SNMP engine: Boost.Asio owns every socket and timer; net-snmp only
// encodes and decodes (snmp_codec.hpp). Any number of agents share one UDP
// socket per address family; replies are matched by request-id (SNMPv3
// Reports also by msgID) and by the address they came from.
//
// Contract:
// - exchange() sends a request and waits for its reply, retransmitting
//   after timeout, 2 x timeout, 4 x timeout, ... (at most 8 x timeout) up to
//   `retries` times. The request-id must come from next_request_id() and is
//   reserved until the exchange ends. `encode` is called again for every
//   transmission (SNMPv3 messages carry a fresh msgID each time).
//   `before_decode`, when set, is called right before an SNMPv3 datagram
//   whose msgID is this exchange's request-id, from the address it went
//   to, is decoded: the place to make the security state the decoding
//   needs (the exchange's own USM user) current, since other exchanges may
//   have changed it meanwhile.
// - A datagram that is malformed, oversized, not a reply, answers no
//   outstanding request, or comes from another address than the request
//   went to is counted and dropped; it never ends an exchange.
// - With packets_per_second > 0 no more datagrams than that leave per second
//   (a token bucket without bursts); waiting_for_send_slot() is how many
//   exchanges wait for theirs.
// - Single-threaded: run the io_context on one thread, and call every member
//   from it. stop() closes the sockets and ends every outstanding exchange
//   at once, waiting for a reply or for a send slot, as `stopped`; an
//   exchange begun after it ends so too. Nothing is sent after stop().

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "scanner/snmp_codec.hpp"

namespace kensa::scanner {

namespace asio = boost::asio;
using udp = asio::ip::udp;

struct EngineOptions {
  std::chrono::milliseconds timeout{1000};
  int retries = 1;
  double packets_per_second = 0;  // 0: no limit
  DecodeLimits limits;
};

struct EngineCounters {
  std::uint64_t requests = 0;  // datagrams sent, retransmissions included
  std::uint64_t retries = 0;   // retransmissions
  std::uint64_t timeouts = 0;  // exchanges that ended without a reply
  std::uint64_t replies = 0;   // datagrams matched to an outstanding request
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t send_errors = 0;
  std::uint64_t dropped_malformed = 0;
  std::uint64_t dropped_security = 0;
  std::uint64_t dropped_oversized = 0;
  std::uint64_t dropped_not_a_reply = 0;
  std::uint64_t dropped_unknown_request = 0;  // late, duplicate or forged request-id
  std::uint64_t dropped_wrong_source = 0;
};

enum class ExchangeStatus { reply, timeout, send_failed, stopped };

// Datagrams from an exchange's target that were dropped while it waited:
// an agent that answers, but with nothing kensa can read.
struct DroppedReplies {
  std::uint32_t malformed = 0;
  std::uint32_t oversized = 0;
  std::uint32_t security = 0;  // failed SNMPv3 authentication or decryption
  [[nodiscard]] bool any() const { return malformed + oversized + security > 0; }
};

struct ExchangeResult {
  ExchangeStatus status = ExchangeStatus::timeout;
  Reply reply;        // when status == reply
  std::string error;  // when status == send_failed
  int attempts = 0;
  std::chrono::milliseconds waited{0};  // total time spent waiting for replies
  DroppedReplies dropped;               // from the target, while this exchange waited
};

class SnmpEngine {
 public:
  SnmpEngine(asio::io_context& io, EngineOptions options);
  SnmpEngine(const SnmpEngine&) = delete;
  SnmpEngine& operator=(const SnmpEngine&) = delete;
  ~SnmpEngine();

  asio::awaitable<ExchangeResult> exchange(udp::endpoint target, std::int32_t request_id,
                                           std::function<Bytes()> encode,
                                           std::function<void()> before_decode = {});
  std::int32_t next_request_id();

  // Handles one received datagram as the receive loop does; public so that
  // fuzzing and tests can drive the reply path without a network.
  void handle_datagram(std::span<const std::uint8_t> datagram, const udp::endpoint& sender);

  [[nodiscard]] const EngineCounters& counters() const { return counters_; }
  [[nodiscard]] std::size_t waiting_for_send_slot() const { return waiting_for_send_slot_; }
  void stop();
  [[nodiscard]] bool stopped() const { return stopped_; }

 private:
  struct Pending;
  udp::socket& socket_for(const udp::endpoint& target);
  udp::socket open_socket(udp protocol);
  asio::awaitable<void> receive_loop(udp::socket& socket);
  // When the next datagram may leave, if that is later than now.
  std::optional<std::chrono::steady_clock::time_point> claim_send_slot();

  asio::io_context& io_;
  EngineOptions options_;
  EngineCounters counters_;
  std::optional<udp::socket> ipv4_;
  std::optional<udp::socket> ipv6_;
  std::unordered_map<std::int32_t, Pending*> pending_;
  // Exchanges waiting per target, and what was dropped from a target while
  // any waited: kept only for targets with an exchange, so a flood of
  // forged senders cannot grow it.
  std::map<udp::endpoint, std::size_t> waiting_per_target_;
  std::map<udp::endpoint, DroppedReplies> dropped_from_;
  std::int32_t last_request_id_;
  std::chrono::steady_clock::time_point next_send_slot_;
  std::size_t waiting_for_send_slot_ = 0;
  bool stopped_ = false;
};

}  // namespace kensa::scanner
