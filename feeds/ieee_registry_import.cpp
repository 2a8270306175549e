// The IEEE MAC address block registries as CSV (Debian's ieee-data, or the
// files IEEE publishes): MA-L (oui.csv), MA-M (mam.csv), MA-S (oui36.csv)
// and IAB (iab.csv), loaded together as one dataset.

#include <fstream>
#include <map>
#include <sstream>

#include "feeds/csv_reader.hpp"
#include "feeds/feed_error.hpp"
#include "feeds/feed_text.hpp"
#include "feeds/importers.hpp"
#include "riskdb/registries.hpp"

namespace kensa::feeds {
namespace {

void read_registry(const std::filesystem::path& file,
                   std::map<std::pair<int, std::string>, riskdb::MacBlock>& blocks) {
  const std::string name = file.string();
  std::istringstream input(read_feed_file(file, 64ULL * 1024 * 1024));
  CsvReader reader(input, name);
  const auto header = reader.next();
  if (!header || header->size() < 3 || trimmed((*header)[0]) != "Registry" ||
      trimmed((*header)[1]) != "Assignment")
    throw FeedError(name +
                    " line 1: expected the IEEE header Registry,Assignment,Organization Name,...");
  while (auto row = reader.next()) {
    const std::string where = name + " line " + std::to_string(reader.line());
    if (row->size() == 1 && trimmed(row->front()).empty()) continue;
    if (row->size() < 3) throw FeedError(where + ": expected at least 3 fields");
    riskdb::MacBlock block;
    block.registry = checked_text((*row)[0], "Registry", where, 16);
    block.prefix = checked_text((*row)[1], "Assignment", where, 16);
    for (char& c : block.prefix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (block.prefix.find_first_not_of("0123456789ABCDEF") != std::string::npos ||
        (block.prefix.size() != 6 && block.prefix.size() != 7 && block.prefix.size() != 9))
      throw FeedError(where + ": Assignment \"" + block.prefix + "\" is not 6, 7 or 9 hex digits");
    block.bits = static_cast<int>(block.prefix.size()) * 4;
    block.organization = checked_text((*row)[2], "Organization Name", where, 1024);
    if (row->size() > 3) {
      std::string address = checked_text((*row)[3], "Organization Address", where, 4096);
      if (!address.empty()) block.address = std::move(address);
    }
    blocks[{block.bits, block.prefix}] = std::move(block);
  }
}

}  // namespace

ImportReport import_ieee_registries(riskdb::Database& database, const Files& files,
                                    const FeedSource& source) {
  Files inputs;
  for (const auto& path : files) {
    if (!std::filesystem::is_directory(path)) {
      inputs.push_back(path);
      continue;
    }
    for (const char* name : {"oui.csv", "mam.csv", "oui36.csv", "iab.csv"})
      if (std::filesystem::exists(path / name)) inputs.push_back(path / name);
  }
  if (inputs.empty())
    throw FeedError("oui: no registry files (oui.csv, mam.csv, oui36.csv, iab.csv) given");
  std::map<std::pair<int, std::string>, riskdb::MacBlock> blocks;
  for (const auto& file : inputs) read_registry(file, blocks);
  std::vector<riskdb::MacBlock> rows;
  rows.reserve(blocks.size());
  for (auto& [key, block] : blocks) rows.push_back(std::move(block));
  riskdb::Dataset dataset = dataset_for(FeedKind::oui, inputs, source);
  riskdb::replace_mac_blocks(database, rows, dataset);
  return {FeedKind::oui,
          "ieee-csv",
          dataset.source,
          dataset.version,
          dataset.sha256,
          static_cast<std::int64_t>(rows.size()),
          {}};
}

}  // namespace kensa::feeds
