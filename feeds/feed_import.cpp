#include "feeds/feed_import.hpp"

#include <algorithm>
#include <array>

#include "feeds/feed_error.hpp"
#include "feeds/importers.hpp"
#include "riskdb/datasets.hpp"
#include "riskdb/file_digest.hpp"
#include "riskdb/statement.hpp"

namespace kensa::feeds {
namespace {

constexpr std::array<std::pair<FeedKind, std::string_view>, 8> kinds{{
    {FeedKind::oui, "oui"},
    {FeedKind::pen, "pen"},
    {FeedKind::kev, "kev"},
    {FeedKind::nvd, "nvd"},
    {FeedKind::eol, "eol"},
    {FeedKind::restrictions, "restrictions"},
    {FeedKind::screening, "screening"},
    {FeedKind::mibs, "mibs"},
}};

}  // namespace

std::optional<FeedKind> feed_kind_named(std::string_view name) {
  for (const auto& [kind, text] : kinds)
    if (text == name) return kind;
  return std::nullopt;
}

std::string_view feed_kind_name(FeedKind kind) {
  for (const auto& [known, text] : kinds)
    if (known == kind) return text;
  return "unknown";
}

const std::vector<FeedKind>& all_feed_kinds() {
  static const std::vector<FeedKind> all{FeedKind::oui,      FeedKind::pen, FeedKind::kev,
                                         FeedKind::nvd,      FeedKind::eol, FeedKind::restrictions,
                                         FeedKind::screening};
  return all;
}

riskdb::Dataset dataset_for(FeedKind kind, const Files& files, const FeedSource& source) {
  riskdb::Dataset dataset;
  dataset.kind = std::string(feed_kind_name(kind));
  const bool one_directory =
      files.size() > 1 && std::all_of(files.begin(), files.end(), [&](const auto& file) {
        return file.parent_path() == files.front().parent_path();
      });
  if (!source.label.empty()) {
    dataset.source = source.label;
  } else if (one_directory && files.size() > 4) {
    dataset.source =
        files.front().parent_path().string() + " (" + std::to_string(files.size()) + " files)";
  } else {
    for (const auto& file : files) {
      if (!dataset.source.empty()) dataset.source += ' ';
      dataset.source += file.string();
    }
  }
  if (files.size() == 1) {
    dataset.sha256 = riskdb::sha256_of_file(files.front());
  } else {
    // Several files are one dataset: the digest of their digests, in order.
    std::string digests;
    for (const auto& file : files) digests += riskdb::sha256_of_file(file) + '\n';
    dataset.sha256 = riskdb::sha256_of_bytes(digests);
  }
  dataset.etag = source.etag;
  dataset.last_modified = source.last_modified;
  return dataset;
}

namespace {

ImportReport import_by_kind(riskdb::Database& database, FeedKind kind, const Files& files,
                            const FeedSource& source) {
  switch (kind) {
    case FeedKind::oui: return import_ieee_registries(database, files, source);
    case FeedKind::pen: return import_enterprise_numbers(database, files, source);
    case FeedKind::kev: return import_known_exploited(database, files, source);
    case FeedKind::nvd: return import_nvd(database, files, source);
    case FeedKind::eol: return import_end_of_life(database, files, source);
    case FeedKind::restrictions: return import_restrictions(database, files, source);
    case FeedKind::screening: return import_screening_register(database, files, source);
    case FeedKind::mibs: return import_mib_collection(database, files, source);
  }
  throw FeedError("unknown feed kind");
}

std::string files_named(const Files& files) {
  std::string names;
  for (const auto& file : files) names += (names.empty() ? "" : ", ") + file.string();
  return names;
}

}  // namespace

ImportReport import_feed(riskdb::Database& database, FeedKind kind,
                         const std::vector<std::filesystem::path>& files, const FeedSource& source,
                         ShrinkPolicy shrink) {
  if (files.empty()) throw FeedError(std::string(feed_kind_name(kind)) + ": no file given");
  for (const auto& file : files)
    if (!std::filesystem::exists(file))
      throw FeedError(file.string() + ": no such file or directory");
  const std::string name(feed_kind_name(kind));
  // One transaction around the importer's own, so that what it replaced
  // can be counted before anything is committed.
  riskdb::Transaction transaction(database);
  const std::int64_t before = riskdb::rows_held(database, name);
  ImportReport report = import_by_kind(database, kind, files, source);
  const std::int64_t after = riskdb::rows_held(database, name);
  if (shrink == ShrinkPolicy::refuse && (after == 0 || after * 2 < before))
    throw FeedError(name + ": " + (source.label.empty() ? files_named(files) : source.label) +
                    " would leave " + std::to_string(after) + " row(s) where the database holds " +
                    std::to_string(before) +
                    " (an empty or cut file?); the database is unchanged. --allow-shrink "
                    "imports it anyway");
  transaction.commit();
  return report;
}

}  // namespace kensa::feeds
