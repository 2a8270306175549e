// NVD CVE API 2.0: paged responses ({vulnerabilities: [{cve: {...}}]}) and
// single CVE records (the inner cve object), from files or a directory of
// them. Large responses are read as a stream: one CVE at a time is held.

#include <re2/re2.h>

#include <algorithm>
#include <set>

#include "feeds/feed_error.hpp"
#include "feeds/feed_text.hpp"
#include "feeds/importers.hpp"
#include "riskdb/cpe.hpp"
#include "riskdb/risk_data.hpp"

namespace kensa::feeds {
namespace {

constexpr std::uintmax_t nvd_file_limit = 4ULL * 1024 * 1024 * 1024;
constexpr std::size_t description_limit = 256 * 1024;

std::optional<double> base_score(const nlohmann::json& metrics, const char* key,
                                 const std::string& where) {
  const auto found = metrics.find(key);
  if (found == metrics.end() || !found->is_array()) return std::nullopt;
  std::optional<double> secondary;
  for (const auto& metric : *found) {
    const auto data = metric.find("cvssData");
    if (data == metric.end() || !data->is_object()) continue;
    const auto score = data->find("baseScore");
    if (score == data->end() || !score->is_number())
      throw FeedError(where + "/metrics/" + key + ": cvssData without a numeric baseScore");
    const double value = score->get<double>();
    if (value < 0 || value > 10)
      throw FeedError(where + "/metrics/" + key + ": baseScore out of 0..10");
    if (metric.value("type", std::string()) == "Primary") return value;
    if (!secondary) secondary = value;
  }
  return secondary;
}

bool operator_is_and(const nlohmann::json& object, const std::string& where) {
  const auto found = object.find("operator");
  if (found == object.end()) return false;
  if (!found->is_string() || (*found != "AND" && *found != "OR"))
    throw FeedError(where + "/operator: must be AND or OR");
  return *found == "AND";
}

bool flag(const nlohmann::json& object, const char* key, const std::string& where) {
  const auto found = object.find(key);
  if (found == object.end()) return false;
  if (!found->is_boolean()) throw FeedError(where + "/" + key + ": must be true or false");
  return found->get<bool>();
}

riskdb::Vulnerability parse_cve(const nlohmann::json& cve, const std::string& where) {
  static const RE2 id_pattern(R"(CVE-\d{4}-\d{4,})");
  riskdb::Vulnerability vulnerability;
  vulnerability.cve_id = required_text(cve, "id", where);
  if (!RE2::FullMatch(vulnerability.cve_id, id_pattern))
    throw FeedError(where + "/id: \"" + vulnerability.cve_id.substr(0, 40) + "\" is not a CVE id");
  vulnerability.published = optional_text(cve, "published", where);
  if (const auto descriptions = cve.find("descriptions");
      descriptions != cve.end() && descriptions->is_array())
    for (std::size_t i = 0; i < descriptions->size(); ++i)
      if ((*descriptions)[i].value("lang", std::string()) == "en") {
        vulnerability.description =
            optional_text((*descriptions)[i], "value", where + "/descriptions/" + std::to_string(i),
                          description_limit);
        break;
      }
  if (const auto metrics = cve.find("metrics"); metrics != cve.end() && metrics->is_object()) {
    vulnerability.cvss_v2 = base_score(*metrics, "cvssMetricV2", where);
    vulnerability.cvss_v3 = base_score(*metrics, "cvssMetricV31", where);
    if (!vulnerability.cvss_v3)
      vulnerability.cvss_v3 = base_score(*metrics, "cvssMetricV30", where);
    vulnerability.cvss_v4 = base_score(*metrics, "cvssMetricV40", where);
  }
  const auto configurations = cve.find("configurations");
  if (configurations == cve.end()) return vulnerability;  // not analysed yet
  if (!configurations->is_array()) throw FeedError(where + "/configurations: must be a list");
  for (std::size_t c = 0; c < configurations->size(); ++c) {
    const std::string at = where + "/configurations/" + std::to_string(c);
    const auto& item = (*configurations)[c];
    riskdb::Configuration configuration{operator_is_and(item, at), flag(item, "negate", at), {}};
    const auto nodes = item.find("nodes");
    if (nodes == item.end() || !nodes->is_array()) throw FeedError(at + "/nodes: missing");
    for (std::size_t n = 0; n < nodes->size(); ++n) {
      const std::string node_at = at + "/nodes/" + std::to_string(n);
      const auto& node_json = (*nodes)[n];
      riskdb::ConfigurationNode node{
          operator_is_and(node_json, node_at), flag(node_json, "negate", node_at), {}};
      const auto matches = node_json.find("cpeMatch");
      if (matches == node_json.end() || !matches->is_array())
        throw FeedError(node_at + "/cpeMatch: missing");
      for (std::size_t m = 0; m < matches->size(); ++m) {
        const std::string match_at = node_at + "/cpeMatch/" + std::to_string(m);
        const auto& match = (*matches)[m];
        riskdb::CpeMatchCriterion criterion;
        criterion.vulnerable = flag(match, "vulnerable", match_at);
        criterion.criteria = required_text(match, "criteria", match_at, 4096);
        try {
          criterion.cpe = riskdb::parse_cpe(criterion.criteria);
        } catch (const riskdb::CpeError& error) {
          throw FeedError(match_at + "/criteria: " + error.what());
        }
        criterion.range.start_including =
            optional_text(match, "versionStartIncluding", match_at, 256);
        criterion.range.start_excluding =
            optional_text(match, "versionStartExcluding", match_at, 256);
        criterion.range.end_including = optional_text(match, "versionEndIncluding", match_at, 256);
        criterion.range.end_excluding = optional_text(match, "versionEndExcluding", match_at, 256);
        node.matches.push_back(std::move(criterion));
      }
      configuration.nodes.push_back(std::move(node));
    }
    vulnerability.configurations.push_back(std::move(configuration));
  }
  return vulnerability;
}

// Feeds every CVE of one file to `add`: an API response is streamed, one
// element of its list at a time; a single record is parsed whole.
template <typename Add>
std::string read_file(const std::filesystem::path& file, Add add) {
  const std::string name = file.string();
  const std::string text = read_feed_file(file, nvd_file_limit);
  const auto start = text.find_first_not_of(" \t\r\n");
  const bool envelope = start != std::string::npos &&
                        text.find("\"vulnerabilities\"") != std::string::npos &&
                        text.find("\"vulnerabilities\"") < text.find("\"configurations\"");
  if (!envelope) {
    const nlohmann::json cve = parse_feed_json(text, name);
    add(parse_cve(cve.contains("cve") ? cve["cve"] : cve, name + ": "));
    return "nvd-cve-record";
  }
  std::size_t index = 0;
  bool in_list = false;
  const nlohmann::json::parser_callback_t each = [&](int depth, nlohmann::json::parse_event_t event,
                                                     nlohmann::json& parsed) {
    if (depth == 1 && event == nlohmann::json::parse_event_t::key)
      in_list = parsed.get<std::string>() == "vulnerabilities";
    if (depth == 2 && in_list && event == nlohmann::json::parse_event_t::object_end) {
      const std::string where = name + ": /vulnerabilities/" + std::to_string(index++);
      if (!parsed.contains("cve") || !parsed["cve"].is_object())
        throw FeedError(where + "/cve: missing");
      add(parse_cve(parsed["cve"], where + "/cve"));
      return false;  // handled: do not keep it in memory
    }
    return true;
  };
  try {
    const nlohmann::json rest =
        nlohmann::json::parse(text, each);  // the envelope, without its list
  } catch (const nlohmann::json::parse_error& error) {
    const nlohmann::json located = parse_feed_json(text, name);  // throws, with line and column
    throw FeedError(name + ": not valid JSON: " + error.what());
  }
  return "nvd-api-2.0";
}

}  // namespace

ImportReport import_nvd(riskdb::Database& database, const Files& files, const FeedSource& source) {
  Files inputs;
  for (const auto& path : files) {
    if (std::filesystem::is_directory(path)) {
      Files inside;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
          inside.push_back(entry.path());
      std::sort(inside.begin(), inside.end());
      inputs.insert(inputs.end(), inside.begin(), inside.end());
    } else {
      inputs.push_back(path);
    }
  }
  if (inputs.empty()) throw FeedError("nvd: no JSON files given");
  riskdb::Dataset dataset = dataset_for(FeedKind::nvd, inputs, source);
  riskdb::VulnerabilityWriter writer(database, dataset);
  std::set<std::string> ids;
  std::string newest, format;
  for (const auto& file : inputs)
    format = read_file(file, [&](const riskdb::Vulnerability& vulnerability) {
      writer.add(vulnerability);
      ids.insert(vulnerability.cve_id);
      newest = std::max(newest, vulnerability.published.value_or(""));
    });
  if (!newest.empty()) writer.set_version("published up to " + newest.substr(0, 10));
  writer.commit();
  dataset.version = "published up to " + newest.substr(0, 10);
  return {FeedKind::nvd,
          inputs.size() > 1 ? format + " (" + std::to_string(inputs.size()) + " files)" : format,
          dataset.source,
          dataset.version,
          dataset.sha256,
          static_cast<std::int64_t>(ids.size()),
          {}};
}

}  // namespace kensa::feeds
