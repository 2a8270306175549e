#include "scanner/network_sweep.hpp"

#include <boost/asio/redirect_error.hpp>

#include <algorithm>
#include <deque>
#include <memory>
#include <set>

namespace kensa::scanner {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The key under which a target counts as known: its address in canonical
// form (or its host name in lower case) and its port.
std::string target_key(const Endpoint& endpoint) {
  const auto literal = parse_ip_address(endpoint.host);
  return (literal ? literal->to_string() : lower(endpoint.host)) + "|" +
         std::to_string(endpoint.port);
}

}  // namespace

asio::awaitable<std::optional<udp::endpoint>> resolve_target(udp::resolver& resolver,
                                                             const Endpoint& target) {
  if (const auto literal = parse_ip_address(target.host))
    co_return udp::endpoint(*literal, target.port);
  boost::system::error_code error;
  const std::string service = std::to_string(target.port);
  const udp::resolver::results_type results = co_await resolver.async_resolve(
      target.host, service, asio::redirect_error(asio::use_awaitable, error));
  if (error || results.empty()) co_return std::nullopt;
  for (const auto& entry : results)
    if (entry.endpoint().address().is_v4()) co_return entry.endpoint();
  co_return results.begin()->endpoint();
}

namespace {

class Sweep : public std::enable_shared_from_this<Sweep> {
 public:
  Sweep(asio::io_context& io, const AddressScope& scope, std::span<const Credentials> profiles,
        const DevicePollRequest& request, const NetworkSweepOptions& options,
        const SweepReport& report, const std::function<bool()>& stopping,
        const std::function<void(const SweepProgress&)>& progress)
      : io_(io),
        engine_(io, options.engine),
        scope_(scope),
        profiles_(profiles),
        request_(request),
        options_(options),
        report_(report),
        stopping_(stopping),
        progress_(progress),
        resolver_(io),
        timer_(io),
        stop_timer_(io),
        started_at_(std::chrono::steady_clock::now()) {}

  void start(std::vector<SweepTarget> seeds) {
    for (SweepTarget& seed : seeds) enqueue(std::move(seed));
    if (running_ == 0) {
      finish();
      return;
    }
    if (progress_) asio::co_spawn(io_, tick(shared_from_this()), asio::detached);
    if (stopping_) asio::co_spawn(io_, watch_for_stop(shared_from_this()), asio::detached);
  }

  NetworkSweepResult result() {
    result_.engine = engine_.counters();
    return result_;
  }

 private:
  bool should_stop() const { return stopping_ && stopping_(); }

  void enqueue(SweepTarget target) {
    if (result_.stopped) return;
    if (!known_.insert(target_key(target.endpoint)).second) return;
    ++result_.targets;
    queue_.push_back(std::move(target));
    if (running_ < std::max<std::size_t>(options_.window, 1)) {
      ++running_;
      asio::co_spawn(io_, work(shared_from_this()),
                     [self = shared_from_this()](std::exception_ptr error) {
                       if (--self->running_ == 0) self->finish();
                       if (error) std::rethrow_exception(error);
                     });
    }
  }

  // Nothing more starts; the polls in flight end at once, interrupted.
  void stop_now() {
    result_.stopped = true;
    queue_.clear();
    resolver_.cancel();
    engine_.stop();
  }

  static asio::awaitable<void> watch_for_stop(std::shared_ptr<Sweep> self) {
    while (!self->finished_) {
      self->stop_timer_.expires_after(self->options_.stop_check_interval);
      boost::system::error_code error;
      co_await self->stop_timer_.async_wait(asio::redirect_error(asio::use_awaitable, error));
      if (self->finished_) break;
      if (self->should_stop()) {
        self->stop_now();
        break;
      }
    }
  }

  static asio::awaitable<void> work(std::shared_ptr<Sweep> self) {
    while (!self->queue_.empty()) {
      if (self->should_stop()) {
        self->stop_now();
        break;
      }
      SweepTarget target = std::move(self->queue_.front());
      self->queue_.pop_front();
      ++self->result_.started;
      ++self->in_flight_;
      co_await self->visit(target);
      --self->in_flight_;
    }
  }

