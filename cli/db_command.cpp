#include "cli/db_command.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/untrusted_text.hpp"
#include "riskdb/datasets.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/statement.hpp"

namespace kensa::cli {
namespace {

std::int64_t count(const riskdb::Database& database, const char* sql) {
  riskdb::Statement query(database, sql);
  return query.step() ? query.integer(0) : 0;
}

}  // namespace

DbCommands add_db_command(CLI::App& app, DbCommandSettings& settings) {
  CLI::App* db = app.add_subcommand("db", "The inventory database");
  db->require_subcommand(1);
  CLI::App* status = db->add_subcommand(
      "status", "Schema version, the provenance of every dataset loaded, and the sweeps held");
  add_database_option(*status, settings.database);
  status->add_flag("--json", settings.json, "Print one JSON object");
  CLI::App* init = db->add_subcommand(
      "init", "Create the database, or bring one of an older kensa to this kensa's schema");
  add_database_option(*init, settings.database);
  return {status, init};
}

int run_db_init(const DbCommandSettings& settings) {
  const riskdb::Database database = open_inventory(settings.database);
  std::cout << "database " << escape_for_terminal(database.name()) << " at schema version "
            << database.schema_version() << '\n';
  return exit_ok;
}

int run_db_status(const DbCommandSettings& settings) {
  riskdb::Database database = open_inventory_to_read(settings.database);
  const auto datasets = riskdb::current_datasets(database);
  const auto sweeps = riskdb::list_sweeps(database);
  const std::int64_t devices = count(database, "SELECT count(*) FROM devices");
  std::string integrity;
  if (database.backend() == riskdb::Backend::sqlite) {
    riskdb::Statement check(database, "PRAGMA quick_check");
    while (check.step()) integrity += (integrity.empty() ? "" : "; ") + check.text(0);
  } else {
    // The server keeps its own pages; kensa has no check of them to run.
    riskdb::Statement checksums(database, "SHOW data_checksums");
    checksums.step();
    integrity = "kept by the PostgreSQL server (data checksums " + checksums.text(0) + ")";
  }
  if (settings.json) {
    nlohmann::json out{{"file", database.name()},
                       {"schema_version", database.schema_version()},
                       {"integrity", integrity},
                       {"devices", devices},
                       {"datasets", nlohmann::json::array()},
                       {"sweeps", nlohmann::json::array()}};
    for (const auto& dataset : datasets)
      out["datasets"].push_back(
          {{"kind", dataset.kind},
           {"source", dataset.source},
           {"version", dataset.version ? nlohmann::json(*dataset.version) : nullptr},
           {"sha256", dataset.sha256},
           {"loaded_at", dataset.loaded_at},
           {"rows", dataset.row_count}});
    for (const auto& sweep : sweeps)
      out["sweeps"].push_back(
          {{"id", sweep.id},
           {"started_at", sweep.started_at},
           {"finished_at", sweep.finished_at ? nlohmann::json(*sweep.finished_at) : nullptr},
           {"status", sweep.status},
           {"note", sweep.note ? nlohmann::json(*sweep.note) : nullptr},
           {"judged_at", sweep.judged_at ? nlohmann::json(*sweep.judged_at) : nullptr},
           {"uid", sweep.uid},
           {"site", sweep.site ? nlohmann::json(*sweep.site) : nullptr},
           {"scanner_host", sweep.scanner_host ? nlohmann::json(*sweep.scanner_host) : nullptr},
           {"received_at", sweep.received_at ? nlohmann::json(*sweep.received_at) : nullptr}});
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return exit_ok;
  }
  std::cout << "database        " << escape_for_terminal(database.name()) << '\n'
            << "schema version  " << database.schema_version()
            << " (this kensa: " << riskdb::Database::newest_schema_version() << ")\n"
            << "integrity       " << escape_for_terminal(integrity) << '\n'
            << "devices         " << devices << '\n'
            << "sweeps          " << sweeps.size() << '\n';
  std::cout << "\ndatasets\n";
  if (datasets.empty()) std::cout << "  (none loaded)\n";
  for (const auto& dataset : datasets)
    std::cout << "  " << dataset.kind << ": " << escape_for_terminal(dataset.source) << '\n'
              << "    version " << escape_for_terminal(dataset.version.value_or("(none)")) << ", "
              << dataset.row_count << " rows, loaded " << dataset.loaded_at << '\n'
              << "    sha256 " << dataset.sha256 << '\n';
  if (!sweeps.empty()) {
    std::cout << "\nsweeps\n";
    for (const auto& sweep : sweeps) {
      std::cout << "  " << sweep.id << "  " << sweep.started_at << "  " << sweep.status;
      if (sweep.site) std::cout << ", site " << escape_for_terminal(*sweep.site);
      if (sweep.received_at) std::cout << ", received " << escape_for_terminal(*sweep.received_at);
      if (sweep.judged_at) std::cout << ", judged " << *sweep.judged_at;
      if (sweep.note) std::cout << "  (" << escape_for_terminal(*sweep.note) << ")";
      std::cout << '\n';
    }
  }
  return exit_ok;
}

}  // namespace kensa::cli
