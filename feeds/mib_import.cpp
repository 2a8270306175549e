// `kensa feeds import mibs DIR...`: an operator's own MIB modules, read
// with net-snmp's parser and judged as the shipped index is, stored in the
// inventory database for every later sweep.
#include <algorithm>

#include "feeds/feed_error.hpp"
#include "feeds/importers.hpp"
#include "feeds/mib_identity_index.hpp"
#include "riskdb/file_digest.hpp"
#include "riskdb/mib_identity_store.hpp"

namespace kensa::feeds {
namespace {

// The provenance of MIB directories: SHA-256 over each file's path (relative
// to its directory) and digest, in sorted order.
std::string digest_of_directories(const Files& directories) {
  std::string listing;
  for (const auto& directory : directories) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files)
      listing += std::filesystem::relative(file, directory).string() + ' ' +
                 riskdb::sha256_of_file(file) + '\n';
  }
  return riskdb::sha256_of_bytes(listing);
}

}  // namespace

ImportReport import_mib_collection(riskdb::Database& database, const Files& directories,
                                   const FeedSource& source) {
  const MibCollection collection = read_mib_collection(directories);
  const auto objects = identity_objects_of(collection);
  if (objects.empty())
    throw FeedError(std::to_string(collection.modules) +
                    " MIB modules read, and none of their objects holds a model, firmware or "
                    "serial; the stored objects are left as they were");
  riskdb::Dataset dataset;
  dataset.kind = "mibs";
  for (const auto& directory : directories)
    dataset.source += (dataset.source.empty() ? "" : " ") + directory.string();
  if (!source.label.empty()) dataset.source = source.label;
  dataset.sha256 = digest_of_directories(directories);
  dataset.version = std::to_string(collection.modules) + " modules";
  riskdb::replace_mib_identity_objects(database, objects, dataset);
  ImportReport report;
  report.kind = FeedKind::mibs;
  report.rows = static_cast<std::int64_t>(objects.size());
  report.source = dataset.source;
  report.format = "mib-modules";
  report.version = dataset.version;
  report.sha256 = dataset.sha256;
  if (collection.parser_messages > 0)
    report.warnings.push_back(std::to_string(collection.parser_messages) +
                              " parser messages (modules that failed to parse or import "
                              "modules not given), first: " +
                              collection.first_messages.front());
  return report;
}

}  // namespace kensa::feeds
