#include "cli/demo_command.hpp"

#include <cstdlib>
#include <iostream>
#include <random>

#include "cli/child_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/export_command.hpp"
#include "cli/inventory_command.hpp"
#include "cli/inventory_database.hpp"
#include "cli/usage_error.hpp"
#include "feeds/feed_import.hpp"
#include "scanner/installed_data.hpp"

namespace kensa::cli {

namespace fs = std::filesystem;

fs::path demo_directory() {
  if (const char* directory = std::getenv("KENSA_DEMO_DIR"); directory != nullptr && *directory)
    return directory;
  if (const auto installed = scanner::installed_share_directory()) return *installed / "demo";
  return KENSA_BUILT_DEMO_DIR;
}

CLI::App* add_demo_command(CLI::App& app, DemoCommandSettings& settings) {
  CLI::App* command = app.add_subcommand(
      "demo", "Sweep, judge and report on simulated devices: kensa's main job, offline");
  command->add_option("--db", settings.database,
                      "Keep the inventory in this file (default: a temporary one)");
  command->add_option("--report", settings.report, "Where to write the HTML report")
      ->capture_default_str();
  return command;
}

int run_demo_command(const DemoCommandSettings& settings) {
  const fs::path data = demo_directory();
  if (!fs::is_directory(data / "walks"))
    throw UsageError("no demo data in " + data.string() + " (set KENSA_DEMO_DIR)");
  std::optional<fs::path> temporary;
  fs::path database_file;
  if (settings.database) {
    database_file = *settings.database;
  } else {
    temporary =
        fs::temp_directory_path() / ("kensa-demo-" + std::to_string(std::random_device{}()));
    fs::create_directories(*temporary);
    database_file = *temporary / "kensa.db";
  }
  struct Cleanup {
    std::optional<fs::path>& directory;
    ~Cleanup() {
      std::error_code ignored;
      if (directory) fs::remove_all(*directory, ignored);
    }
  } cleanup{temporary};

  std::cout << "== 1. Datasets: curated restriction lists, a CISA KEV entry, an NVD record, the "
               "operator's screening register\n";
  {
    riskdb::Database database = open_inventory({database_file});
    for (const auto& [kind, file] : std::vector<std::pair<feeds::FeedKind, const char*>>{
             {feeds::FeedKind::kev, "kev.json"},
             {feeds::FeedKind::nvd, "nvd.json"},
             {feeds::FeedKind::screening, "screening.csv"}}) {
      const auto report = feeds::import_feed(database, kind, {data / file});
      std::cout << "   " << feeds::feed_kind_name(kind) << ": " << report.rows << " row(s) from "
                << file << '\n';
    }
  }

  // The simulated devices and the sweep are the commands a user would type,
  // each in a process (and on an engine) of its own; the community is the
  // demo's own.
  const std::string community = "demo-" + std::to_string(std::random_device{}());
  ChildCommand simulator({"simulate", "--walks", (data / "walks").string(), "--listen",
                          "127.77.0.1:0", "--community", community},
                         {}, true);
  // "serving N agent(s) from N walk(s) on FIRST-LAST port P, ..."
  const std::optional<std::string> serving = simulator.read_line();
  const auto port_at = serving ? serving->find(" port ") : std::string::npos;
  if (port_at == std::string::npos)
    throw std::runtime_error("the demo's simulated network did not start (exit " +
                             std::to_string(simulator.wait()) + ")");
  const std::string port = serving->substr(port_at + 6, serving->find(',', port_at) - port_at - 6);
  const std::string devices = serving->substr(8, serving->find(' ', 8) - 8);
  std::cout << "\n== 2. Simulated network: " << devices << " SNMP agents on 127.77.0.1-127.77.0."
            << devices << " port " << port << " (kensa simulate), linked by LLDP\n";

  std::cout << "\n== 3. kensa sweep 127.77.0.2 --scope 127.77.0.0/24 --max-hops 3: one seed, "
               "the rest found by LLDP\n"
            << std::flush;
  ChildCommand sweep(
      {"sweep", "127.77.0.2", "--scope", "127.77.0.0/24", "--port", port, "--max-hops", "3",
       "--timeout", "1000", "--no-progress", "--db", database_file.string()},
      {{"KENSA_COMMUNITY", community}}, false);
  const int swept = sweep.wait();
  simulator.terminate();
  simulator.wait();
  if (swept != exit_ok) return swept;

  std::cout << "\n== 4. Findings, most severe first (kensa findings)\n";
  FindingsCommandSettings findings;
  findings.database.file = database_file;
  run_findings_command(findings);

  std::cout << "\n== 5. Report for auditors (kensa export --format html)\n";
  ExportCommandSettings report;
  report.database.file = database_file;
  report.format = "html";
  report.out = settings.report;
  const int exported = run_export_command(report);
  if (exported != exit_ok) return exported;
  std::cout << "\nOpen " << fs::absolute(settings.report).string()
            << " in a browser; `kensa verify " << settings.report.string()
            << ".manifest.json` checks it.\n";
  return exit_ok;
}

}  // namespace kensa::cli
