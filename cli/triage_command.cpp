#include "cli/triage_command.hpp"

#include <iostream>
#include <set>

#include "cli/exit_codes.hpp"
#include "cli/local_identity.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/statement.hpp"
#include "riskdb/triage.hpp"

namespace kensa::cli {

CLI::App* add_triage_command(CLI::App& app, TriageCommandSettings& settings) {
  CLI::App* command = app.add_subcommand(
      "triage", "Record a decision about a device's finding, kept in every later sweep");
  command->footer(
      "States (CycloneDX analysis): in_triage, not_affected (with --justification), "
      "exploitable, resolved, false_positive.\n"
      "Justifications: code_not_present, code_not_reachable, requires_configuration, "
      "requires_dependency, requires_environment, protected_by_compiler, protected_at_runtime, "
      "protected_at_perimeter, protected_by_mitigating_control.\n"
      "Example: kensa triage 3 --kind known_exploited --reference CVE-2023-20198 --state "
      "not_affected --justification requires_configuration --reason \"HTTP server disabled "
      "(no ip http server), checked 2026-12-01\"");
  command->add_option("device", settings.device, "The device id (kensa inventory)")->required();
  command->add_option("--kind", settings.kind, "The finding's kind")->required();
  command->add_option("--reference", settings.reference,
                      "The finding's reference: CVE id, lists, register case (default: the "
                      "device's only finding of that kind)");
  command->add_option("--module", settings.module, "The module's entity index, for its finding");
  command->add_option("--state", settings.state, "The analysis state")->required();
  command->add_option("--justification", settings.justification, "Why not_affected");
  command->add_option("--reason", settings.reason, "What was checked, in words")->required();
  command->add_option("--by", settings.by, "Who decides (default: the system user)");
  add_database_option(*command, settings.database);
  return command;
}

int run_triage_command(const TriageCommandSettings& settings) {
  riskdb::Database database = open_inventory(settings.database);
  riskdb::TriageDecision decision;
  {
    riskdb::Statement device(database,
                             "SELECT identity_kind, identity_key FROM devices WHERE id = ?1");
    device.bind(1, settings.device);
    if (!device.step())
      throw UsageError("no device " + std::to_string(settings.device) + " in the database");
    decision.identity_kind = device.text(0);
    decision.identity_key = device.text(1);
  }
  // The device's findings of that kind in the latest judged sweep that observed it.
  std::optional<std::int64_t> sweep;
  {
    riskdb::Statement latest(database,
                             "SELECT max(o.sweep_id) FROM observations o JOIN sweeps s ON s.id = "
                             "o.sweep_id WHERE o.device_id = ?1 AND s.judged_at IS NOT NULL");
    latest.bind(1, settings.device);
    if (latest.step() && !latest.is_null(0)) sweep = latest.integer(0);
  }
  if (!sweep)
    throw UsageError("device " + std::to_string(settings.device) + " has no judged sweep");
  riskdb::FindingFilter filter;
  filter.sweep_id = sweep;
  filter.device_id = settings.device;
  filter.kind = settings.kind;
  std::set<std::string> references;
  riskdb::visit_findings(database, filter, [&](const riskdb::FindingRow& row) {
    if (row.module_index == settings.module) references.insert(row.reference);
  });
  const std::string what = "device " + std::to_string(settings.device) +
                           (settings.module ? " module " + std::to_string(*settings.module) : "");
  if (references.empty())
    throw UsageError(what + " has no " + settings.kind + " finding in sweep " +
                     std::to_string(*sweep) + " (kensa findings --device " +
                     std::to_string(settings.device) + ")");
  if (settings.reference) {
    if (!references.contains(*settings.reference))
      throw UsageError(what + " has no " + settings.kind + " finding " +
                       escape_for_terminal(*settings.reference) + " in sweep " +
                       std::to_string(*sweep));
    decision.reference = *settings.reference;
  } else {
    if (references.size() > 1)
      throw UsageError(what + " has " + std::to_string(references.size()) + " " + settings.kind +
                       " findings: name one with --reference");
    decision.reference = *references.begin();
  }
  decision.kind = settings.kind;
  decision.subject = riskdb::triage_subject(settings.module);
  decision.state = settings.state;
  decision.justification = settings.justification;
  decision.reason = settings.reason;
  decision.decided_by = settings.by.value_or(os_user());
  try {
    riskdb::record_triage(database, decision);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  std::cout << "recorded: " << what << " " << settings.kind
            << (decision.reference.empty() ? "" : " " + escape_for_terminal(decision.reference))
            << " is " << settings.state
            << (settings.justification ? " (" + *settings.justification + ")" : "") << ", by "
            << escape_for_terminal(decision.decided_by) << "; kept for this device ("
            << decision.identity_kind << " " << escape_for_terminal(decision.identity_key)
            << ") in every later sweep\n";
  return exit_ok;
}

}  // namespace kensa::cli
