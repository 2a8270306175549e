#pragma once
// Loads kensa's vendor catalogue (vendors.json, shared with identification)
// and OS families (os-families.json) into the database.
//
// Contract: ensure_catalogue loads them when the database holds no
// catalogue or one whose SHA-256 (of both files together) differs, in one
// transaction, and returns whether it loaded. A malformed file throws
// FeedError naming the file and the JSON path of the bad value; the
// database is then unchanged.

#include <filesystem>

#include "feeds/feed_error.hpp"
#include "riskdb/database.hpp"

namespace kensa::feeds {

bool ensure_catalogue(riskdb::Database& database, const std::filesystem::path& vendors_file,
                      const std::filesystem::path& os_families_file);

}  // namespace kensa::feeds
