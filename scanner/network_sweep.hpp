#pragma once
// A sweep's network side: poll every target that answers, identify it, and
// crawl its LLDP/CDP neighbours that have a management address in scope.
//
// Contract:
// - Every target is first probed: the system-group GET of each credential
//   profile in turn (for SNMPv3, engine discovery first). Only a target that
//   answers is walked and identified. At most `window` targets are in flight.
// - Host names are resolved (IPv4 preferred, see resolve_target) before
//   anything is sent to them; a resolved address the scope does not allow
//   is reported as out of scope and never contacted. A stop cancels the
//   lookups that have not begun; one under way ends when the system's
//   resolver gives up (resolv.conf's timeout and attempts).
// - Crawl, only when the scope has an allow-list: when a polled device
//   lists a neighbour with an IPv4/IPv6 management address that the scope
//   allows, that address (on `port`)
//   becomes a target one hop further, if no target has that address yet and
//   the hop count stays within max_hops. Neighbours not crawled are counted
//   by reason; recording them is the caller's business.
// - report is called exactly once per target started, from the one thread
//   running the engine, after the crawl has read the device; it may take
//   the identity out of the poll.
// - stopping() is asked about every `stop_check_interval`; once it is true,
//   targets not yet started are dropped without a report, and the engine is
//   stopped: the polls in flight end at once as `interrupted` and are
//   reported so. progress, when set, is called about every
//   `progress_interval` while targets remain.
// Never throws for anything a device does.

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "scanner/address_scope.hpp"
#include "scanner/credentials.hpp"
#include "scanner/device_poll.hpp"
#include "scanner/endpoint.hpp"
#include "scanner/snmp_engine.hpp"

namespace kensa::scanner {

struct SweepTarget {
  Endpoint endpoint;
  unsigned hop = 0;       // 0 for a target the user gave
  std::string found_via;  // the device whose neighbour table named it
};

struct NetworkSweepOptions {
  EngineOptions engine;
  std::size_t window = 2000;
  unsigned max_hops = 0;  // 0: no crawl
  std::uint16_t port = default_snmp_port;
  std::chrono::milliseconds progress_interval{500};
  std::chrono::milliseconds stop_check_interval{100};
};

struct SweepProgress {
  std::size_t done = 0;       // targets finished
  std::size_t answering = 0;  // of which answered
  std::size_t in_flight = 0;
  std::size_t queued = 0;  // known targets not yet started
  std::uint64_t packets_sent = 0;
  std::size_t waiting_for_send_slot = 0;  // requests held back by the rate limit
  std::chrono::steady_clock::duration elapsed{};
};

struct CrawlCounters {
  std::size_t added = 0;         // neighbour addresses that became targets
  std::size_t out_of_scope = 0;  // management addresses the scope does not allow
  std::size_t beyond_max_hops = 0;
  std::size_t already_known = 0;
  std::size_t without_address = 0;  // neighbours with no IP management address
};

struct NetworkSweepResult {
  EngineCounters engine;
  CrawlCounters crawl;
  std::size_t targets = 0;  // seeds and crawled, started or not
  std::size_t started = 0;
  bool stopped = false;
};

using SweepReport = std::function<void(const SweepTarget&, DevicePoll&)>;

// The target's address: an IP literal as it is, a host name resolved
// (IPv4 preferred); nullopt when it cannot be resolved or the resolver was
// cancelled. The lookup runs on Asio's resolver thread, never on the one
// running the engine: a slow name server delays only the names it serves.
asio::awaitable<std::optional<udp::endpoint>> resolve_target(udp::resolver& resolver,
                                                             const Endpoint& target);

NetworkSweepResult run_network_sweep(
    std::vector<SweepTarget> seeds, const AddressScope& scope,
    std::span<const Credentials> profiles, const DevicePollRequest& request,
    const NetworkSweepOptions& options, const SweepReport& report,
    const std::function<bool()>& stopping = {},
    const std::function<void(const SweepProgress&)>& progress = {});

}  // namespace kensa::scanner
