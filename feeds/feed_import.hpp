#pragma once
// The interface every feed importer has: read one file in its original
// format, hand the rows to riskdb in one transaction with the provenance,
// and report what was loaded.
//
// Contract: import_feed detects the format where a kind has several (KEV
// JSON or CSV, NVD API envelope or one CVE, PEN text or TSV, endoflife.date
// front matter or API JSON). A malformed file throws FeedError naming the
// file, the line or JSON path, and the field; the database is then
// unchanged. Source says where the file came from (its URL when fetched)
// and carries the HTTP validators kept for the next conditional request.
// An import that would leave its kind with no rows, or with fewer than half
// the rows held before (a truncated download, a header-only file), is
// refused with both counts and the database unchanged, unless `shrink` is
// ShrinkPolicy::allow.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "riskdb/database.hpp"

namespace kensa::feeds {

enum class FeedKind { oui, pen, kev, nvd, eol, restrictions, screening, mibs };

[[nodiscard]] std::optional<FeedKind> feed_kind_named(std::string_view name);
[[nodiscard]] std::string_view feed_kind_name(FeedKind kind);
[[nodiscard]] const std::vector<FeedKind>& all_feed_kinds();

struct FeedSource {
  std::string label;  // URL or path; the file's path when empty
  std::optional<std::string> etag, last_modified;
};

struct ImportReport {
  FeedKind kind;
  std::string format;  // "kev-json", "nvd-api-2.0", ...
  std::string source;
  std::optional<std::string> version;
  std::string sha256;
  std::int64_t rows = 0;
  std::vector<std::string> warnings;
};

enum class ShrinkPolicy { refuse, allow };

ImportReport import_feed(riskdb::Database& database, FeedKind kind,
                         const std::vector<std::filesystem::path>& files,
                         const FeedSource& source = {}, ShrinkPolicy shrink = ShrinkPolicy::refuse);

}  // namespace kensa::feeds
