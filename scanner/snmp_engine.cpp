#include "scanner/snmp_engine.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <random>
#include <variant>

namespace kensa::scanner {
namespace {

constexpr int socket_buffer_bytes = 8 * 1024 * 1024;
constexpr std::size_t receive_buffer_bytes = 65536;

// Asks for large kernel buffers, so that bursts of replies from thousands of
// agents are not lost; as root the system limit can be exceeded.
void enlarge_buffers(udp::socket& socket) {
  const int fd = socket.native_handle();
  const int size = socket_buffer_bytes;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

std::chrono::milliseconds wait_for_attempt(std::chrono::milliseconds timeout, int attempt) {
  return timeout * (1 << std::min(attempt, 3));
}

}  // namespace

struct SnmpEngine::Pending {
  udp::endpoint target;
  asio::steady_timer* wake = nullptr;
  std::optional<Reply> reply;
  const std::function<void()>* before_decode = nullptr;
};

SnmpEngine::SnmpEngine(asio::io_context& io, EngineOptions options)
    : io_(io), options_(options), next_send_slot_(std::chrono::steady_clock::now()) {
  std::random_device seed;
  last_request_id_ = static_cast<std::int32_t>(seed() % 0x3FFFFFFFU) + 1;
}

SnmpEngine::~SnmpEngine() { stop(); }

void SnmpEngine::stop() {
  stopped_ = true;
  // Each waiting exchange wakes, sees stopped_ and ends.
  for (const auto& [id, pending] : pending_) pending->wake->cancel();
  boost::system::error_code ignored;
  if (ipv4_) ipv4_->close(ignored);
  if (ipv6_) ipv6_->close(ignored);
}

std::int32_t SnmpEngine::next_request_id() {
  do {
    last_request_id_ = last_request_id_ >= 0x7FFFFFFF ? 1 : last_request_id_ + 1;
  } while (pending_.contains(last_request_id_));
  return last_request_id_;
}

udp::socket SnmpEngine::open_socket(udp protocol) {
  udp::socket socket(io_);
  socket.open(protocol);
  if (protocol == udp::v6()) socket.set_option(asio::ip::v6_only(true));
  socket.bind(udp::endpoint(protocol, 0));
  enlarge_buffers(socket);
  return socket;
}

udp::socket& SnmpEngine::socket_for(const udp::endpoint& target) {
  auto& slot = target.address().is_v6() ? ipv6_ : ipv4_;
  if (!slot) {
    slot.emplace(open_socket(target.protocol()));
    asio::co_spawn(io_, receive_loop(*slot), asio::detached);
  }
  return *slot;
}

std::optional<std::chrono::steady_clock::time_point> SnmpEngine::claim_send_slot() {
  if (options_.packets_per_second <= 0) return std::nullopt;
  const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(1.0 / options_.packets_per_second));
  const auto now = std::chrono::steady_clock::now();
  const auto slot = std::max(now, next_send_slot_);
  next_send_slot_ = slot + interval;
  if (slot <= now) return std::nullopt;
  return slot;
}

asio::awaitable<ExchangeResult> SnmpEngine::exchange(udp::endpoint target, std::int32_t request_id,
                                                     std::function<Bytes()> encode,
                                                     std::function<void()> before_decode) {
  ExchangeResult result;
  if (stopped_) {
    result.status = ExchangeStatus::stopped;
    co_return result;
  }
  asio::steady_timer timer(io_);
  Pending pending{target, &timer, std::nullopt, before_decode ? &before_decode : nullptr};
  pending_[request_id] = &pending;
  ++waiting_per_target_[target];
  struct Unregister {
    SnmpEngine* engine;
    std::int32_t id;
    const udp::endpoint& target;
    ~Unregister() {
      engine->pending_.erase(id);
      if (--engine->waiting_per_target_[target] == 0) {
        engine->waiting_per_target_.erase(target);
        engine->dropped_from_.erase(target);
      }
    }
  } unregister{this, request_id, target};

  udp::socket* socket = nullptr;
  try {
    socket = &socket_for(target);
  } catch (const boost::system::system_error& error) {
    ++counters_.send_errors;
    result.status = ExchangeStatus::send_failed;
    result.error = error.code().message();
    co_return result;
  }

  for (int attempt = 0; attempt <= options_.retries; ++attempt) {
    if (attempt > 0) ++counters_.retries;
    boost::system::error_code error;
    // The exchange's own timer waits for the send slot: no extra state per device.
    if (const auto slot = claim_send_slot()) {
      timer.expires_at(*slot);
      ++waiting_for_send_slot_;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, error));
      --waiting_for_send_slot_;
    }
    if (stopped_) break;
    const Bytes message = encode();
    co_await socket->async_send_to(asio::buffer(message), target,
                                   asio::redirect_error(asio::use_awaitable, error));
    if (stopped_) break;
    if (error) {
      ++counters_.send_errors;
      result.status = ExchangeStatus::send_failed;
      result.error = error.message();
      co_return result;
    }
    ++counters_.requests;
    counters_.bytes_sent += message.size();
    ++result.attempts;
    // The reply may already have been handled while the send completed.
    if (!pending.reply) {
      const auto wait = wait_for_attempt(options_.timeout, attempt);
      timer.expires_after(wait);
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, error));
      result.waited += wait;
    }
    if (pending.reply) {
      result.status = ExchangeStatus::reply;
      result.reply = std::move(*pending.reply);
      co_return result;
    }
    if (stopped_) break;
  }
  if (stopped_) {
    result.status = ExchangeStatus::stopped;
    co_return result;
  }
  ++counters_.timeouts;
  result.status = ExchangeStatus::timeout;
  if (const auto dropped = dropped_from_.find(target); dropped != dropped_from_.end())
    result.dropped = dropped->second;
  co_return result;
}

