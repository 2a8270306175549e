#pragma once
// One importer per feed, each in its own file; import_feed dispatches.
// Every importer: one transaction through riskdb, provenance recorded, a
// FeedError naming file, line or path, and field for anything it refuses.

#include <filesystem>
#include <vector>

#include "feeds/feed_import.hpp"
#include "riskdb/datasets.hpp"

namespace kensa::feeds {

using Files = std::vector<std::filesystem::path>;

ImportReport import_ieee_registries(riskdb::Database& database, const Files& files,
                                    const FeedSource& source);
ImportReport import_enterprise_numbers(riskdb::Database& database, const Files& files,
                                       const FeedSource& source);
ImportReport import_known_exploited(riskdb::Database& database, const Files& files,
                                    const FeedSource& source);
ImportReport import_nvd(riskdb::Database& database, const Files& files, const FeedSource& source);
ImportReport import_end_of_life(riskdb::Database& database, const Files& files,
                                const FeedSource& source);
ImportReport import_restrictions(riskdb::Database& database, const Files& files,
                                 const FeedSource& source);
ImportReport import_screening_register(riskdb::Database& database, const Files& files,
                                       const FeedSource& source);

// `files` are directories of MIB modules.
ImportReport import_mib_collection(riskdb::Database& database, const Files& files,
                                   const FeedSource& source);

// The provenance of files as one dataset: SHA-256 over their bytes in order.
riskdb::Dataset dataset_for(FeedKind kind, const Files& files, const FeedSource& source);

}  // namespace kensa::feeds
