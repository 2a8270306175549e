#pragma once
// Provenance of every dataset kensa judges by: where it came from, which
// version, its SHA-256, when it was loaded and how many rows it gave.
//
// Contract: record_dataset inserts one row and returns its id; it belongs
// inside the same transaction as the rows it describes, so a dataset is
// either fully loaded with its provenance or not at all.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "riskdb/database.hpp"

namespace kensa::riskdb {

struct Dataset {
  std::int64_t id = 0;
  std::string kind;  // oui, pen, kev, nvd, eol, restrictions, screening, catalogue
  std::string source;
  std::optional<std::string> version;
  std::string sha256;
  std::string loaded_at;  // ISO 8601 UTC; filled by record_dataset when empty
  std::int64_t row_count = 0;
  std::optional<std::string> etag, last_modified;  // HTTP validators, when it was downloaded
  // When the data itself is dated, as the feed states it (ISO 8601 date or
  // time); unknown for feeds that carry no date (the IEEE registries).
  std::optional<std::string> data_date;
};

std::int64_t record_dataset(Database& database, Dataset dataset);

// The newest load of each kind, newest kind first.
[[nodiscard]] std::vector<Dataset> current_datasets(const Database& database);
[[nodiscard]] std::optional<Dataset> current_dataset(const Database& database,
                                                     const std::string& kind);

// The rows the database holds of a dataset kind now (restrictions, KEV
// entries, CVEs, ...); throws DatabaseError for a kind it does not know.
[[nodiscard]] std::int64_t rows_held(const Database& database, const std::string& kind);

[[nodiscard]] std::optional<Dataset> find_dataset(const Database& database, std::int64_t id);

// Now, as ISO 8601 UTC with seconds: 2026-11-26T07:21:14Z.
[[nodiscard]] std::string utc_now();

}  // namespace kensa::riskdb
