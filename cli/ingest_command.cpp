#include "cli/ingest_command.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/sweep_bundle.hpp"
#include "cli/untrusted_text.hpp"
#include "riskdb/sweep_content.hpp"

namespace kensa::cli {

CLI::App* add_ingest_command(CLI::App& app, IngestCommandSettings& settings) {
  CLI::App* command = app.add_subcommand(
      "ingest", "Load sweep bundles (kensa export --format bundle) into this inventory");
  command->footer(
      "Each bundle is checked whole (length, SHA-256, signature, content) before anything of "
      "it is written, then stored in one transaction; loading a bundle twice stores it once.\n"
      "Exit codes: 0 loaded, 64 usage, 65 a bundle was refused (the others are still loaded), "
      "74 the database failed.");
  command->add_option("bundle", settings.bundles, "Bundle files")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--public-key", settings.public_keys,
                      "An Ed25519 public key (PEM) whose signatures are trusted; repeatable");
  command->add_flag("--allow-unsigned", settings.allow_unsigned,
                    "Load bundles that carry no signature (their digest is still checked)");
  add_database_option(*command, settings.database);
  return command;
}

int run_ingest_command(const IngestCommandSettings& settings) {
  std::vector<Key> trusted;
  for (const auto& file : settings.public_keys) trusted.push_back(load_public_key(file));
  riskdb::Database database = open_inventory(settings.database);
  std::size_t loaded = 0, held = 0, refused = 0;
  for (const auto& file : settings.bundles) {
    const std::string name = escape_for_terminal(file.string());
    try {
      const Bundle bundle = read_bundle(file, trusted, settings.allow_unsigned);
      const riskdb::StoredSweep stored = riskdb::store_sweep_content(database, bundle.content);
      const std::string signer =
          bundle.signature_checked ? "signed by key " + *bundle.header.signer : "unsigned";
      if (stored.already_held) {
        ++held;
        std::cout << name << ": sweep " << bundle.header.sweep_uid << " is held already as sweep "
                  << stored.sweep_id << " (" << stored.judgements_added
                  << " judgement(s) of its site added)\n";
      } else {
        ++loaded;
        std::cout << name << ": sweep " << bundle.header.sweep_uid << " of site "
                  << escape_for_terminal(bundle.header.site) << " (" << stored.devices
                  << " devices, " << signer << ") loaded as sweep " << stored.sweep_id << '\n';
      }
    } catch (const BundleError& error) {
      ++refused;
      std::cerr << "kensa: " << escape_for_terminal(error.what()) << '\n';
    } catch (const riskdb::SweepContentError& error) {
      ++refused;
      std::cerr << "kensa: bundle " << name << " refused: " << escape_for_terminal(error.what())
                << '\n';
    }
  }
  std::cout << "ingested " << loaded << " bundle(s) into " << escape_for_terminal(database.name())
            << "; " << held << " held already";
  if (refused) std::cout << ", " << refused << " refused";
  std::cout << '\n';
  return refused ? exit_refused : exit_ok;
}

}  // namespace kensa::cli
