#include "cli/demo_command.hpp"

#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

#include "cli/exit_codes.hpp"
#include "cli/export_command.hpp"
#include "cli/inventory_command.hpp"
#include "cli/inventory_database.hpp"
#include "cli/simulate_command.hpp"
#include "cli/sweep_command.hpp"
#include "cli/usage_error.hpp"
#include "feeds/feed_import.hpp"
#include "scanner/installed_data.hpp"
#include "scanner/walk_agent.hpp"
#include "scanner/walk_file.hpp"

namespace kensa::cli {

namespace fs = std::filesystem;
namespace asio = boost::asio;

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

  // The simulated devices, on their own thread, with a community of their own.
  const auto identification = scanner::IdentificationData::load(
      scanner::default_data_directory(), scanner::EnterpriseRegistry::debian_path);
  // Walk N serves 127.77.0.N (walk_files keeps name order): the addresses
  // the walks' LLDP tables give for each other.
  std::vector<scanner::SimulatedWalk> walks;
  for (const auto& file : walk_files({data / "walks"}))
    walks.push_back(scanner::simulated_walk(file.stem().string(),
                                            scanner::read_walk_file(file).values, identification));
  const std::size_t device_count = walks.size();
  scanner::WalkAgentOptions options;
  options.community = "demo-" + std::to_string(std::random_device{}());
  asio::io_context io;
  const auto first = asio::ip::make_address_v4("127.77.0.1");
  scanner::WalkAgent agent(io, std::move(walks), first, device_count, 0, options);
  std::thread simulator([&io] { io.run(); });
  struct StopSimulator {
    asio::io_context& io;
    scanner::WalkAgent& agent;
    std::thread& thread;
    ~StopSimulator() {
      asio::post(io, [this] { agent.stop(); });
      thread.join();
    }
  } stop{io, agent, simulator};
  std::cout << "\n== 2. Simulated network: " << device_count
            << " SNMP agents on 127.77.0.1-127.77.0." << device_count << " port " << agent.port()
            << " (kensa simulate), linked by LLDP\n";

  std::cout << "\n== 3. kensa sweep 127.77.0.2 --scope 127.77.0.0/24 --max-hops 3: one seed, "
               "the rest found by LLDP\n";
  setenv("KENSA_COMMUNITY", options.community.c_str(), 1);
  SweepCommandSettings sweep;
  sweep.database.file = database_file;
  sweep.targets = {"127.77.0.2"};
  sweep.scope = {"127.77.0.0/24"};
  sweep.port = agent.port();
  sweep.max_hops = 3;
  sweep.fleet.timeout_ms = 1000;
  sweep.no_progress = true;
  const int swept = run_sweep_command(sweep);
  unsetenv("KENSA_COMMUNITY");
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
