#include "cli/sweep_command.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <map>
#include <set>

#include "cli/exit_codes.hpp"
#include "cli/progress_line.hpp"
#include "cli/shadow_devices.hpp"
#include "cli/stop_signals.hpp"
#include "cli/sweep_config.hpp"
#include "cli/sweep_summary.hpp"
#include "cli/target_outcome.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/data_files.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/risk_judge.hpp"
#include "riskdb/sweep_diff.hpp"
#include "riskdb/sweep_judgement.hpp"
#include "riskdb/triage.hpp"
#include "scanner/identification.hpp"
#include "scanner/network_sweep.hpp"
#include "scanner/target_list.hpp"

namespace kensa::cli {
namespace {}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepCommandSettings& settings) {
  CLI::App* sweep = app.add_subcommand(
      "sweep",
      "Poll, identify, store and judge every device of the targets, crawling LLDP neighbours "
      "within the scope");
  settings.command = sweep;
  sweep->footer(
      "Command-line options override the configuration file. Without a scope, kensa contacts "
      "only the targets given and records their neighbours without polling them.\n"
      "Exit codes: 0 done, 1 a finding at or above --fail-on, 64 usage error, 74 the "
      "database could not be written, 130 interrupted.");
  sweep->add_option("targets", settings.targets,
                    "Addresses, prefixes, ranges and host names; HOST:PORT or [V6]:PORT for "
                    "another port");
  sweep->add_option("--config", settings.config, "Sweep configuration file (TOML)")
      ->check(CLI::ExistingFile);
  sweep
      ->add_option("--target-file", settings.target_files,
                   "File of targets, one per line, '#' comments (repeatable)")
      ->check(CLI::ExistingFile);
  sweep->add_option("--exclude", settings.excludes,
                    "Address, prefix, range or host name never to contact (repeatable)");
  sweep
      ->add_option("--exclude-file", settings.exclude_files,
                   "File of exclusions, one per line (repeatable)")
      ->check(CLI::ExistingFile);
  sweep
      ->add_option("--scope", settings.scope,
                   "Prefix or range kensa may contact, crawl included (repeatable); "
                   "every target must lie inside it")
      ->delimiter(',');
  sweep->add_option("--port", settings.port, "UDP port of every target without its own")
      ->check(CLI::Range(1, 65535))
      ->capture_default_str();
  sweep
      ->add_option("--max-hops", settings.max_hops,
                   "Crawl LLDP/CDP neighbours this many hops from the targets (0: no crawl)")
      ->check(CLI::Range(0U, 64U))
      ->capture_default_str();
  add_credential_options(*sweep, settings.credentials);
  add_fleet_options(*sweep, settings.fleet, settings.max_targets);
  sweep->add_option("--policy", settings.policy, "Policy file (default: the built-in policy.toml)")
      ->check(CLI::ExistingFile);
  sweep->add_option(
      "--fail-on", settings.fail_on,
      "Exit 1 when a finding is at or above this severity (critical, high, medium, low, info)");
  sweep->add_flag("--json", settings.json, "Print the summary as JSON");
  sweep->add_flag("--no-progress", settings.no_progress,
                  "No progress line (it is shown only when stdout and stderr are terminals)");
  add_database_option(*sweep, settings.database);
  sweep->add_option("--site", settings.site,
                    "The site swept, recorded with the sweep (default: the configuration's site)");
  return sweep;
}

