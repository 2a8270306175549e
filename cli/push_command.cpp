#include "cli/push_command.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/sweep_content.hpp"
#include "riskdb/sweep_judgement.hpp"
#include "riskdb/sweeps.hpp"

namespace kensa::cli {

CLI::App* add_push_command(CLI::App& app, PushCommandSettings& settings) {
  CLI::App* command = app.add_subcommand(
      "push", "Send the complete sweeps of a site's database that the central one lacks");
  command->footer(
      "Each sweep goes in one transaction, checked against its digest before it commits; "
      "pushing again sends only what the central database does not hold, so a push that "
      "stopped resumes where it stopped. The site's database is only read.\n"
      "Exit codes: 0 sent (or nothing to send), 64 usage, 65 a sweep was refused (the central "
      "database holds it with other content), 74 a database failed.");
  command->add_option("--db", settings.database.file, "The site's inventory database")->required();
  command
      ->add_option("--to", settings.to.file,
                   "The central inventory: postgresql://... (or another database file)")
      ->required();
  command->add_option("--site", settings.site,
                      "The site of sweeps that were made without naming one");
  return command;
}

int run_push_command(const PushCommandSettings& settings) {
  if (settings.site) {
    try {
      riskdb::check_site_name(*settings.site);
    } catch (const riskdb::DatabaseError& error) {
      throw UsageError(std::string("--site: ") + error.what());
    }
  }
  riskdb::Database site = open_inventory_to_read(settings.database);
  std::vector<riskdb::Sweep> complete;
  std::size_t left_behind = 0;
  for (riskdb::Sweep& sweep : riskdb::list_sweeps(site)) {
    if (sweep.status != "complete") {
      ++left_behind;
      continue;
    }
    if (!sweep.site && !settings.site)
      throw UsageError("sweep " + std::to_string(sweep.id) + " of " + site.name() +
                       " was made without naming its site: name it with --site");
    complete.push_back(std::move(sweep));
  }
  riskdb::Database central = open_inventory(settings.to);

  std::size_t sent = 0, held = 0, refused = 0;
  for (const riskdb::Sweep& sweep : complete) {
    const std::string site_name = escape_for_terminal(sweep.site.value_or(*settings.site));
    // Held already, with every judgement its site made: nothing to read or send.
    if (const auto there = riskdb::sweep_with_uid(central, sweep.uid);
        there && riskdb::site_judgements_of(central, *there).size() >=
                     riskdb::judgements_of(site, sweep.id).size()) {
      ++held;
      std::cout << "sweep " << sweep.id << " (site " << site_name << ") is held already as sweep "
                << *there << '\n';
      continue;
    }
    riskdb::StoredSweep stored;
    try {
      stored = riskdb::store_sweep_content(
          central, riskdb::read_sweep_content(site, sweep.id, settings.site));
    } catch (const riskdb::SweepContentError& error) {
      ++refused;
      std::cerr << "kensa: sweep " << sweep.id << " refused: " << escape_for_terminal(error.what())
                << '\n';
      continue;
    }
    if (stored.already_held) {
      ++held;
      std::cout << "sweep " << sweep.id << " (site " << site_name << ") is held already as sweep "
                << stored.sweep_id << "; " << stored.judgements_added
                << " judgement(s) of its site added\n";
    } else {
      ++sent;
      std::cout << "sweep " << sweep.id << " (site " << site_name << ", " << stored.devices
                << " devices) sent as sweep " << stored.sweep_id << '\n';
    }
    std::cout.flush();
  }
  std::cout << "pushed " << sent << " sweep(s) from " << escape_for_terminal(site.name()) << " to "
            << escape_for_terminal(central.name()) << "; " << held << " held already";
  if (refused) std::cout << ", " << refused << " refused";
  if (left_behind) std::cout << ", " << left_behind << " running or aborted left behind";
  std::cout << '\n';
  return refused ? exit_refused : exit_ok;
}

}  // namespace kensa::cli
