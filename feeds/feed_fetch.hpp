#pragma once
// Fetching feeds from their official sources (or mirrors), and importing
// files a user fetched elsewhere (air-gapped networks).
//
// Contract: fetch_feed downloads every file of a kind into a temporary
// directory under `work`, with a conditional request when the database's
// last load of that kind came from the same URL, then imports them in one
// transaction; nothing is imported when any download fails or the server
// says nothing changed. import_from_directory looks in DIR for the kind's
// files by name: kev.json or kev.csv, pen.txt or pen.tsv, oui/ (the IEEE
// CSVs), nvd/ (JSON files), eol/ (endoflife.date files), restrictions.json,
// screening.csv. The restriction lists are kensa's own curated file; the
// screening register is the operator's, never fetched.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "feeds/feed_import.hpp"

namespace kensa::feeds {

struct FetchOptions {
  std::map<FeedKind, std::string> mirrors;  // base URL instead of the official one
  std::filesystem::path work;               // where downloads go before import
  std::string user_agent = "kensa";
  std::optional<std::string> nvd_api_key;
  ShrinkPolicy shrink = ShrinkPolicy::refuse;
};

struct FetchReport {
  bool not_modified = false;
  std::optional<ImportReport> imported;
  std::vector<std::string> urls;
};

FetchReport fetch_feed(riskdb::Database& database, FeedKind kind, const FetchOptions& options);
ImportReport import_from_directory(riskdb::Database& database, FeedKind kind,
                                   const std::filesystem::path& directory,
                                   ShrinkPolicy shrink = ShrinkPolicy::refuse);

// The curated restriction lists shipped with kensa.
[[nodiscard]] std::filesystem::path curated_restrictions_file();

// On a database without them: the curated restriction lists. No network.
// The IEEE and IANA registries are not copied: identification reads
// Debian's files until a refresh is imported. Returns what it loaded.
std::vector<ImportReport> load_default_datasets(riskdb::Database& database);

}  // namespace kensa::feeds
