// kensa's own restriction-list format (feeds/data/restrictions.json is the
// curated default and its documentation by example).

#include <set>

#include "feeds/feed_error.hpp"
#include "feeds/feed_text.hpp"
#include "feeds/importers.hpp"
#include "riskdb/risk_data.hpp"
#include "riskdb/vendor_catalogue.hpp"

namespace kensa::feeds {
namespace {

std::vector<std::string> names(const nlohmann::json& entry, const char* key,
                               const std::string& where) {
  std::vector<std::string> found;
  const auto list = entry.find(key);
  if (list == entry.end() || list->is_null()) return found;
  if (!list->is_array()) throw FeedError(where + "/" + key + ": must be a list of names");
  for (std::size_t i = 0; i < list->size(); ++i) {
    if (!(*list)[i].is_string())
      throw FeedError(where + "/" + key + "/" + std::to_string(i) + ": must be a name");
    found.push_back(checked_text((*list)[i].get<std::string>(), key, where));
  }
  return found;
}

}  // namespace

ImportReport import_restrictions(riskdb::Database& database, const Files& files,
                                 const FeedSource& source) {
  if (files.size() != 1) throw FeedError("restrictions: give one file");
  const std::string name = files.front().string();
  const nlohmann::json document =
      parse_feed_json(read_feed_file(files.front(), 64ULL * 1024 * 1024), name);
  if (!document.is_object() ||
      document.value("format", std::string()) != "kensa restriction lists 1")
    throw FeedError(name + ": /format: expected \"kensa restriction lists 1\"");
  const auto lists = document.find("lists");
  if (lists == document.end() || !lists->is_array() || lists->empty())
    throw FeedError(name + ": /lists: at least one list is required");
  const riskdb::VendorCatalogue catalogue = riskdb::VendorCatalogue::load(database);
  std::vector<riskdb::Restriction> restrictions;
  std::set<std::string> list_names;
  for (std::size_t l = 0; l < lists->size(); ++l) {
    const std::string list_at = name + ": /lists/" + std::to_string(l);
    const auto& list = (*lists)[l];
    const std::string list_name = required_text(list, "name", list_at, 200);
    if (!list_names.insert(list_name).second)
      throw FeedError(list_at + "/name: the list " + list_name + " appears twice");
    const std::string list_source = required_text(list, "source", list_at, 1000);
    const auto entries = list.find("entries");
    if (entries == list.end() || !entries->is_array())
      throw FeedError(list_at + "/entries: missing");
    for (std::size_t e = 0; e < entries->size(); ++e) {
      const std::string at = list_at + "/entries/" + std::to_string(e);
      const auto& entry = (*entries)[e];
      riskdb::Restriction restriction;
      restriction.list_name = list_name;
      restriction.source = list_source;
      restriction.entity = required_text(entry, "entity", at, 400);
      if (const auto vendor = optional_text(entry, "vendor", at, 200)) {
        restriction.vendor = catalogue.canonical(*vendor);
        if (!restriction.vendor)
          throw FeedError(at + "/vendor: \"" + *vendor + "\" is not in the vendor catalogue");
      }
      for (const char* key : {"aliases", "subsidiaries", "brands"})
        for (auto& covered : names(entry, key, at))
          restriction.covered_names.push_back(std::move(covered));
      restriction.covered_names.push_back(restriction.entity);
      restriction.equipment_scope = required_text(entry, "equipment_scope", at, 2000);
      restriction.scope_classes = names(entry, "scope_classes", at);
      restriction.effective_date = optional_text(entry, "effective_date", at, 10);
      restriction.citation = required_text(entry, "citation", at, 1000);
      if (!restriction.citation.starts_with("https://") &&
          !restriction.citation.starts_with("http://"))
        throw FeedError(at + "/citation: must be a URL");
      restrictions.push_back(std::move(restriction));
    }
  }
  riskdb::Dataset dataset = dataset_for(FeedKind::restrictions, files, source);
  dataset.version = document.value("as_of", std::string());
  if (dataset.version->empty()) dataset.version.reset();
  dataset.data_date = dataset.version;
  riskdb::replace_restrictions(database, restrictions, dataset);
  return {FeedKind::restrictions,
          "kensa-restrictions-1",
          dataset.source,
          dataset.version,
          dataset.sha256,
          static_cast<std::int64_t>(restrictions.size()),
          {}};
}

}  // namespace kensa::feeds
