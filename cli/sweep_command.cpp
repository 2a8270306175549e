#include "cli/sweep_command.hpp"

#include <signal.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <iostream>
#include <map>
#include <set>

#include "cli/exit_codes.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/data_files.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/risk_judge.hpp"
#include "riskdb/sweep_diff.hpp"
#include "riskdb/sweep_judgement.hpp"
#include "scanner/identification.hpp"

namespace kensa::cli {
namespace {

std::atomic<int> signals_received{0};

void on_signal(int) {
  if (signals_received.fetch_add(1) >= 1) _exit(130);  // the second signal: at once
  static constexpr char message[] =
      "\nkensa: stopping: finishing the devices in flight (again to quit at once)\n";
  (void)!write(STDERR_FILENO, message, sizeof message - 1);
}

struct SignalGuard {
  struct sigaction previous_int {
  }, previous_term{};
  SignalGuard() {
    signals_received = 0;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_int);
    sigaction(SIGTERM, &action, &previous_term);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &previous_int, nullptr);
    sigaction(SIGTERM, &previous_term, nullptr);
  }
};

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Every LLDP/CDP neighbour that was not itself polled becomes a device seen
// only as a neighbour, named by its chassis MAC or its system name.
std::vector<riskdb::Sighting> shadow_devices(const std::vector<scanner::Device>& polled) {
  std::set<std::string> known;
  for (const scanner::Device& device : polled) {
    if (device.chassis_mac) known.insert("mac:" + lower(*device.chassis_mac));
    if (device.sys_name) known.insert("name:" + lower(*device.sys_name));
  }
  std::vector<riskdb::Sighting> shadows;
  for (const scanner::Device& device : polled)
    for (const scanner::Neighbor& neighbor : device.neighbors) {
      std::optional<std::string> mac;
      if (neighbor.chassis_id_subtype == "macAddress" && neighbor.chassis_id)
        mac = lower(*neighbor.chassis_id);
      const auto name =
          neighbor.system_name ? std::optional(lower(*neighbor.system_name)) : std::nullopt;
      if (!mac && !name) continue;  // nothing to name it by
      if ((mac && known.contains("mac:" + *mac)) || (name && known.contains("name:" + *name)))
        continue;
      if (mac) known.insert("mac:" + *mac);
      if (name) known.insert("name:" + *name);
      riskdb::Sighting sighting;
      sighting.neighbor_only = true;
      scanner::Device& shadow = sighting.device;
      shadow.source = "neighbour of " + device.sys_name.value_or(device.source) + " on " +
                      neighbor.local_port.value_or("?");
      shadow.sys_name = neighbor.system_name;
      shadow.sys_descr = neighbor.system_description;
      shadow.vendor = neighbor.vendor;
      shadow.os = neighbor.os;
      shadow.model = neighbor.model;
      shadow.firmware = neighbor.firmware;
      shadow.chassis_mac = mac;
      const std::string seen_by = "LLDP/CDP table of " + device.source;
      for (const auto& [field, value] : {std::pair{"vendor", neighbor.vendor},
                                         {"os", neighbor.os},
                                         {"model", neighbor.model},
                                         {"firmware", neighbor.firmware}})
        if (value)
          shadow.evidence.push_back(
              {field, *value, seen_by,
               neighbor.system_description.value_or(
                   neighbor.platform.value_or(neighbor.chassis_id.value_or(""))),
               "neighbour identification (system description, CDP platform, chassis MAC)"});
      for (const auto& address : neighbor.management_addresses)
        if (!sighting.address && (address.family == "ipv4" || address.family == "ipv6"))
          sighting.address = address.address;
      shadows.push_back(std::move(sighting));
    }
  return shadows;
}

