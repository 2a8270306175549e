// CISA's Known Exploited Vulnerabilities catalogue, as JSON
// ({catalogVersion, vulnerabilities[]}) or CSV (the same columns). Vendor
// and product names are free text: kept trimmed, matched by CVE id.

#include <re2/re2.h>

#include <fstream>
#include <map>
#include <sstream>

#include "feeds/csv_reader.hpp"
#include "feeds/feed_error.hpp"
#include "feeds/feed_text.hpp"
#include "feeds/importers.hpp"
#include "riskdb/risk_data.hpp"
#include "riskdb/vendor_catalogue.hpp"

namespace kensa::feeds {
namespace {

constexpr std::uintmax_t kev_limit = 256ULL * 1024 * 1024;

void check_cve_id(const std::string& id, const std::string& where) {
  static const RE2 pattern(R"(CVE-\d{4}-\d{4,})");
  if (!RE2::FullMatch(id, pattern))
    throw FeedError(where + ": cveID \"" + id.substr(0, 40) + "\" is not a CVE id");
}

void check_date(const std::optional<std::string>& date, const char* field,
                const std::string& where) {
  static const RE2 pattern(R"(\d{4}-\d{2}-\d{2})");
  if (date && !RE2::FullMatch(*date, pattern))
    throw FeedError(where + ": " + field + " \"" + date->substr(0, 40) +
                    "\" is not a date (YYYY-MM-DD)");
}

std::vector<riskdb::KnownExploited> from_json(const std::string& text, const std::string& name,
                                              std::optional<std::string>& version,
                                              std::optional<std::string>& released) {
  const nlohmann::json document = parse_feed_json(text, name);
  if (!document.is_object() || !document.contains("vulnerabilities") ||
      !document["vulnerabilities"].is_array())
    throw FeedError(name +
                    ": /vulnerabilities: the catalogue's list of vulnerabilities is missing");
  version = optional_text(document, "catalogVersion", name + ": ");
  released = optional_text(document, "dateReleased", name + ": ");
  std::vector<riskdb::KnownExploited> entries;
  const auto& items = document["vulnerabilities"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string where = name + ": /vulnerabilities/" + std::to_string(i);
    const auto& item = items[i];
    riskdb::KnownExploited entry;
    entry.cve_id = required_text(item, "cveID", where);
    check_cve_id(entry.cve_id, where);
    entry.vendor_project = optional_text(item, "vendorProject", where);
    entry.product = optional_text(item, "product", where);
    entry.name = optional_text(item, "vulnerabilityName", where);
    entry.date_added = required_text(item, "dateAdded", where);
    entry.due_date = required_text(item, "dueDate", where);
    entry.ransomware = optional_text(item, "knownRansomwareCampaignUse", where);
    check_date(entry.date_added, "dateAdded", where);
    check_date(entry.due_date, "dueDate", where);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<riskdb::KnownExploited> from_csv(const std::string& text, const std::string& name) {
  std::istringstream input(text);
  CsvReader reader(input, name);
  const auto header = reader.next();
  if (!header) throw FeedError(name + ": empty file");
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header->size(); ++i) column[trimmed((*header)[i])] = i;
  for (const char* needed : {"cveID", "dateAdded", "dueDate"})
    if (!column.contains(needed))
      throw FeedError(name + " line 1: the header has no column " + needed);
  std::vector<riskdb::KnownExploited> entries;
  while (auto row = reader.next()) {
    if (row->size() == 1 && trimmed(row->front()).empty()) continue;  // a blank line
    const std::string where = name + " line " + std::to_string(reader.line());
    if (row->size() != header->size())
      throw FeedError(where + ": " + std::to_string(row->size()) + " fields, the header has " +
                      std::to_string(header->size()));
    const auto field = [&](const char* key) -> std::optional<std::string> {
      const auto found = column.find(key);
      if (found == column.end()) return std::nullopt;
      std::string value = checked_text((*row)[found->second], key, where);
      if (value.empty()) return std::nullopt;
      return value;
    };
    riskdb::KnownExploited entry;
    entry.cve_id = field("cveID").value_or("");
    check_cve_id(entry.cve_id, where);
    entry.vendor_project = field("vendorProject");
    entry.product = field("product");
    entry.name = field("vulnerabilityName");
    entry.date_added = field("dateAdded");
    entry.due_date = field("dueDate");
    entry.ransomware = field("knownRansomwareCampaignUse");
    if (!entry.date_added || !entry.due_date)
      throw FeedError(where + ": dateAdded and dueDate are required");
    check_date(entry.date_added, "dateAdded", where);
    check_date(entry.due_date, "dueDate", where);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

ImportReport import_known_exploited(riskdb::Database& database, const Files& files,
                                    const FeedSource& source) {
  if (files.size() != 1) throw FeedError("kev: give one catalogue file (JSON or CSV)");
  const std::string name = files.front().string();
  const std::string text = read_feed_file(files.front(), kev_limit);
  const auto first = text.find_first_not_of(" \t\r\n");
  const bool json = first != std::string::npos && text[first] == '{';
  std::optional<std::string> version, released;
  std::vector<riskdb::KnownExploited> entries =
      json ? from_json(text, name, version, released) : from_csv(text, name);
  // Free-text vendor names ("Cisco ", "Hewlett Packard (HP)") to the catalogue's.
  const riskdb::VendorCatalogue catalogue = riskdb::VendorCatalogue::load(database);
  for (auto& entry : entries)
    if (entry.vendor_project) entry.vendor = catalogue.canonical(*entry.vendor_project);
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (!seen.emplace(entries[i].cve_id, i).second)
      throw FeedError(name + ": " + entries[i].cve_id + " is listed twice");
  riskdb::Dataset dataset = dataset_for(FeedKind::kev, files, source);
  std::string newest;  // the CSV carries no release date: its newest entry dates it
  for (const auto& entry : entries) newest = std::max(newest, entry.date_added.value_or(""));
  if (version)
    dataset.version = version;
  else if (!entries.empty())
    dataset.version = "added up to " + newest;
  if (released)
    dataset.data_date = released;
  else if (!newest.empty())
    dataset.data_date = newest;
  riskdb::replace_known_exploited(database, entries, dataset);
  return {FeedKind::kev,
          json ? "kev-json" : "kev-csv",
          dataset.source,
          dataset.version,
          dataset.sha256,
          static_cast<std::int64_t>(entries.size()),
          {}};
}

}  // namespace kensa::feeds
