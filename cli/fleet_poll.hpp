#pragma once
// Polling many targets on one SNMP engine: what `kensa poll` and
// `kensa sweep` share.
//
// Contract: expand_target_arguments turns target texts into endpoints or
// throws UsageError naming the bad text, before anything is sent.
// poll_fleet resolves host names (IPv4 preferred), polls every target with
// at most `window` in flight, calls `report` once per target as it
// finishes (from the one thread that runs the engine), and returns the
// engine's counters.

#include <CLI/CLI.hpp>

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "scanner/credentials.hpp"
#include "scanner/device_poll.hpp"
#include "scanner/endpoint.hpp"
#include "scanner/snmp_engine.hpp"

namespace kensa::cli {

struct FleetOptions {
  unsigned timeout_ms = 1000;
  unsigned retries = 1;
  unsigned window = 2000;
  double rate = 0;
};

// --timeout, --retries, --window, --rate and --max-targets.
void add_fleet_options(CLI::App& command, FleetOptions& options, std::size_t& max_targets);

using FleetReport = std::function<void(const scanner::Endpoint&, const scanner::DevicePoll&)>;

[[nodiscard]] std::vector<scanner::Endpoint> expand_target_arguments(
    const std::vector<std::string>& texts, std::size_t max_targets,
    std::uint16_t port = scanner::default_snmp_port);

scanner::EngineCounters poll_fleet(const std::vector<scanner::Endpoint>& targets,
                                   std::span<const scanner::Credentials> profiles,
                                   const scanner::DevicePollRequest& request,
                                   const FleetOptions& options, const FleetReport& report);

}  // namespace kensa::cli