nlohmann::json counters_json(const scanner::EngineCounters& counters) {
  return {{"requests", counters.requests},
          {"retries", counters.retries},
          {"timeouts", counters.timeouts},
          {"replies", counters.replies},
          {"bytes_sent", counters.bytes_sent},
          {"bytes_received", counters.bytes_received},
          {"send_errors", counters.send_errors},
          {"dropped_malformed", counters.dropped_malformed},
          {"dropped_security", counters.dropped_security},
          {"dropped_oversized", counters.dropped_oversized},
          {"dropped_not_a_reply", counters.dropped_not_a_reply},
          {"dropped_unknown_request", counters.dropped_unknown_request},
          {"dropped_wrong_source", counters.dropped_wrong_source}};
}

void print_summary(const nlohmann::json& summary) {
  std::cout << "sweep " << summary["sweep"] << ": " << summary["status"].get<std::string>() << '\n'
            << "  addresses probed " << summary["addresses_probed"] << ", answering "
            << summary["addresses_answering"] << '\n'
            << "  devices found " << summary["devices_found"] << " (identified "
            << summary["devices_identified"] << ", seen only as neighbours "
            << summary["neighbor_only"] << ")\n";
  std::cout << "  by vendor:";
  for (const auto& [vendor, count] : summary["by_vendor"].items())
    std::cout << ' ' << escape_for_terminal(vendor) << ' ' << count << ';';
  std::cout << "\n  findings:";
  for (const char* severity : {"critical", "high", "medium", "low", "info"})
    std::cout << ' ' << severity << ' ' << summary["findings"].value(severity, 0);
  std::cout << "\n  screening:";
  for (const auto& [status, count] : summary["screening"].items())
    std::cout << ' ' << status << ' ' << count;
  const auto& changes = summary["changes"];
  if (changes["since"].is_null())
    std::cout << "\n  changes: first complete sweep of these devices\n";
  else
    std::cout << "\n  since sweep " << changes["since"] << ": new " << changes["new"]
              << ", changed " << changes["changed"] << ", gone " << changes["gone"] << '\n';
  const auto& counters = summary["counters"];
  std::cout << "  engine: requests " << counters["requests"] << ", retries " << counters["retries"]
            << ", timeouts " << counters["timeouts"] << ", replies " << counters["replies"] << '\n';
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepCommandSettings& settings) {
  CLI::App* sweep = app.add_subcommand(
      "sweep",
      "Poll, identify, store and judge every device of the targets, with their LLDP neighbours");
  sweep->footer(
      "Exit codes: 0 done, 1 a finding at or above --fail-on, 64 usage error, 130 interrupted.");
  sweep->add_option("targets", settings.targets, "Devices, prefixes or ranges to sweep")
      ->required();
  add_credential_options(*sweep, settings.credentials);
  add_fleet_options(*sweep, settings.fleet, settings.max_targets);
  sweep->add_option("--policy", settings.policy, "Policy file (default: the built-in policy.toml)")
      ->check(CLI::ExistingFile);
  sweep->add_option(
      "--fail-on", settings.fail_on,
      "Exit 1 when a finding is at or above this severity (critical, high, medium, low, info)");
  sweep->add_flag("--json", settings.json, "Print the summary as JSON");
  add_database_option(*sweep, settings.database);
  return sweep;
}

