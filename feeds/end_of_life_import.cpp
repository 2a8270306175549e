// endoflife.date release cycles: a product file of its repository
// (Markdown with YAML front matter, `releases:`), or its API (v0: a JSON
// list of cycles; v1: {result: {releases: [...]}}). eoas (end of active
// support) becomes end of support and eol end of life; `true` means ended
// on a date the data does not give, `false` not ended. The product maps to
// an OS family through os-families.json (`eol_product`).

#include <yaml-cpp/yaml.h>

#include "feeds/feed_error.hpp"
#include "feeds/feed_text.hpp"
#include "feeds/importers.hpp"
#include "riskdb/risk_data.hpp"
#include "riskdb/vendor_catalogue.hpp"

namespace kensa::feeds {
namespace {

struct Cycle {
  std::string cycle;
  std::optional<std::string> end_of_support, end_of_life, link;
  std::string newest_release;  // the latest release date it names; empty if none
};

// The later of a cycle's release dates that are dates (YYYY-MM-DD).
void note_release(Cycle& cycle, const std::optional<std::string>& date) {
  if (date && date->size() == 10 && (*date)[4] == '-' && (*date)[7] == '-')
    cycle.newest_release = std::max(cycle.newest_release, *date);
}

// A date, "ended" for true, nothing for false or absent.
std::optional<std::string> milestone(const std::optional<std::string>& value,
                                     const std::string& where, const char* field) {
  if (!value || *value == "false" || value->empty()) return std::nullopt;
  if (*value == "true") return "ended";
  if (value->size() != 10 || (*value)[4] != '-' || (*value)[7] != '-')
    throw FeedError(where + ": " + field + " \"" + value->substr(0, 40) +
                    "\" is not a date, true or false");
  return value;
}

std::vector<Cycle> from_front_matter(const std::string& text, const std::string& name,
                                     std::string& product) {
  const auto end = text.find("\n---", 3);
  if (!text.starts_with("---") || end == std::string::npos)
    throw FeedError(name + ": expected YAML front matter between --- lines");
  YAML::Node front;
  try {
    front = YAML::Load(text.substr(3, end - 3));
  } catch (const YAML::Exception& error) {
    throw FeedError(name + " line " + std::to_string(error.mark.line + 2) + ": " + error.msg);
  }
  if (front["permalink"]) product = trimmed(front["permalink"].as<std::string>(""));
  if (!product.empty() && product.front() == '/') product.erase(0, 1);
  const YAML::Node releases = front["releases"];
  if (!releases || !releases.IsSequence())
    throw FeedError(name + ": releases: missing or not a list");
  std::vector<Cycle> cycles;
  for (std::size_t i = 0; i < releases.size(); ++i) {
    const std::string where = name + ": releases[" + std::to_string(i) + "]";
    const YAML::Node release = releases[i];
    const auto text_of = [&](const char* key) -> std::optional<std::string> {
      const YAML::Node node = release[key];
      if (!node || node.IsNull()) return std::nullopt;
      if (!node.IsScalar()) throw FeedError(where + ": " + key + " must be a value");
      return checked_text(node.as<std::string>(), key, where, 2048);
    };
    Cycle cycle;
    const auto name_of_cycle = text_of("releaseCycle");
    if (!name_of_cycle) throw FeedError(where + ": releaseCycle is required");
    cycle.cycle = *name_of_cycle;
    cycle.end_of_support = milestone(text_of("eoas"), where, "eoas");
    cycle.end_of_life = milestone(text_of("eol"), where, "eol");
    cycle.link = text_of("link");
    note_release(cycle, text_of("releaseDate"));
    note_release(cycle, text_of("latestReleaseDate"));
    cycles.push_back(std::move(cycle));
  }
  return cycles;
}

std::optional<std::string> json_milestone(const nlohmann::json& item, const char* key,
                                          const std::string& where) {
  const auto found = item.find(key);
  if (found == item.end() || found->is_null()) return std::nullopt;
  if (found->is_boolean()) return milestone(found->get<bool>() ? "true" : "false", where, key);
  if (!found->is_string()) throw FeedError(where + "/" + key + ": must be a date or a boolean");
  return milestone(found->get<std::string>(), where, key);
}

std::vector<Cycle> from_api(const std::string& text, const std::string& name,
                            std::string& product) {
  const nlohmann::json document = parse_feed_json(text, name);
  std::vector<Cycle> cycles;
  if (document.is_array()) {  // v0: [{cycle, eol, support, link}]
    for (std::size_t i = 0; i < document.size(); ++i) {
      const std::string where = name + ": /" + std::to_string(i);
      Cycle cycle;
      const auto& item = document[i];
      if (item.contains("cycle") && item["cycle"].is_number())
        cycle.cycle = item["cycle"].dump();
      else
        cycle.cycle = required_text(item, "cycle", where, 64);
      cycle.end_of_support = json_milestone(item, "support", where);
      cycle.end_of_life = json_milestone(item, "eol", where);
      cycle.link = optional_text(item, "link", where, 2048);
      note_release(cycle, optional_text(item, "releaseDate", where, 64));
      note_release(cycle, optional_text(item, "latestReleaseDate", where, 64));
      cycles.push_back(std::move(cycle));
    }
    return cycles;
  }
  const auto result = document.find("result");
  if (result == document.end() || !result->contains("releases"))
    throw FeedError(name +
                    ": expected an endoflife.date API response (a list, or {result: {releases}})");
  if (result->contains("name")) product = (*result)["name"].get<std::string>();
  const auto& releases = (*result)["releases"];
  for (std::size_t i = 0; i < releases.size(); ++i) {
    const std::string where = name + ": /result/releases/" + std::to_string(i);
    Cycle cycle;
    cycle.cycle = required_text(releases[i], "name", where, 64);
    cycle.end_of_support = json_milestone(releases[i], "eoasFrom", where);
    cycle.end_of_life = json_milestone(releases[i], "eolFrom", where);
    note_release(cycle, optional_text(releases[i], "releaseDate", where, 64));
    cycles.push_back(std::move(cycle));
  }
  return cycles;
}

}  // namespace

ImportReport import_end_of_life(riskdb::Database& database, const Files& files,
                                const FeedSource& source) {
  const riskdb::VendorCatalogue catalogue = riskdb::VendorCatalogue::load(database);
  std::vector<riskdb::LifecycleEntry> entries;
  std::string newest_release;
  ImportReport report{FeedKind::eol, "", "", std::nullopt, "", 0, {}};
  for (const auto& file : files) {
    const std::string name = file.string();
    const std::string text = read_feed_file(file, 16ULL * 1024 * 1024);
    std::string product = file.stem().string();
    const bool markdown = text.starts_with("---");
    const std::vector<Cycle> cycles =
        markdown ? from_front_matter(text, name, product) : from_api(text, name, product);
    report.format = markdown ? "endoflife.date-product" : "endoflife.date-api";
    // The file's name is the product's at endoflife.date (pan-os.md); its
    // permalink may differ (/panos).
    const riskdb::OsFamilyRecord* family =
        catalogue.os_family_for_eol_product(file.stem().string());
    if (family == nullptr) family = catalogue.os_family_for_eol_product(product);
    if (family == nullptr)
      report.warnings.push_back(name + ": no OS family maps to endoflife.date product \"" +
                                product +
                                "\" (os-families.json eol_product); kept under that name");
    for (const Cycle& cycle : cycles) {
      newest_release = std::max(newest_release, cycle.newest_release);
      riskdb::LifecycleEntry entry;
      entry.subject = "os_release";
      entry.os_family = family != nullptr ? family->name : product;
      entry.pattern = cycle.cycle;
      entry.end_of_support = cycle.end_of_support;
      entry.end_of_life = cycle.end_of_life;
      entry.link = cycle.link;
      entries.push_back(std::move(entry));
    }
  }
  riskdb::Dataset dataset = dataset_for(FeedKind::eol, files, source);
  // The files are as current as the newest release they know of.
  if (!newest_release.empty()) dataset.data_date = newest_release;
  riskdb::replace_lifecycle(database, entries, dataset);
  report.source = dataset.source;
  report.sha256 = dataset.sha256;
  report.rows = static_cast<std::int64_t>(entries.size());
  return report;
}

}  // namespace kensa::feeds
