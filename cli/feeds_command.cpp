#include "cli/feeds_command.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "cli/version.hpp"
#include "feeds/feed_error.hpp"
#include "feeds/feed_fetch.hpp"
#include "feeds/mib_identity_index.hpp"
#include "feeds/screening_register_csv.hpp"
#include "riskdb/dataset_coverage.hpp"
#include "riskdb/datasets.hpp"
#include "scanner/enterprise_registry.hpp"
#include "scanner/oui_registry.hpp"

namespace kensa::cli {
namespace {

feeds::FeedKind kind_of(const std::string& name) {
  const auto kind = feeds::feed_kind_named(name);
  if (!kind)
    throw UsageError("unknown feed kind " + name +
                     " (oui, pen, kev, nvd, eol, restrictions, screening, mibs)");
  return *kind;
}

void print_report(const feeds::ImportReport& report) {
  std::cout << feeds::feed_kind_name(report.kind) << ": " << report.rows << " rows from "
            << escape_for_terminal(report.source) << " (" << report.format
            << (report.version ? ", version " + escape_for_terminal(*report.version)
                               : std::string())
            << ")\n"
            << "  sha256 " << report.sha256 << '\n';
  for (const auto& warning : report.warnings)
    std::cerr << "kensa: " << escape_for_terminal(warning) << '\n';
}

// Days from an ISO 8601 UTC date or time to now.
long age_in_days(const std::string& when) {
  std::tm parts{};
  const int fields =
      std::sscanf(when.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &parts.tm_year, &parts.tm_mon,
                  &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec);
  if (fields != 3 && fields != 6) return 0;
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<long>((std::time(nullptr) - timegm(&parts)) / 86400);
}

// How old a dataset may be before status warns, by kind.
int default_max_age(const std::string& kind) {
  if (kind == "kev" || kind == "nvd") return 7;
  if (kind == "eol" || kind == "restrictions") return 90;
  if (kind == "screening") return 365;
  return 180;
}

}  // namespace

FeedsCommands add_feeds_command(CLI::App& app, FeedsCommandSettings& settings) {
  CLI::App* feeds =
      app.add_subcommand("feeds", "Load, refresh and trace the datasets kensa judges by");
  feeds->require_subcommand(1);
  FeedsCommands commands;
  commands.import = feeds->add_subcommand(
      "import", "Import a feed file in its original format, in one transaction");
  commands.import
      ->add_option("kind", settings.kind,
                   "oui, pen, kev, nvd, eol, restrictions, screening or mibs")
      ->required();
  commands.import
      ->add_option("files", settings.files,
                   "The file(s); a directory for oui (IEEE CSVs) and nvd, directories for mibs")
      ->required();
  commands.fetch = feeds->add_subcommand(
      "fetch",
      "Download feeds from their official sources (or --from a directory) and import them");
  commands.fetch->add_option("kinds", settings.kinds,
                             "Kinds to fetch (default: oui pen kev nvd eol restrictions)");
  commands.fetch
      ->add_option("--from", settings.from,
                   "Import files downloaded elsewhere from this directory instead")
      ->check(CLI::ExistingDirectory);
  commands.fetch->add_option("--url", settings.mirrors,
                             "KIND=URL: fetch KIND from a mirror (repeatable)");
  for (CLI::App* command : {commands.import, commands.fetch})
    command->add_flag("--allow-shrink", settings.allow_shrink,
                      "Import even a file that leaves its dataset empty or less than half its "
                      "size (refused otherwise, as a cut or empty file)");
  commands.status =
      feeds->add_subcommand("status", "Every dataset: source, version, sha256, rows and age");
  commands.status->add_option(
      "--max-age", settings.max_age_days,
      "Warn when a dataset is older than this many days (default per kind)");
  commands.status->add_flag("--json", settings.json, "Print JSON");
  commands.export_screening =
      feeds->add_subcommand("export", "Export the screening register as CSV");
  commands.export_screening->add_option("kind", settings.kind, "screening")
      ->required()
      ->check(CLI::IsMember({"screening"}));
  commands.export_screening->add_option("--out", settings.out, "Write here instead of stdout");
  commands.mib_index = feeds->add_subcommand(
      "mib-index",
      "Write the identity index (which objects hold model, firmware, serial) of MIB directories");
  commands.mib_index->add_option("directories", settings.files, "Directories of MIB modules")
      ->required()
      ->check(CLI::ExistingDirectory);
  commands.mib_index->add_option("--out", settings.out, "The index file to write")->required();
  commands.mib_index->add_option("--source", settings.index_sources,
                                 "Names the collection in the index (repeatable)");
  commands.mib_index->add_option("--registrations", settings.registrations_out,
                                 "Also write the product registrations (sysObjectID values) here");
  for (CLI::App* command :
       {commands.import, commands.fetch, commands.status, commands.export_screening})
    add_database_option(*command, settings.database);
  return commands;
}

int run_feeds_import(const FeedsCommandSettings& settings) {
  const feeds::FeedKind kind = kind_of(settings.kind);
  riskdb::Database database = open_inventory(settings.database);
  try {
    print_report(feeds::import_feed(
        database, kind, settings.files, {},
        settings.allow_shrink ? feeds::ShrinkPolicy::allow : feeds::ShrinkPolicy::refuse));
  } catch (const feeds::FeedError& error) {
    // Feed files are untrusted: the message may quote their bytes.
    throw UsageError("nothing imported: " + escape_for_terminal(error.what()));
  }
  return exit_ok;
}

int run_feeds_fetch(const FeedsCommandSettings& settings) {
  std::vector<feeds::FeedKind> kinds;
  for (const auto& name : settings.kinds) kinds.push_back(kind_of(name));
  if (kinds.empty())
    kinds = {feeds::FeedKind::oui, feeds::FeedKind::pen, feeds::FeedKind::kev,
             feeds::FeedKind::nvd, feeds::FeedKind::eol, feeds::FeedKind::restrictions};
  feeds::FetchOptions options;
  for (const auto& mirror : settings.mirrors) {
    const auto equals = mirror.find('=');
    if (equals == std::string::npos) throw UsageError("--url " + mirror + ": expected KIND=URL");
    options.mirrors[kind_of(mirror.substr(0, equals))] = mirror.substr(equals + 1);
  }
  options.user_agent = std::string("kensa/") + std::string(kensa_version);
  options.shrink = settings.allow_shrink ? feeds::ShrinkPolicy::allow : feeds::ShrinkPolicy::refuse;
  if (const char* key = std::getenv("NVD_API_KEY"); key != nullptr && *key != '\0')
    options.nvd_api_key = key;
  riskdb::Database database = open_inventory(settings.database);
  options.work = download_directory(database);
  int status = exit_ok;
  for (const feeds::FeedKind kind : kinds) {
    try {
      if (settings.from) {
        print_report(feeds::import_from_directory(database, kind, *settings.from, options.shrink));
        continue;
      }
      const feeds::FetchReport report = feeds::fetch_feed(database, kind, options);
      if (report.not_modified)
        std::cout << feeds::feed_kind_name(kind) << ": not modified since the last fetch\n";
      else if (report.imported)
        print_report(*report.imported);
    } catch (const feeds::FeedError& error) {
      std::cerr << "kensa: " << feeds::feed_kind_name(kind)
                << " not updated: " << escape_for_terminal(error.what()) << '\n';
      status = exit_unreachable;
    }
  }
  return status;
}

int run_feeds_status(const FeedsCommandSettings& settings) {
  riskdb::Database database = open_inventory_to_read(settings.database);
  int status = exit_ok;
  nlohmann::json out = nlohmann::json::array();
  for (const riskdb::Dataset& dataset : riskdb::current_datasets(database)) {
    // As old as its data where the feed dates it (a KEV catalogue released
    // months ago is months old, however recently imported), else its load.
    const long age = age_in_days(dataset.data_date.value_or(dataset.loaded_at));
    const int max_age = settings.max_age_days.value_or(default_max_age(dataset.kind));
    const bool stale = dataset.kind != "catalogue" && age > max_age;
    if (stale) status = exit_findings;
    if (settings.json) {
      out.push_back(
          {{"kind", dataset.kind},
           {"source", dataset.source},
           {"version", dataset.version ? nlohmann::json(*dataset.version) : nullptr},
           {"sha256", dataset.sha256},
           {"rows", dataset.row_count},
           {"loaded_at", dataset.loaded_at},
           {"data_date", dataset.data_date ? nlohmann::json(*dataset.data_date) : nullptr},
           {"age_days", age},
           {"max_age_days", max_age},
           {"stale", stale}});
      continue;
    }
    std::cout << dataset.kind << ": " << dataset.row_count << " rows, "
              << (dataset.data_date ? "data of " + escape_for_terminal(*dataset.data_date) + ", "
                                    : std::string())
              << "loaded " << dataset.loaded_at << " (" << age << " days old)"
              << (stale ? "  OLDER THAN " + std::to_string(max_age) + " DAYS" : "") << '\n'
              << "  source  " << escape_for_terminal(dataset.source) << '\n'
              << "  version " << escape_for_terminal(dataset.version.value_or("(none)")) << '\n'
              << "  sha256  " << dataset.sha256 << '\n';
    if (stale)
      std::cerr << "kensa: " << dataset.kind << " is " << age
                << " days old; refresh it with kensa feeds fetch " << dataset.kind << '\n';
  }
  // Registries never imported: identification reads Debian's copies.
  const auto datasets = riskdb::current_datasets(database);
  for (const auto& registry : {std::pair<std::string, std::filesystem::path>{
                                   "oui", scanner::OuiRegistry::debian_directory},
                               std::pair<std::string, std::filesystem::path>{
                                   "pen", scanner::EnterpriseRegistry::debian_path}}) {
    const std::string& kind = registry.first;
    const std::filesystem::path& path = registry.second;
    if (std::any_of(datasets.begin(), datasets.end(),
                    [&](const riskdb::Dataset& dataset) { return dataset.kind == kind; }))
      continue;
    std::error_code error;
    const bool present = std::filesystem::exists(path, error);
    if (settings.json) {
      out.push_back(
          {{"kind", kind}, {"source", path.string()}, {"imported", false}, {"present", present}});
      continue;
    }
    std::cout << kind << ": not imported; identification reads " << path.string()
              << (present
                      ? ""
                      : " (MISSING: install the Debian package or kensa feeds fetch " + kind + ")")
              << '\n';
  }
  // What judging needs and the database lacks fails the check as a stale
  // dataset does.
  for (const riskdb::MissingDataset& missing : riskdb::missing_datasets(database)) {
    status = exit_findings;
    if (settings.json) {
      out.push_back({{"kind", missing.kind},
                     {"imported", false},
                     {"missing", true},
                     {"leaves_out", missing.leaves_out}});
      continue;
    }
    std::cout << missing.kind << ": MISSING (not judged: " << missing.leaves_out << ")\n";
    std::cerr << "kensa: " << missing.kind << " is not loaded; "
              << (missing.kind == "screening"
                      ? "import the register with kensa feeds import screening FILE"
                      : "load it with kensa feeds fetch " + missing.kind)
              << '\n';
  }
  if (settings.json)
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  return status;
}

int run_feeds_export_screening(const FeedsCommandSettings& settings) {
  riskdb::Database database = open_inventory_to_read(settings.database);
  if (!settings.out) {
    feeds::export_screening_register(database, std::cout);
    return exit_ok;
  }
  std::ofstream out(*settings.out, std::ios::binary);
  if (!out) throw UsageError("cannot write " + settings.out->string());
  feeds::export_screening_register(database, out);
  out.close();
  if (!out) throw UsageError("cannot write " + settings.out->string() + " (disk full?)");
  return exit_ok;
}

int run_feeds_mib_index(const FeedsCommandSettings& settings) {
  feeds::MibCollection collection;
  try {
    collection = feeds::read_mib_collection(settings.files);
  } catch (const feeds::FeedError& error) {
    throw UsageError("no index written: " + escape_for_terminal(error.what()));
  }
  const auto objects = feeds::identity_objects_of(collection);
  std::ofstream out(*settings.out, std::ios::binary);
  if (!out) throw UsageError("cannot write " + settings.out->string());
  // One object per line: a regenerated index reads as a diff.
  const nlohmann::json index = feeds::identity_index_json(objects, settings.index_sources);
  out << "{\"index_version\": " << index["index_version"].dump()
      << ",\n \"generated_from\": " << index["generated_from"].dump() << ",\n \"objects\": [\n";
  for (std::size_t i = 0; i < objects.size(); ++i)
    out << "  " << index["objects"][i].dump() << (i + 1 < objects.size() ? ",\n" : "\n");
  out << "]}\n";
  out.close();
  if (!out) throw UsageError("cannot write " + settings.out->string() + " (disk full?)");
  if (settings.registrations_out) {
    std::ofstream list(*settings.registrations_out, std::ios::binary);
    if (!list) throw UsageError("cannot write " + settings.registrations_out->string());
    list << "# Product registrations (sysObjectID values): OID, MODULE::descriptor.\n";
    for (const std::string& source : settings.index_sources) list << "# From " << source << "\n";
    for (const auto& registration : collection.registrations)
      list << scanner::to_string(registration.oid) << '\t' << registration.module
           << "::" << registration.descriptor << '\n';
    list.close();
    if (!list)
      throw UsageError("cannot write " + settings.registrations_out->string() + " (disk full?)");
    std::cerr << "kensa: " << collection.registrations.size() << " product registrations\n";
  }
  std::cerr << "kensa: " << objects.size() << " identity objects from " << collection.modules
            << " modules (" << collection.files << " files, " << collection.parser_messages
            << " parser messages)\n";
  for (const std::string& message : collection.first_messages)
    std::cerr << "  " << escape_for_terminal(message) << '\n';
  return exit_ok;
}

}  // namespace kensa::cli