int run_sweep_command(const SweepCommandSettings& settings) {
  // From the start: a signal during the set-up also ends in an orderly stop.
  SignalGuard signals;
  const std::vector<scanner::Endpoint> targets =
      expand_target_arguments(settings.targets, settings.max_targets);
  const std::vector<scanner::Credentials> profiles = credential_profiles(settings.credentials);
  std::optional<riskdb::Severity> fail_on;
  if (settings.fail_on) {
    fail_on = riskdb::severity_named(*settings.fail_on);
    if (!fail_on)
      throw UsageError("--fail-on " + *settings.fail_on +
                       ": not one of critical, high, medium, low, info");
  }
  riskdb::Policy policy;
  try {
    policy = riskdb::load_policy(settings.policy.value_or(riskdb::risk_data_file("policy.toml")));
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
  riskdb::Database database = open_inventory(settings.database);

  std::string target_text;
  for (const auto& target : settings.targets)
    target_text += (target_text.empty() ? "" : " ") + target;
  const nlohmann::json parameters{{"timeout_ms", settings.fleet.timeout_ms},
                                  {"retries", settings.fleet.retries},
                                  {"window", settings.fleet.window},
                                  {"rate", settings.fleet.rate},
                                  {"snmp_versions", settings.credentials.snmp_versions},
                                  {"policy", policy.source},
                                  {"policy_sha256", policy.sha256}};
  riskdb::Sweep sweep;
  try {
    sweep.id = riskdb::begin_sweep(database, target_text, parameters.dump());
  } catch (const riskdb::SweepConflict& conflict) {
    throw UsageError(conflict.what());
  }

  scanner::DevicePollRequest request;
  request.identification = &identification;
  riskdb::SweepWriter writer(database, sweep.id, 500);
  std::vector<scanner::Device> polled;
  std::size_t answering = 0;
  std::size_t reported = 0;
  const auto report = [&](const scanner::Endpoint& target, const scanner::DevicePoll& poll) {
    ++reported;
    if (!poll.outcome.ok() || !poll.identity) return;
    ++answering;
    writer.record({*poll.identity, target.display(), false});
    // Kept for naming neighbours and the summary: without interfaces, modules
    // and evidence, which the database already holds.
    scanner::Device kept = *poll.identity;
    kept.interfaces.clear();
    kept.modules.clear();
    kept.evidence.clear();
    polled.push_back(std::move(kept));
  };
  std::cerr << "kensa: sweep " << sweep.id << " started: " << targets.size() << " target(s)\n";
  const scanner::EngineCounters counters = poll_fleet(targets, profiles, request, settings.fleet,
                                                      report, [] { return signals_received > 0; });
  const std::vector<riskdb::Sighting> shadows = shadow_devices(polled);
  for (const riskdb::Sighting& shadow : shadows) writer.record(shadow);
  writer.flush();
  const bool aborted = signals_received > 0;
  sweep.status = aborted ? "aborted" : "complete";
  sweep.addresses_probed = static_cast<std::int64_t>(reported);
  sweep.addresses_answering = static_cast<std::int64_t>(answering);
  sweep.counters = counters_json(counters).dump();
  if (aborted)
    sweep.note = "interrupted after " + std::to_string(reported) + " of " +
                 std::to_string(targets.size()) + " targets";
  riskdb::finish_sweep(database, sweep);

  riskdb::RiskJudge judge(database, policy, riskdb::utc_today());
  const riskdb::SweepJudgementSummary judged = riskdb::judge_sweep(database, sweep.id, judge);

  nlohmann::json summary{{"sweep", sweep.id},
                         {"status", sweep.status},
                         {"targets", targets.size()},
                         {"addresses_probed", reported},
                         {"addresses_answering", answering},
                         {"devices_found", judged.devices},
                         {"counters", counters_json(counters)}};
  std::int64_t identified = 0, neighbor_only = 0;
  nlohmann::json by_vendor = nlohmann::json::object();
  for (const scanner::Device& device : polled) {
    if (device.vendor && device.model) ++identified;
    by_vendor[device.vendor.value_or("(unidentified)")] =
        by_vendor.value(device.vendor.value_or("(unidentified)"), 0) + 1;
  }
  for (const riskdb::Sighting& shadow : shadows) {
    ++neighbor_only;
    const std::string vendor = shadow.device.vendor.value_or("(unidentified)");
    by_vendor[vendor] = by_vendor.value(vendor, 0) + 1;
  }
  summary["devices_identified"] = identified;
  summary["neighbor_only"] = neighbor_only;
  summary["by_vendor"] = by_vendor;
  nlohmann::json findings = nlohmann::json::object();
  for (const auto& [severity, count] : judged.findings_by_severity)
    findings[std::string(riskdb::severity_name(severity))] = count;
  summary["findings"] = findings;
  summary["screening"] = judged.screening;
  nlohmann::json changes{{"since", nullptr}};
  if (const auto previous = riskdb::previous_complete_sweep(database, sweep.id)) {
    const riskdb::SweepDiff diff = riskdb::diff_sweeps(database, *previous, sweep.id);
    changes = {{"since", *previous},
               {"new", diff.added.size()},
               {"changed", diff.changed.size()},
               {"gone", diff.gone.size()}};
  }
  summary["changes"] = changes;
  if (settings.json)
    std::cout << summary.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  else
    print_summary(summary);
  if (aborted) return 130;
  if (fail_on)
    for (const auto& [severity, count] : judged.findings_by_severity)
      if (severity >= *fail_on && count > 0) return exit_findings;
  return exit_ok;
}

CLI::App* add_diff_command(CLI::App& app, DiffCommandSettings& settings) {
  CLI::App* diff = app.add_subcommand(
      "diff", "Devices new, gone and changed between two sweeps (default: the last two)");
  diff->add_option("sweeps", settings.sweeps, "SWEEP_A SWEEP_B")->expected(0, 2);
  diff->add_flag("--json", settings.json, "Print JSON");
  add_database_option(*diff, settings.database);
  return diff;
}

int run_diff_command(const DiffCommandSettings& settings) {
  riskdb::Database database = open_inventory(settings.database);
  std::pair<std::int64_t, std::int64_t> pair;
  if (settings.sweeps.size() == 2) {
    pair = {settings.sweeps[0], settings.sweeps[1]};
  } else if (settings.sweeps.size() == 1) {
    throw UsageError("diff takes two sweep ids, or none for the last two sweeps");
  } else {
    const auto last_two = riskdb::default_diff_pair(database);
    if (!last_two) throw UsageError("diff needs two sweeps; the database holds fewer");
    pair = *last_two;
  }
  for (const auto id : {pair.first, pair.second})
    if (!riskdb::find_sweep(database, id))
      throw UsageError("no sweep " + std::to_string(id) + " in the database");
  const riskdb::SweepDiff diff = riskdb::diff_sweeps(database, pair.first, pair.second);
  const auto device_json = [](const riskdb::DiffDevice& device) {
    return nlohmann::json{
        {"id", device.id},
        {"label", device.label},
        {"vendor", device.vendor ? nlohmann::json(*device.vendor) : nullptr},
        {"model", device.model ? nlohmann::json(*device.model) : nullptr},
        {"firmware", device.firmware ? nlohmann::json(*device.firmware) : nullptr}};
  };
  if (settings.json) {
    nlohmann::json out{{"from", diff.from},
                       {"to", diff.to},
                       {"new", nlohmann::json::array()},
                       {"gone", nlohmann::json::array()},
                       {"changed", nlohmann::json::array()}};
    for (const auto& device : diff.added) out["new"].push_back(device_json(device));
    for (const auto& device : diff.gone) out["gone"].push_back(device_json(device));
    for (const auto& change : diff.changed) {
      nlohmann::json item = device_json(change.device);
      item["changes"] = change.changes;
      out["changed"].push_back(item);
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return exit_ok;
  }
  const auto line = [](const riskdb::DiffDevice& device) {
    return escape_for_terminal(device.label) + " (" +
           escape_for_terminal(device.vendor.value_or("?")) + " " +
           escape_for_terminal(device.model.value_or("?")) + ")";
  };
  std::cout << "sweep " << diff.from << " -> " << diff.to << ": new " << diff.added.size()
            << ", changed " << diff.changed.size() << ", gone " << diff.gone.size() << '\n';
  for (const auto& device : diff.added) std::cout << "  + " << line(device) << '\n';
  for (const auto& device : diff.gone) std::cout << "  - " << line(device) << '\n';
  for (const auto& change : diff.changed) {
    std::cout << "  ~ " << line(change.device) << '\n';
    for (const auto& text : change.changes)
      std::cout << "      " << escape_for_terminal(text) << '\n';
  }
  return exit_ok;
}

}  // namespace kensa::cli
