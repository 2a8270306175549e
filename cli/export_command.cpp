#include "cli/export_command.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/export_formats.hpp"
#include "cli/export_manifest.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/file_digest.hpp"
#include "riskdb/inventory_query.hpp"

namespace kensa::cli {

namespace fs = std::filesystem;

CLI::App* add_export_command(CLI::App& app, ExportCommandSettings& settings) {
  CLI::App* command = app.add_subcommand(
      "export", "Write a judged sweep for auditors, with an integrity manifest beside it");
  command->footer(
      "Formats: csv (one row per device, --modules for one per module), json and jsonl (the "
      "full records, schema kensa-export 1), cyclonedx (CycloneDX 1.6 JSON), html (a "
      "self-contained report), xlsx (one sheet per table).\n"
      "OUT.manifest.json records the SHA-256 of the export; `kensa verify` checks it.");
  command->add_option("--format", settings.format, "csv, json, jsonl, cyclonedx, html or xlsx")
      ->required()
      ->check(CLI::IsMember({"csv", "json", "jsonl", "cyclonedx", "html", "xlsx"}));
  command->add_option("--sweep", settings.sweep, "Sweep id (default: the latest judged sweep)");
  add_inventory_filter_options(*command, settings.filter);
  command->add_flag("--no-neighbours", settings.no_neighbours,
                    "Leave out devices seen only as neighbours");
  command->add_flag("--modules", settings.modules, "csv: one row per module");
  command->add_flag("--bom", settings.bom, "csv: start with a UTF-8 byte order mark (Excel)");
  command->add_option("--out", settings.out, "The file to write")->required();
  add_database_option(*command, settings.database);
  return command;
}

int run_export_command(const ExportCommandSettings& settings) {
  riskdb::Database database = open_inventory_to_read(settings.database);
  const auto sweep = settings.sweep ? settings.sweep : riskdb::latest_judged_sweep(database);
  if (!sweep) throw UsageError("the database holds no judged sweep to export");
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
  write_manifest(manifest, request, settings.format, files);
  std::cout << "wrote " << escape_for_terminal(out.string()) << " (sweep " << *sweep << ", "
            << settings.format << ")\n"
            << "manifest " << escape_for_terminal(manifest.string()) << " sha256 "
            << riskdb::sha256_of_file(manifest) << '\n';
  return exit_ok;
}

CLI::App* add_verify_command(CLI::App& app, VerifyCommandSettings& settings) {
  CLI::App* command = app.add_subcommand("verify", "Check exported files against their manifest");
  command->footer(
      "Exit codes: 0 every file matches, 1 a file differs or is missing, 64 the "
      "manifest cannot be read.");
  command->add_option("manifest", settings.manifest, "The OUT.manifest.json of an export")
      ->required();
  return command;
}

int run_verify_command(const VerifyCommandSettings& settings) {
  ManifestCheck check;
  try {
    check = verify_manifest(settings.manifest);
  } catch (const std::runtime_error& error) {
    throw UsageError(error.what());
  }
  for (const auto& problem : check.problems)
    std::cout << "MISMATCH " << escape_for_terminal(problem) << '\n';
  if (!check.problems.empty()) return exit_findings;
  std::cout << "OK " << check.files << " file(s) match "
            << escape_for_terminal(settings.manifest.string()) << '\n';
  return exit_ok;
}

}  // namespace kensa::cli
