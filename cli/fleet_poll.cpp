#include "cli/fleet_poll.hpp"

#include "cli/usage_error.hpp"
#include "scanner/bounded_fanout.hpp"
#include "scanner/network_sweep.hpp"
#include "scanner/target_list.hpp"

namespace kensa::cli {

namespace asio = scanner::asio;

void add_fleet_options(CLI::App& command, FleetOptions& options, std::size_t& max_targets) {
  command
      .add_option("--timeout", options.timeout_ms,
                  "Milliseconds to wait for the first answer; doubled for each retry")
      ->check(CLI::Range(1U, 600000U))
      ->capture_default_str();
  command.add_option("--retries", options.retries, "Further attempts after a timeout")
      ->check(CLI::Range(0U, 20U))
      ->capture_default_str();
  command.add_option("--window", options.window, "Devices in flight at once")
      ->check(CLI::Range(1U, 100000U))
      ->capture_default_str();
  command.add_option("--rate", options.rate, "Packets per second at most (0: no limit)")
      ->check(CLI::Range(0.0, 10000000.0))
      ->capture_default_str();
  command
      .add_option("--max-targets", max_targets,
                  "Refuse target lists longer than this, so a typo cannot sweep a /8")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24U))
      ->capture_default_str();
}

std::vector<scanner::Endpoint> expand_target_arguments(const std::vector<std::string>& texts,
                                                       std::size_t max_targets,
                                                       std::uint16_t port) {
  try {
    return scanner::expand_targets(texts, port, max_targets);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string(error.what()) +
                     (std::string(error.what()).find("more than") != std::string::npos
                          ? " (--max-targets)"
                          : ""));
  }
}

scanner::EngineCounters poll_fleet(const std::vector<scanner::Endpoint>& targets,
                                   std::span<const scanner::Credentials> profiles,
                                   const scanner::DevicePollRequest& request,
                                   const FleetOptions& options, const FleetReport& report) {
  asio::io_context io;
  scanner::EngineOptions engine_options;
  engine_options.timeout = std::chrono::milliseconds(options.timeout_ms);
  engine_options.retries = static_cast<int>(options.retries);
  engine_options.packets_per_second = options.rate;
  scanner::SnmpEngine engine(io, engine_options);
  scanner::udp::resolver resolver(io);
  scanner::spawn_with_window(
      io, targets.size(), options.window,
      [&](std::size_t index) -> asio::awaitable<void> {
        const scanner::Endpoint& target = targets[index];
        const std::optional<scanner::udp::endpoint> resolved =
            co_await scanner::resolve_target(resolver, target);
        if (!resolved) {
          scanner::DevicePoll failed;
          failed.target = target.display();
          failed.outcome = {scanner::PollStatus::not_resolved,
                            "cannot resolve the host name '" + target.host + "'"};
          report(target, failed);
          co_return;
        }
        const std::string display = target.display();
        const scanner::DevicePoll poll =
            co_await scanner::poll_device(engine, *resolved, display, profiles, request);
        report(target, poll);
      },
      [&] { engine.stop(); });
  io.run();
  return engine.counters();
}

}  // namespace kensa::cli
