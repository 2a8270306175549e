#include "feeds/screening_register_csv.hpp"

#include <re2/re2.h>

#include <array>
#include <sstream>

#include "feeds/csv_reader.hpp"
#include "feeds/feed_error.hpp"
#include "feeds/feed_text.hpp"
#include "feeds/importers.hpp"
#include "riskdb/screening_register.hpp"
#include "riskdb/vendor_catalogue.hpp"

namespace kensa::feeds {
namespace {

constexpr std::array<const char*, 10> columns{
    "vendor", "model_pattern", "firmware_min", "firmware_max", "scope",
    "status", "case_id",       "decided_on",   "expires_on",   "note"};

std::optional<std::string> cell(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

}  // namespace

ImportReport import_screening_register(riskdb::Database& database, const Files& files,
                                       const FeedSource& source) {
  if (files.size() != 1) throw FeedError("screening: give one CSV file");
  const std::string name = files.front().string();
  std::istringstream input(read_feed_file(files.front(), 64ULL * 1024 * 1024));
  CsvReader reader(input, name);
  const auto header = reader.next();
  if (!header) throw FeedError(name + ": empty file; the first line must be the header");
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (i >= header->size() || trimmed((*header)[i]) != columns[i])
      throw FeedError(name + " line 1: column " + std::to_string(i + 1) + " must be " + columns[i]);
  static const RE2 date(R"(\d{4}-\d{2}-\d{2})");
  const riskdb::VendorCatalogue catalogue = riskdb::VendorCatalogue::load(database);
  std::vector<riskdb::ScreeningEntry> entries;
  while (auto row = reader.next()) {
    const std::string where = name + " line " + std::to_string(reader.line());
    if (row->size() == 1 && trimmed(row->front()).empty()) continue;
    if (row->size() != header->size())
      throw FeedError(where + ": " + std::to_string(row->size()) + " fields, the header has " +
                      std::to_string(header->size()));
    std::array<std::string, columns.size()> value;
    for (std::size_t i = 0; i < columns.size(); ++i)
      value[i] = checked_text((*row)[i], columns[i], where, 4096);
    riskdb::ScreeningEntry entry;
    entry.vendor = value[0];
    if (entry.vendor.empty()) throw FeedError(where + ": vendor is required");
    // A misspelt vendor would leave its devices unscreened without a word.
    if (!catalogue.canonical(entry.vendor)) {
      std::string hint;
      for (const std::string& near : catalogue.closest_vendors(entry.vendor))
        hint += (hint.empty() ? "; did you mean " : " or ") + near;
      throw FeedError(where + ": vendor \"" + entry.vendor + "\" is not in the vendor catalogue" +
                      (hint.empty() ? " (add it to vendors.json)" : hint + "?"));
    }
    entry.model_pattern = value[1].empty() ? "*" : value[1];
    entry.firmware_min = cell(value[2]);
    entry.firmware_max = cell(value[3]);
    entry.scope = value[4].empty() ? "device" : value[4];
    if (entry.scope != "device" && entry.scope != "module")
      throw FeedError(where + ": scope \"" + entry.scope + "\" must be device or module");
    entry.status = value[5];
    if (entry.status != "approved" && entry.status != "pending" && entry.status != "rejected" &&
        entry.status != "expired")
      throw FeedError(where + ": status \"" + entry.status +
                      "\" must be approved, pending, rejected or expired");
    entry.case_id = cell(value[6]);
    entry.decided_on = cell(value[7]);
    entry.expires_on = cell(value[8]);
    entry.note = cell(value[9]);
    for (const auto& [field, text] :
         {std::pair{"decided_on", entry.decided_on}, {"expires_on", entry.expires_on}})
      if (text && !RE2::FullMatch(*text, date))
        throw FeedError(where + ": " + field + " \"" + *text + "\" is not YYYY-MM-DD");
    entries.push_back(std::move(entry));
  }
  riskdb::Dataset dataset = dataset_for(FeedKind::screening, files, source);
  riskdb::replace_screening_register(database, entries, dataset);
  return {FeedKind::screening,
          "kensa-screening-csv",
          dataset.source,
          dataset.version,
          dataset.sha256,
          static_cast<std::int64_t>(entries.size()),
          {}};
}

void export_screening_register(const riskdb::Database& database, std::ostream& out) {
  for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
  out << "\r\n";
  const auto text = [](const std::optional<std::string>& value) {
    return csv_field(value.value_or(""));
  };
  for (const riskdb::ScreeningEntry& entry : riskdb::load_screening_register(database))
    out << csv_field(entry.vendor) << ',' << csv_field(entry.model_pattern) << ','
        << text(entry.firmware_min) << ',' << text(entry.firmware_max) << ','
        << csv_field(entry.scope) << ',' << csv_field(entry.status) << ',' << text(entry.case_id)
        << ',' << text(entry.decided_on) << ',' << text(entry.expires_on) << ',' << text(entry.note)
        << "\r\n";
}

}  // namespace kensa::feeds