namespace {

bool given(const SweepCommandSettings& settings, const std::string& option) {
  return settings.command != nullptr && settings.command->get_option(option)->count() > 0;
}

// The command line and the configuration file made into one plan; the
// command line wins wherever both say something.
struct SweepPlan {
  std::vector<scanner::TargetText> targets;
  scanner::AddressScope scope;
  std::vector<std::string> scope_texts, exclude_texts;  // as given, for the sweep's record
  std::vector<scanner::Endpoint> endpoints;
  std::vector<scanner::Credentials> profiles;
  FleetOptions fleet;
  std::uint16_t port = scanner::default_snmp_port;
  unsigned max_hops = 0;
  DatabaseOption database;
  std::optional<std::filesystem::path> policy;
  std::optional<std::string> fail_on;
  std::optional<std::string> site;
};

std::vector<scanner::TargetText> argument_texts(const std::vector<std::string>& texts,
                                                const std::string& origin) {
  std::vector<scanner::TargetText> result;
  for (const auto& text : texts) result.push_back({text, origin});
  return result;
}

SweepPlan make_plan(const SweepCommandSettings& settings) {
  SweepConfig config;
  if (settings.config) config = load_sweep_config(*settings.config);
  SweepPlan plan;
  plan.targets = argument_texts(settings.targets, "");
  for (const auto& file : settings.target_files) {
    const auto lines = read_target_file(file);
    plan.targets.insert(plan.targets.end(), lines.begin(), lines.end());
  }
  if (plan.targets.empty()) plan.targets = config.targets;
  if (plan.targets.empty())
    throw UsageError(
        "no targets: give TARGET..., --target-file FILE, or targets.include in --config");

  try {
    const auto scope =
        !settings.scope.empty() ? argument_texts(settings.scope, "--scope") : config.scope;
    for (const auto& entry : scope) {
      plan.scope.add_allowed(entry.text, entry.origin);
      plan.scope_texts.push_back(entry.text);
    }
    auto excludes = argument_texts(settings.excludes, "--exclude");
    for (const auto& file : settings.exclude_files) {
      const auto lines = read_target_file(file);
      excludes.insert(excludes.end(), lines.begin(), lines.end());
    }
    excludes.insert(excludes.end(), config.excludes.begin(), config.excludes.end());
    for (const auto& entry : excludes) {
      plan.scope.add_excluded(entry.text, entry.origin);
      plan.exclude_texts.push_back(entry.text);
    }
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }

  plan.port = given(settings, "--port") ? settings.port : config.port.value_or(settings.port);
  plan.max_hops = given(settings, "--max-hops") ? settings.max_hops
                                                : config.max_hops.value_or(settings.max_hops);
  plan.fleet = settings.fleet;
  if (!given(settings, "--window")) plan.fleet.window = config.window.value_or(plan.fleet.window);
  if (!given(settings, "--timeout"))
    plan.fleet.timeout_ms = config.timeout_ms.value_or(plan.fleet.timeout_ms);
  if (!given(settings, "--retries"))
    plan.fleet.retries = config.retries.value_or(plan.fleet.retries);
  if (!given(settings, "--rate")) plan.fleet.rate = config.rate.value_or(plan.fleet.rate);
  const std::size_t max_targets = given(settings, "--max-targets")
                                      ? settings.max_targets
                                      : config.max_targets.value_or(settings.max_targets);
  try {
    plan.endpoints = scanner::expand_targets(plan.targets, plan.port, max_targets, plan.scope);
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    throw UsageError(message + (message.find("more than") != std::string::npos
                                    ? " (--max-targets or targets.max_targets)"
                                    : ""));
  }

  bool credential_flags = false;
  for (const char* option : {"--snmp-version", "--community-file", "--v3-user", "--auth-proto",
                             "--auth-pass-file", "--priv-proto", "--priv-pass-file"})
    credential_flags = credential_flags || given(settings, option);
  plan.profiles = !credential_flags && !config.credentials.empty()
                      ? config.credentials
                      : credential_profiles(settings.credentials);

  plan.database = settings.database;
  if (plan.database.file.empty() && config.database) plan.database.file = *config.database;
  plan.policy = settings.policy ? settings.policy : config.policy;
  plan.fail_on = settings.fail_on ? settings.fail_on : config.fail_on;
  plan.site = settings.site ? settings.site : config.site;
  if (plan.site) {
    try {
      riskdb::check_site_name(*plan.site);
    } catch (const riskdb::DatabaseError& error) {
      throw UsageError(std::string("--site: ") + error.what());
    }
  }
  return plan;
}

std::string address_only(const std::string& host) {
  const auto literal = scanner::parse_ip_address(host);
  return literal ? literal->to_string() : host;
}

}  // namespace

