#include "cli/poll_command.hpp"

#include <chrono>
#include <iostream>
#include <utility>

#include "cli/exit_codes.hpp"
#include "cli/fleet_poll.hpp"
#include "cli/poll_report.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "scanner/device_poll.hpp"

namespace kensa::cli {
namespace {

std::vector<scanner::Oid> walk_roots(const std::vector<std::string>& texts) {
  std::vector<scanner::Oid> roots;
  for (const std::string& text : texts) {
    const auto oid = scanner::parse_oid(text);
    if (!oid) throw UsageError("--walk '" + text + "' is not a numeric OID such as 1.3.6.1.2.1.2");
    roots.push_back(*oid);
  }
  return roots;
}

void print_counters(const scanner::EngineCounters& counters, std::size_t targets,
                    std::size_t answered, std::chrono::duration<double> elapsed) {
  std::cerr << "kensa: " << targets << " target(s), " << answered << " answered in "
            << elapsed.count() << " s; requests " << counters.requests << ", retries "
            << counters.retries << ", timeouts " << counters.timeouts << ", replies "
            << counters.replies << ", bytes sent " << counters.bytes_sent << ", received "
            << counters.bytes_received << ", send errors " << counters.send_errors
            << "; dropped: malformed " << counters.dropped_malformed << ", security "
            << counters.dropped_security << ", oversized " << counters.dropped_oversized
            << ", not a reply " << counters.dropped_not_a_reply << ", unknown request-id "
            << counters.dropped_unknown_request << ", wrong source "
            << counters.dropped_wrong_source << '\n';
}

}  // namespace

CLI::App* add_poll_command(CLI::App& app, PollCommandSettings& settings) {
  CLI::App* poll = app.add_subcommand(
      "poll", "Read the system group (and --walk subtrees) of one or many devices over SNMP");
  poll->footer(
      "Targets: HOST, HOST:PORT, [IPV6]:PORT, A.B.C.D/N, A-B, A.B.C.D-E.\n"
      "Secrets never go on the command line. Communities come from --community-file (one\n"
      "per file, tried in order) or KENSA_COMMUNITY (default: public); SNMPv3 passwords from\n"
      "--auth-pass-file or KENSA_AUTH_PASS and --priv-pass-file or KENSA_PRIV_PASS. Secret\n"
      "files must not be accessible to every user (chmod 600).\n"
      "Exit codes: 0 all answered, 2 a target did not answer or refused the credentials,\n"
      "64 usage error.");
  poll->add_option("targets", settings.targets, "Devices, prefixes or ranges to poll")->required();
  poll->add_flag("--json", settings.json, "Print one JSON object per device (JSON Lines)");
  poll->add_flag("--stats", settings.stats, "Print the engine's counters on stderr at the end");
  poll->add_flag("--identify", settings.identify,
                 "Also read ENTITY-MIB, IF-MIB, LLDP and CDP and identify each device, as "
                 "`kensa identify` does from a walk file");
  add_credential_options(*poll, settings.credentials);
  poll->add_option("--walk", settings.walks,
                   "Also walk this subtree, e.g. 1.3.6.1.2.1.2.2 "
                   "(repeatable)");
  add_fleet_options(*poll, settings.fleet, settings.max_targets);
  poll->add_option("--port", settings.port, "UDP port of every target without its own")
      ->check(CLI::Range(1, 65535))
      ->capture_default_str();
  poll->add_option("--max-rows", settings.max_rows, "Rows per walk at most")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}))
      ->capture_default_str();
  poll->add_option("--max-repetitions", settings.repetitions,
                   "GETBULK max-repetitions to start from (halved on tooBig or timeout)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  return poll;
}

int run_poll_command(const PollCommandSettings& settings) {
  const std::vector<scanner::Endpoint> targets =
      expand_target_arguments(settings.targets, settings.max_targets, settings.port);
  const std::vector<scanner::Credentials> profiles = credential_profiles(settings.credentials);
  scanner::DevicePollRequest request;
  request.walks = walk_roots(settings.walks);
  request.walk_options.max_rows = settings.max_rows;
  request.repetitions = settings.repetitions;
  scanner::IdentificationData identification;
  if (settings.identify) {
    try {
      identification = scanner::IdentificationData::load(scanner::default_data_directory(),
                                                         scanner::EnterpriseRegistry::debian_path);
    } catch (const std::exception& error) {
      throw UsageError(std::string("cannot load identification data: ") + error.what());
    }
    request.identification = &identification;
  }

  std::size_t answered = 0;
  bool all_complete = true;
  const auto report = [&](const scanner::Endpoint& target, const scanner::DevicePoll& poll) {
    bool complete = poll.outcome.ok();
    for (const auto& walk : poll.walks) complete = complete && walk.result.outcome.ok();
    all_complete = all_complete && complete;
    if (poll.outcome.ok()) ++answered;
    if (settings.json) {
      std::cout << poll_json(target, poll, profiles)
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
    } else if (poll.outcome.ok()) {
      if (answered > 1) std::cout << '\n';
      print_poll_table(std::cout, target, poll, profiles);
    }
    if (!poll.outcome.ok())
      std::cerr << "kensa: " << escape_for_terminal(poll.outcome.message) << '\n';
    for (const auto& walk : poll.walks)
      if (!walk.result.outcome.ok())
        std::cerr << "kensa: walk of " << scanner::to_string(walk.root) << " on "
                  << escape_for_terminal(target.display())
                  << " stopped: " << escape_for_terminal(walk.result.outcome.message) << '\n';
  };

  const auto started = std::chrono::steady_clock::now();
  const scanner::EngineCounters counters =
      poll_fleet(targets, profiles, request, settings.fleet, report);
  std::cout.flush();
  if (settings.stats)
    print_counters(counters, targets.size(), answered, std::chrono::steady_clock::now() - started);
  return all_complete ? exit_ok : exit_unreachable;
}

}  // namespace kensa::cli
