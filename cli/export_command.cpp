#include "cli/export_command.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/export_formats.hpp"
#include "cli/export_manifest.hpp"
#include "cli/local_identity.hpp"
#include "cli/sweep_bundle.hpp"
#include "cli/sweep_config.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/datasets.hpp"
#include "riskdb/file_digest.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/sweep_content.hpp"

namespace kensa::cli {

namespace fs = std::filesystem;

namespace {

ExportProvenance provenance_of(const ExportCommandSettings& settings) {
  ExportProvenance provenance;
  provenance.exported_at = riskdb::utc_now();
  provenance.host = host_name();
  provenance.os_user = os_user();
  provenance.operator_name = settings.operator_name;
  if (!provenance.operator_name && settings.config)
    provenance.operator_name = load_config_operator(*settings.config);
  provenance.command_line = settings.command_line;
  return provenance;
}

// A bundle is one whole sweep: the device filters and csv options do not apply.
void refuse_options_of_records(const ExportCommandSettings& settings) {
  const InventoryFilterOptions& filter = settings.filter;
  for (const auto& [given, option] : {std::pair{filter.vendor.has_value(), "--vendor"},
                                      {filter.model.has_value(), "--model"},
                                      {filter.firmware.has_value(), "--firmware"},
                                      {filter.risk.has_value(), "--risk"},
                                      {filter.screening.has_value(), "--screening"},
                                      {filter.subnet.has_value(), "--subnet"},
                                      {filter.seen_since.has_value(), "--seen-since"},
                                      {settings.no_neighbours, "--no-neighbours"},
                                      {settings.modules, "--modules"},
                                      {settings.bom, "--bom"}})
    if (given)
      throw UsageError(std::string(option) +
                       " does not apply to --format bundle, which carries a whole sweep");
}

int export_bundle(const ExportCommandSettings& settings, const std::optional<Key>& signing_key) {
  refuse_options_of_records(settings);
  if (settings.out.filename().empty()) throw UsageError("--out must name a file");
  riskdb::Database database = open_inventory_to_read(settings.database);
  const auto sweep = settings.sweep
                         ? settings.sweep
                         : riskdb::latest_sweep(database, "complete", settings.filter.site);
  if (!sweep)
    throw UsageError(settings.filter.site ? "the database holds no complete sweep of site " +
                                                *settings.filter.site + " to export"
                                          : "the database holds no complete sweep to export");
  nlohmann::json content;
  try {
    content = riskdb::read_sweep_content(database, *sweep, settings.filter.site);
  } catch (const riskdb::StorageError&) {
    throw;
  } catch (const riskdb::DatabaseError& error) {
    throw UsageError(error.what());
  }
  BundleHeader written;
  try {
    written = write_bundle(settings.out, content, signing_key ? &*signing_key : nullptr);
  } catch (const std::exception& error) {
    std::cerr << "kensa: the bundle was not written: " << error.what() << '\n';
    return exit_storage;
  }
  std::cout << "wrote " << escape_for_terminal(settings.out.string()) << " (sweep " << *sweep
            << " of site " << escape_for_terminal(written.site) << ", uid " << written.sweep_uid
            << ", " << content["devices"].size() << " devices, bundle)\n"
            << "content sha256 " << written.content_sha256 << '\n';
  if (written.signer) std::cout << "signed by key " << *written.signer << '\n';
  return exit_ok;
}

}  // namespace

CLI::App* add_export_command(CLI::App& app, ExportCommandSettings& settings) {
  CLI::App* command = app.add_subcommand(
      "export", "Write a judged sweep for auditors, with an integrity manifest beside it");
  command->footer(
      "Formats: csv (one row per device, --modules for one per module), json and jsonl (the "
      "full records, schema kensa-export 1), cyclonedx (CycloneDX 1.6 JSON), html (a "
      "self-contained report), xlsx (one sheet per table), bundle (one complete sweep, judged or "
      "not, with its site's judgements, for `kensa ingest` into another inventory: a "
      "self-describing file carrying its own SHA-256 and, with --sign-key, its signature; no "
      "manifest, and no filter but --site).\n"
      "OUT.manifest.json records the SHA-256 of the export, who exported it, when, on which "
      "host and how; with --sign-key, OUT.manifest.json.sig is its Ed25519 signature. `kensa "
      "verify` checks both.");
  command
      ->add_option("--format", settings.format, "csv, json, jsonl, cyclonedx, html, xlsx or bundle")
      ->required()
      ->check(CLI::IsMember({"csv", "json", "jsonl", "cyclonedx", "html", "xlsx", "bundle"}));
  CLI::Option* sweep =
      command->add_option("--sweep", settings.sweep, "Sweep id (default: the latest judged sweep)");
  CLI::Option* every_site = command->add_flag(
      "--every-site", settings.every_site,
      "One export for the latest judged sweep of each site (for bundles, the latest complete), "
      "each written to OUT with the site's name before its extension (inventory.Osaka.xlsx), "
      "each with its own manifest");
  every_site->excludes(sweep);
  add_inventory_filter_options(*command, settings.filter);
  command->add_flag("--no-neighbours", settings.no_neighbours,
                    "Leave out devices seen only as neighbours");
  command->add_flag("--modules", settings.modules, "csv: one row per module");
  command->add_flag("--bom", settings.bom, "csv: start with a UTF-8 byte order mark (Excel)");
  command->add_option("--out", settings.out, "The file to write")->required();
  command->add_option("--sign-key", settings.sign_key,
                      "Sign the manifest with this Ed25519 private key (PEM, not readable by "
                      "other users)");
  command->add_option("--operator", settings.operator_name,
                      "Who exports, for the manifest (default: the configuration's operator)");
  command->add_option("--config", settings.config,
                      "A sweep configuration whose `operator` key names who exports");
  add_database_option(*command, settings.database);
  return command;
}

namespace {

int export_sweep(const ExportCommandSettings& settings, const std::optional<Key>& signing_key) {
  const ExportProvenance provenance = provenance_of(settings);
  riskdb::Database database = open_inventory_to_read(settings.database);
  const auto sweep =
      settings.sweep ? settings.sweep : riskdb::latest_judged_sweep(database, settings.filter.site);
  if (!sweep)
    throw UsageError(settings.filter.site ? "the database holds no judged sweep of site " +
                                                *settings.filter.site + " to export"
                                          : "the database holds no judged sweep to export");
  ExportRequest request;
  request.database = &database;
  try {
    request.context = riskdb::load_export_context(database, *sweep);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  request.filter = inventory_filter(database, settings.filter);
  request.filter.include_neighbor_only = !settings.no_neighbours;
  request.filter_json = filter_json(settings.filter);
  if (settings.no_neighbours) request.filter_json["neighbours"] = false;
  request.modules = settings.modules;
  request.excel_bom = settings.bom;
  request.triage = riskdb::TriageBook::load(database);

  const fs::path out = settings.out;
  if (out.filename().empty()) throw UsageError("--out must name a file");
  const fs::path directory = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::is_directory(directory))
    throw UsageError("--out " + out.string() + ": no directory " + directory.string());
  const fs::path partial =
      directory / ("." + out.filename().string() + ".partial-" + std::to_string(getpid()));
  // CSV is one table a file: the coverage table goes beside it.
  std::vector<fs::path> files{out};
  if (settings.format == "csv") files.push_back(out.string() + ".coverage.csv");
  const fs::path coverage_partial = partial.string() + ".coverage";
  try {
    if (settings.format == "csv") {
      std::ofstream stream(coverage_partial, std::ios::binary | std::ios::trunc);
      if (!stream) throw std::runtime_error("cannot create " + coverage_partial.string());
      write_csv_coverage(request, stream);
      stream.close();
      if (!stream) throw std::runtime_error("cannot write " + coverage_partial.string());
    }
    if (settings.format == "xlsx") {
      write_xlsx_export(request, partial);
    } else {
      std::ofstream stream(partial, std::ios::binary | std::ios::trunc);
      if (!stream) throw std::runtime_error("cannot create " + partial.string());
      if (settings.format == "csv")
        write_csv_export(request, stream);
      else if (settings.format == "json" || settings.format == "jsonl")
        write_json_export(request, stream, settings.format == "jsonl");
      else if (settings.format == "cyclonedx")
        write_cyclonedx_export(request, stream);
      else
        write_html_export(request, stream);
      stream.close();
      if (!stream) throw std::runtime_error("cannot write " + partial.string());
    }
    fs::rename(partial, out);
    if (files.size() > 1) fs::rename(coverage_partial, files[1]);
  } catch (const std::exception& error) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    fs::remove(coverage_partial, ignored);
    std::cerr << "kensa: the export was not written: " << error.what() << '\n';
    return exit_storage;
  }
  const fs::path manifest = out.string() + ".manifest.json";
  write_manifest(manifest, request, settings.format, files, provenance,
                 signing_key ? &*signing_key : nullptr);
  std::cout << "wrote " << escape_for_terminal(out.string()) << " (sweep " << *sweep << ", "
            << settings.format << ")\n"
            << "manifest " << escape_for_terminal(manifest.string()) << " sha256 "
            << riskdb::sha256_of_file(manifest) << '\n';
  if (signing_key)
    std::cout << "signature " << escape_for_terminal(signature_path(manifest).string())
              << " by key " << fingerprint(*signing_key) << '\n';
  return exit_ok;
}

// OUT with the site's name before its extension: inventory.xlsx and Osaka
// give inventory.Osaka.xlsx. A sweep of no site keeps OUT itself. A site's
// name holds no path separator (riskdb::check_site_name); one that does
// not pass, in a store altered by other means, is refused, not written to.
fs::path path_for_site(const fs::path& out, const std::optional<std::string>& site) {
  if (!site) return out;
  try {
    riskdb::check_site_name(*site);
  } catch (const riskdb::DatabaseError& error) {
    throw UsageError("the database names a site \"" + escape_for_terminal(*site) +
                     "\" that cannot name a file: " + error.what());
  }
  return out.parent_path() / (out.stem().string() + "." + *site + out.extension().string());
}

// Every site's latest sweep, one export each; a failed one does not stop the
// others, and the command's exit code is the first failure's.
int export_every_site(const ExportCommandSettings& settings,
                      const std::optional<Key>& signing_key) {
  if (settings.filter.site) throw UsageError("--every-site and --site exclude each other");
  // Each sweep and its file, all named before any is written.
  std::vector<std::pair<std::int64_t, fs::path>> sweeps;
  {
    riskdb::Database database = open_inventory_to_read(settings.database);
    for (const std::int64_t id : settings.format == "bundle"
                                     ? riskdb::latest_sweep_of_each_site(database, "complete")
                                     : riskdb::latest_judged_sweep_of_each_site(database))
      sweeps.emplace_back(
          id, path_for_site(settings.out, riskdb::find_sweep(database, id).value().site));
  }
  if (sweeps.empty())
    throw UsageError(settings.format == "bundle" ? "the database holds no complete sweep to export"
                                                 : "the database holds no judged sweep to export");
  int result = exit_ok;
  for (const auto& [id, out] : sweeps) {
    ExportCommandSettings one = settings;
    one.every_site = false;
    one.sweep = id;
    one.out = out;
    const int exported = settings.format == "bundle" ? export_bundle(one, signing_key)
                                                     : export_sweep(one, signing_key);
    if (result == exit_ok) result = exported;
  }
  return result;
}

}  // namespace

