// kensa: inventory network equipment over SNMP and judge its supply-chain risk.

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "cli/check_command.hpp"
#include "cli/db_command.hpp"
#include "cli/demo_command.hpp"
#include "cli/diff_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/export_command.hpp"
#include "cli/feeds_command.hpp"
#include "cli/identify_command.hpp"
#include "cli/ingest_command.hpp"
#include "cli/inventory_command.hpp"
#include "cli/judge_command.hpp"
#include "cli/poll_command.hpp"
#include "cli/push_command.hpp"
#include "cli/recorded_command_line.hpp"
#include "cli/simulate_command.hpp"
#include "cli/sweep_command.hpp"
#include "cli/triage_command.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "cli/version.hpp"
#include "riskdb/database.hpp"

int main(int argc, char** argv) {
  using namespace kensa::cli;
  CLI::App app{"kensa: inventory network equipment over SNMP and flag its supply-chain risk",
               "kensa"};
  app.set_version_flag("--version", std::string("kensa ") + std::string(kensa_version));
  app.require_subcommand(1);

  PollCommandSettings poll_settings;
  CLI::App* poll = add_poll_command(app, poll_settings);
  IdentifyCommandSettings identify_settings;
  CLI::App* identify = add_identify_command(app, identify_settings);
  SweepCommandSettings sweep_settings;
  CLI::App* sweep = add_sweep_command(app, sweep_settings);
  DiffCommandSettings diff_settings;
  CLI::App* diff = add_diff_command(app, diff_settings);
  JudgeCommandSettings judge_settings;
  CLI::App* judge = add_judge_command(app, judge_settings);
  TriageCommandSettings triage_settings;
  CLI::App* triage = add_triage_command(app, triage_settings);
  CheckCommandSettings check_settings;
  CLI::App* check = add_check_command(app, check_settings);
  InventoryCommandSettings inventory_settings;
  CLI::App* inventory = add_inventory_command(app, inventory_settings);
  FindingsCommandSettings findings_settings;
  CLI::App* findings = add_findings_command(app, findings_settings);
  FeedsCommandSettings feeds_settings;
  const FeedsCommands feeds = add_feeds_command(app, feeds_settings);
  ExportCommandSettings export_settings;
  export_settings.command_line = recorded_command_line(argc, argv);
  CLI::App* export_command = add_export_command(app, export_settings);
  PushCommandSettings push_settings;
  CLI::App* push = add_push_command(app, push_settings);
  IngestCommandSettings ingest_settings;
  CLI::App* ingest = add_ingest_command(app, ingest_settings);
  VerifyCommandSettings verify_settings;
  CLI::App* verify = add_verify_command(app, verify_settings);
  SimulateCommandSettings simulate_settings;
  CLI::App* simulate = add_simulate_command(app, simulate_settings);
  DemoCommandSettings demo_settings;
  CLI::App* demo = add_demo_command(app, demo_settings);
  DbCommandSettings db_settings;
  const DbCommands db = add_db_command(app, db_settings);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    if (code != 0 && check->parsed()) return exit_check_error;
    return code == 0 ? exit_ok : exit_usage;
  }

  try {
    if (poll->parsed()) return run_poll_command(poll_settings);
    if (identify->parsed()) return run_identify_command(identify_settings);
    if (sweep->parsed()) return run_sweep_command(sweep_settings);
    if (diff->parsed()) return run_diff_command(diff_settings);
    if (judge->parsed()) return run_judge_command(judge_settings);
    if (triage->parsed()) return run_triage_command(triage_settings);
    if (check->parsed()) return run_check_command(check_settings);
    if (inventory->parsed()) return run_inventory_command(inventory_settings);
    if (findings->parsed()) return run_findings_command(findings_settings);
    if (export_command->parsed()) return run_export_command(export_settings);
    if (push->parsed()) return run_push_command(push_settings);
    if (ingest->parsed()) return run_ingest_command(ingest_settings);
    if (verify->parsed()) return run_verify_command(verify_settings);
    if (simulate->parsed()) return run_simulate_command(simulate_settings);
    if (demo->parsed()) return run_demo_command(demo_settings);
    if (db.status->parsed()) return run_db_status(db_settings);
    if (db.init->parsed()) return run_db_init(db_settings);
    if (feeds.import->parsed()) return run_feeds_import(feeds_settings);
    if (feeds.fetch->parsed()) return run_feeds_fetch(feeds_settings);
    if (feeds.status->parsed()) return run_feeds_status(feeds_settings);
    if (feeds.export_screening->parsed()) return run_feeds_export_screening(feeds_settings);
    if (feeds.mib_index->parsed()) return run_feeds_mib_index(feeds_settings);
  } catch (const UsageError& error) {
    std::cerr << "kensa: " << error.what() << '\n';
    return check->parsed() ? exit_check_error : exit_usage;
  } catch (const kensa::riskdb::StorageError& error) {
    std::cerr << "kensa: " << kensa::cli::escape_for_terminal(error.what())
              << "\nkensa: the database could not be read or written: a full disk, an I/O error, "
                 "a corrupt file or one that is not a database, or a database server gone or "
                 "refusing\n";
    return exit_storage;
  } catch (const std::exception& error) {
    std::cerr << "kensa: internal error: " << error.what() << '\n';
    return exit_internal_error;
  }
  return exit_usage;
}