int run_sweep_command(const SweepCommandSettings& settings) {
  // From the start: a signal during the set-up also ends in an orderly stop.
  const StopSignals signals;
  const SweepPlan plan = make_plan(settings);
  std::optional<riskdb::Severity> fail_on;
  if (plan.fail_on) {
    fail_on = riskdb::severity_named(*plan.fail_on);
    if (!fail_on)
      throw UsageError("--fail-on " + *plan.fail_on +
                       ": not one of critical, high, medium, low, info");
  }
  riskdb::Policy policy;
  try {
    policy = riskdb::load_policy(plan.policy.value_or(riskdb::risk_data_file("policy.toml")));
  } catch (const riskdb::PolicyError& error) {
    throw UsageError(error.what());
  }
  scanner::IdentificationData identification;
  try {
    identification = scanner::IdentificationData::load(scanner::default_data_directory(),
                                                       scanner::EnterpriseRegistry::debian_path);
  } catch (const std::exception& error) {
    throw UsageError(std::string("cannot load identification data: ") + error.what());
  }
  riskdb::Database database = open_inventory(plan.database);
  use_database_identification_data(database, identification);

  std::string target_text;
  for (const auto& target : plan.targets)
    target_text += (target_text.empty() ? "" : " ") + target.text;
  nlohmann::json parameters{{"timeout_ms", plan.fleet.timeout_ms},
                            {"retries", plan.fleet.retries},
                            {"window", plan.fleet.window},
                            {"rate", plan.fleet.rate},
                            {"port", plan.port},
                            {"max_hops", plan.max_hops},
                            {"scope", nlohmann::json::array()},
                            {"credential_profiles", plan.profiles.size()},
                            {"policy", policy.source},
                            {"policy_sha256", policy.sha256}};
  parameters["scope"] = plan.scope_texts;
  parameters["exclude"] = plan.exclude_texts;
  if (settings.config) parameters["config"] = settings.config->string();
  riskdb::Sweep sweep;
  try {
    sweep.id = riskdb::begin_sweep(database, target_text, parameters.dump(), plan.site);
  } catch (const riskdb::SweepConflict& conflict) {
    throw UsageError(conflict.what());
  }

  scanner::DevicePollRequest request;
  request.identification = &identification;
  std::vector<PolledDevice> polled;
  std::size_t answering = 0;
  std::size_t reported = 0;
  // A write that fails (a full disk, an I/O error, a server gone) stops the
  // sweep: nothing more is sent, and what was committed before stays. The
  // writer's own set-up asks the store too (on PostgreSQL a second session):
  // a failure there stops the sweep before its first packet.
  std::optional<std::string> storage_error;
  std::optional<riskdb::SweepWriter> writer;
  try {
    writer.emplace(database, sweep.id, 500);
  } catch (const riskdb::StorageError& error) {
    storage_error = error.what();
  }
  // Targets wait in small groups, their devices filed with one question to
  // the store for the group (SweepWriter::record_all); `answered` says the
  // target's device is the next waiting sighting.
  std::vector<riskdb::Sighting> waiting_sightings;
  std::vector<std::pair<riskdb::TargetOutcome, bool>> waiting_targets;
  const auto file_waiting = [&] {
    const std::vector<std::int64_t> ids = writer->record_all(waiting_sightings);
    std::size_t next = 0;
    for (auto& [outcome, answered] : waiting_targets) {
      if (answered) outcome.device_id = ids.at(next++);
      writer->record_target(outcome);
    }
    waiting_sightings.clear();
    waiting_targets.clear();
  };
  const auto report = [&](const scanner::SweepTarget& target, scanner::DevicePoll& poll) {
    ++reported;
    // Skipped before any packet: the operator hears of it at once.
    if (poll.outcome.status == scanner::PollStatus::not_resolved ||
        poll.outcome.status == scanner::PollStatus::out_of_scope)
      std::cerr << "kensa: skipped " << escape_for_terminal(target.endpoint.display()) << ": "
                << escape_for_terminal(poll.outcome.message) << '\n';
    if (storage_error) return;
    const bool answered = poll.outcome.ok() && poll.identity;
    try {
      if (answered) waiting_sightings.push_back({*poll.identity, target.endpoint.display(), false});
      waiting_targets.emplace_back(target_outcome(target, poll, plan.profiles, std::nullopt),
                                   answered);
      if (waiting_sightings.size() >= riskdb::SweepWriter::sightings_per_lookup ||
          waiting_targets.size() >= 4 * riskdb::SweepWriter::sightings_per_lookup)
        file_waiting();
    } catch (const std::exception& error) {
      storage_error = error.what();
      return;
    }
    if (!answered) return;
    ++answering;
    // Kept for naming neighbours and the summary: without interfaces, modules
    // and evidence, which the database already holds.
    scanner::Device kept = std::move(*poll.identity);
    kept.interfaces.clear();
    kept.modules.clear();
    kept.evidence.clear();
    polled.push_back({std::move(kept), address_only(target.endpoint.host)});
  };
  std::cerr << "kensa: sweep " << sweep.id << " started: " << plan.endpoints.size() << " target(s)"
            << (plan.scope.bounded() && plan.max_hops > 0
                    ? ", crawling up to " + std::to_string(plan.max_hops) +
                          " hop(s) within the scope"
                    : "")
            << '\n';
  std::vector<scanner::SweepTarget> seeds;
  seeds.reserve(plan.endpoints.size());
  for (const auto& endpoint : plan.endpoints) seeds.push_back({endpoint, 0, ""});
  scanner::NetworkSweepOptions options;
  options.engine.timeout = std::chrono::milliseconds(plan.fleet.timeout_ms);
  options.engine.retries = static_cast<int>(plan.fleet.retries);
  options.engine.packets_per_second = plan.fleet.rate;
  options.window = plan.fleet.window;
  options.max_hops = plan.max_hops;
  options.port = plan.port;
  ProgressLine progress(!settings.no_progress && !settings.json);
  const scanner::NetworkSweepResult network = scanner::run_network_sweep(
      std::move(seeds), plan.scope, plan.profiles, request, options, report,
      [&] { return signals.received() || storage_error.has_value(); },
      progress.enabled() ? std::function([&](const scanner::SweepProgress& snapshot) {
        progress.update(snapshot);
      })
                         : std::function<void(const scanner::SweepProgress&)>{});
  progress.clear();
  const std::vector<riskdb::Sighting> shadows = shadow_devices(polled);
  try {
    // After a failure only the devices recorded whole before it are committed.
    if (!storage_error) {
      file_waiting();
      writer->record_all(shadows);
    }
    if (writer) writer->flush();
  } catch (const std::exception& error) {
    if (!storage_error) storage_error = error.what();
  }
  const bool aborted = signals.received() || storage_error.has_value();
  sweep.status = aborted ? "aborted" : "complete";
  sweep.addresses_probed = static_cast<std::int64_t>(reported);
  sweep.addresses_answering = static_cast<std::int64_t>(answering);
  nlohmann::json counters = counters_json(network.engine);
  counters["crawl"] = crawl_json(network.crawl);
  sweep.counters = counters.dump();
  if (storage_error)
    sweep.note = "stopped: the database could not be written: " + *storage_error;
  else if (aborted)
    sweep.note = "interrupted after " + std::to_string(reported) + " of " +
                 std::to_string(network.targets) + " targets";
  if (storage_error) {
    try {
      riskdb::finish_sweep(database, sweep);
    } catch (const std::exception&) {
      // The file cannot take even that; the next open marks the sweep aborted.
    }
    std::cerr << "kensa: sweep " << sweep.id << " stopped: cannot write " << database.name() << ": "
              << *storage_error
              << "\nkensa: the devices written before the failure are kept; sweep again once "
                 "the database can be written (free space, or bring the server back)\n";
    return exit_storage;
  }
  riskdb::finish_sweep(database, sweep);

  riskdb::RiskJudge judge(database, policy, riskdb::utc_today());
  const riskdb::SweepJudgementSummary judged = riskdb::judge_sweep(database, sweep.id, judge);

  SweepSummary summary;
  summary.sweep = sweep.id;
  summary.status = sweep.status;
  summary.targets = network.targets;
  summary.crawl = network.crawl;
  summary.addresses_probed = reported;
  summary.addresses_answering = answering;
  summary.devices_found = judged.devices;
  summary.counters = network.engine;
  for (const auto& [device, address] : polled) {
    if (device.vendor && device.model) ++summary.devices_identified;
    ++summary.by_vendor[device.vendor.value_or("(unidentified)")];
  }
  for (const riskdb::Sighting& shadow : shadows) {
    ++summary.neighbor_only;
    ++summary.by_vendor[shadow.device.vendor.value_or("(unidentified)")];
  }
  for (const auto& [severity, count] : judged.findings_by_severity)
    summary.findings[std::string(riskdb::severity_name(severity))] = count;
  summary.screening = judged.screening;
  summary.triage = riskdb::triage_counts(database, sweep.id);
  summary.datasets_missing = riskdb::missing_datasets(database);
  summary.outcomes = riskdb::outcome_counts(database, sweep.id);
  summary.not_rechecked =
      static_cast<std::int64_t>(riskdb::devices_not_rechecked(database, sweep.id).size());
  if (const auto previous = riskdb::previous_complete_sweep(database, sweep.id)) {
    const riskdb::SweepDiff diff = riskdb::diff_sweeps(database, *previous, sweep.id);
    summary.changes =
        SweepChanges{*previous, diff.added.size(), diff.changed.size(), diff.gone.size()};
  }
  if (settings.json)
    std::cout << summary.json().dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << '\n';
  else
    summary.print(std::cout);
  if (aborted) return 130;
  if (fail_on)
    for (const auto& [severity, count] : judged.findings_by_severity)
      if (severity >= *fail_on && count > 0) return exit_findings;
  return exit_ok;
}

}  // namespace kensa::cli