asio::awaitable<void> SnmpEngine::receive_loop(udp::socket& socket) {
  std::vector<std::uint8_t> buffer(receive_buffer_bytes);
  udp::endpoint sender;
  while (socket.is_open()) {
    boost::system::error_code error;
    const std::size_t size = co_await socket.async_receive_from(
        asio::buffer(buffer), sender, asio::redirect_error(asio::use_awaitable, error));
    if (error == asio::error::operation_aborted || !socket.is_open()) co_return;
    if (error) continue;  // e.g. an ICMP error reported on the socket
    handle_datagram(std::span(buffer.data(), size), sender);
  }
}

void SnmpEngine::handle_datagram(std::span<const std::uint8_t> datagram,
                                 const udp::endpoint& sender) {
  counters_.bytes_received += datagram.size();
  if (const auto message_id = snmpv3_message_id(datagram))
    if (const auto owner = pending_.find(*message_id); owner != pending_.end() &&
                                                       owner->second->before_decode != nullptr &&
                                                       owner->second->target == sender)
      (*owner->second->before_decode)();
  auto decoded = decode_reply(datagram, options_.limits);
  if (const auto* reason = std::get_if<DropReason>(&decoded)) {
    DroppedReplies* from_target = nullptr;
    if (waiting_per_target_.contains(sender)) from_target = &dropped_from_[sender];
    switch (*reason) {
      case DropReason::malformed:
        ++counters_.dropped_malformed;
        if (from_target != nullptr) ++from_target->malformed;
        break;
      case DropReason::security:
        ++counters_.dropped_security;
        if (from_target != nullptr) ++from_target->security;
        break;
      case DropReason::oversized:
        ++counters_.dropped_oversized;
        if (from_target != nullptr) ++from_target->oversized;
        break;
      case DropReason::not_a_reply: ++counters_.dropped_not_a_reply; break;
    }
    return;
  }
  Reply& reply = std::get<Reply>(decoded);
  auto found = pending_.find(reply.request_id);
  // A Report on a message the agent could not read names only its msgID.
  if (found == pending_.end() && reply.is_report) found = pending_.find(reply.message_id);
  if (found == pending_.end() || found->second->reply) {
    ++counters_.dropped_unknown_request;
    return;
  }
  Pending& pending = *found->second;
  if (sender != pending.target) {
    ++counters_.dropped_wrong_source;
    return;
  }
  ++counters_.replies;
  pending.reply = std::move(reply);
  pending.wake->cancel();
}

}  // namespace kensa::scanner