  asio::awaitable<void> visit(SweepTarget target) {
    const std::optional<udp::endpoint> resolved =
        co_await resolve_target(resolver_, target.endpoint);
    DevicePoll poll;
    if (result_.stopped) {
      poll.target = target.endpoint.display();
      poll.outcome = {PollStatus::interrupted,
                      "the sweep stopped before " + poll.target + " was polled"};
    } else if (!resolved) {
      poll.target = target.endpoint.display();
      poll.outcome = {PollStatus::not_resolved, "cannot resolve the host name '" +
                                                    target.endpoint.host + "'; nothing was sent"};
    } else if (!scope_.allows(resolved->address())) {
      poll.target = target.endpoint.display();
      poll.outcome = {PollStatus::out_of_scope,
                      target.endpoint.display() + " resolves to " +
                          resolved->address().to_string() +
                          ", which lies outside the scope; nothing was sent"};
    } else {
      const std::string display = target.endpoint.display();
      const udp::endpoint address = *resolved;
      poll = co_await poll_device(engine_, address, display, profiles_, request_);
    }
    ++done_;
    if (poll.outcome.ok()) {
      ++answering_;
      if (poll.identity) crawl(target, *poll.identity);
    }
    report_(target, poll);
  }

  void crawl(const SweepTarget& from, const Device& device) {
    for (const Neighbor& neighbor : device.neighbors) {
      bool has_address = false;
      for (const ManagementAddress& management : neighbor.management_addresses) {
        const auto address = parse_ip_address(management.address);
        if (!address) continue;
        has_address = true;
        if (!scope_.allows(*address) || !scope_.bounded()) {
          ++result_.crawl.out_of_scope;
          continue;
        }
        SweepTarget next{Endpoint{address->to_string(), options_.port}, from.hop + 1,
                         device.sys_name.value_or(from.endpoint.display())};
        if (next.hop > options_.max_hops) {
          ++result_.crawl.beyond_max_hops;
          continue;
        }
        if (known_.contains(target_key(next.endpoint))) {
          ++result_.crawl.already_known;
          continue;
        }
        ++result_.crawl.added;
        enqueue(std::move(next));
      }
      if (!has_address) ++result_.crawl.without_address;
    }
  }

  static asio::awaitable<void> tick(std::shared_ptr<Sweep> self) {
    while (!self->finished_) {
      self->timer_.expires_after(self->options_.progress_interval);
      boost::system::error_code error;
      co_await self->timer_.async_wait(asio::redirect_error(asio::use_awaitable, error));
      if (self->finished_) break;
      SweepProgress snapshot;
      snapshot.done = self->done_;
      snapshot.answering = self->answering_;
      snapshot.in_flight = self->in_flight_;
      snapshot.queued = self->queue_.size();
      snapshot.packets_sent = self->engine_.counters().requests;
      snapshot.waiting_for_send_slot = self->engine_.waiting_for_send_slot();
      snapshot.elapsed = std::chrono::steady_clock::now() - self->started_at_;
      self->progress_(snapshot);
    }
  }

  void finish() {
    finished_ = true;
    timer_.cancel();
    stop_timer_.cancel();
    engine_.stop();
  }

  asio::io_context& io_;
  SnmpEngine engine_;
  const AddressScope& scope_;
  std::span<const Credentials> profiles_;
  const DevicePollRequest& request_;
  const NetworkSweepOptions& options_;
  const SweepReport& report_;
  const std::function<bool()>& stopping_;
  const std::function<void(const SweepProgress&)>& progress_;
  udp::resolver resolver_;
  asio::steady_timer timer_;
  asio::steady_timer stop_timer_;
  std::chrono::steady_clock::time_point started_at_;
  std::deque<SweepTarget> queue_;
  std::set<std::string> known_;
  std::size_t running_ = 0, in_flight_ = 0, done_ = 0, answering_ = 0;
  bool finished_ = false;
  NetworkSweepResult result_;
};

}  // namespace

NetworkSweepResult run_network_sweep(std::vector<SweepTarget> seeds, const AddressScope& scope,
                                     std::span<const Credentials> profiles,
                                     const DevicePollRequest& request,
                                     const NetworkSweepOptions& options, const SweepReport& report,
                                     const std::function<bool()>& stopping,
                                     const std::function<void(const SweepProgress&)>& progress) {
  asio::io_context io;
  auto sweep =
      std::make_shared<Sweep>(io, scope, profiles, request, options, report, stopping, progress);
  sweep->start(std::move(seeds));
  io.run();
  return sweep->result();
}

}  // namespace kensa::scanner