int run_export_command(const ExportCommandSettings& settings) {
  std::optional<Key> signing_key;
  if (settings.sign_key) signing_key = load_signing_key(*settings.sign_key);
  if (settings.every_site) return export_every_site(settings, signing_key);
  if (settings.format == "bundle") return export_bundle(settings, signing_key);
  return export_sweep(settings, signing_key);
}

CLI::App* add_verify_command(CLI::App& app, VerifyCommandSettings& settings) {
  CLI::App* command = app.add_subcommand("verify", "Check exported files against their manifest");
  command->footer(
      "Without --public-key the files are checked against the manifest, which proves them "
      "unchanged only if the manifest is; with it, the manifest's signature is checked too.\n"
      "Exit codes: 0 everything matches, 1 a file differs or is missing or the signature "
      "fails, 64 the manifest or the key cannot be read.");
  command->add_option("manifest", settings.manifest, "The OUT.manifest.json of an export")
      ->required();
  command->add_option("--public-key", settings.public_key,
                      "The signer's Ed25519 public key (PEM): also check OUT.manifest.json.sig");
  return command;
}

int run_verify_command(const VerifyCommandSettings& settings) {
  std::optional<Key> public_key;
  if (settings.public_key) public_key = load_public_key(*settings.public_key);
  ManifestCheck check;
  try {
    check = verify_manifest(settings.manifest, public_key ? &*public_key : nullptr);
  } catch (const std::runtime_error& error) {
    throw UsageError(escape_for_terminal(error.what()));
  }
  for (const auto& problem : check.problems)
    std::cout << "MISMATCH " << escape_for_terminal(problem) << '\n';
  if (!check.problems.empty()) return exit_findings;
  std::cout << "OK " << check.files << " file(s) match "
            << escape_for_terminal(settings.manifest.string()) << '\n';
  if (check.signature_checked)
    std::cout << "OK signed by key " << fingerprint(*public_key) << '\n';
  else if (check.signer)
    std::cout << "signature not checked: pass --public-key to prove the manifest's origin (it "
                 "names key "
              << escape_for_terminal(*check.signer) << ")\n";
  else
    std::cout << "unsigned: this proves the files match the manifest, not who wrote it\n";
  return exit_ok;
}

}  // namespace kensa::cli
