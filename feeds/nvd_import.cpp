// NVD CVE API 2.0: paged responses ({vulnerabilities: [{cve: {...}}]}) and
// single CVE records (the inner cve object); and NVD's JSON 1.1 data feeds
// ({CVE_Items: [...]}, the yearly nvdcve-1.1-YYYY.json files that mirrors
// still serve), whose nodes with children map onto 2.0's configurations.
// From files (gzip or not) or a directory of them. Large files are read as
// a stream: one CVE at a time is held.

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

struct Score {
  double value = 0;
  std::optional<std::string> vector;
};

std::optional<std::string> vector_of(const nlohmann::json& data) {
  const auto vector = data.find("vectorString");
  if (vector == data.end() || !vector->is_string() || vector->get<std::string>().size() > 256)
    return std::nullopt;
  return vector->get<std::string>();
}

// The primary (NVD's own) score of one metric kind, else the first secondary.
std::optional<Score> base_score(const nlohmann::json& metrics, const char* key,
                                const std::string& where) {
  const auto found = metrics.find(key);
  if (found == metrics.end() || !found->is_array()) return std::nullopt;
  std::optional<Score> secondary;
  for (const auto& metric : *found) {
    const auto data = metric.find("cvssData");
    if (data == metric.end() || !data->is_object()) continue;
    const auto score = data->find("baseScore");
    if (score == data->end() || !score->is_number())
      throw FeedError(where + "/metrics/" + key + ": cvssData without a numeric baseScore");
    const double value = score->get<double>();
    if (value < 0 || value > 10)
      throw FeedError(where + "/metrics/" + key + ": baseScore out of 0..10");
    const Score scored{value, vector_of(*data)};
    if (metric.value("type", std::string()) == "Primary") return scored;
    if (!secondary) secondary = scored;
  }
  return secondary;
}

void set_score(std::optional<double>& score, std::optional<std::string>& vector,
               const std::optional<Score>& found) {
  if (!found) return;
  score = found->value;
  vector = found->vector;
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

// One CPE match criterion; `name_key` is "criteria" (2.0) or "cpe23Uri" (1.1).
riskdb::CpeMatchCriterion parse_criterion(const nlohmann::json& match, const char* name_key,
                                          const std::string& at) {
  riskdb::CpeMatchCriterion criterion;
  criterion.vulnerable = flag(match, "vulnerable", at);
  criterion.criteria = required_text(match, name_key, at, 4096);
  try {
    criterion.cpe = riskdb::parse_cpe(criterion.criteria);
  } catch (const riskdb::CpeError& error) {
    throw FeedError(at + "/" + name_key + ": " + error.what());
  }
  criterion.range.start_including = optional_text(match, "versionStartIncluding", at, 256);
  criterion.range.start_excluding = optional_text(match, "versionStartExcluding", at, 256);
  criterion.range.end_including = optional_text(match, "versionEndIncluding", at, 256);
  criterion.range.end_excluding = optional_text(match, "versionEndExcluding", at, 256);
  return criterion;
}

const nlohmann::json& member(const nlohmann::json& object, const char* key,
                             nlohmann::json::value_t type, const std::string& where) {
  const auto found = object.find(key);
  if (found == object.end() || found->type() != type)
    throw FeedError(where + "/" + key + ": missing or of the wrong type");
  return *found;
}

riskdb::ConfigurationNode parse_node_1_1(const nlohmann::json& node, const std::string& at) {
  riskdb::ConfigurationNode parsed{operator_is_and(node, at), flag(node, "negate", at), {}};
  const auto matches = node.find("cpe_match");
  if (matches == node.end()) return parsed;
  if (!matches->is_array()) throw FeedError(at + "/cpe_match: must be a list");
  for (std::size_t m = 0; m < matches->size(); ++m)
    parsed.matches.push_back(
        parse_criterion((*matches)[m], "cpe23Uri", at + "/cpe_match/" + std::to_string(m)));
  return parsed;
}

// A JSON 1.1 CVE item. A top-level node with children is a configuration
// whose nodes are its children; one without is a configuration of itself.
riskdb::Vulnerability parse_cve_1_1(const nlohmann::json& item, const std::string& where) {
  static const RE2 id_pattern(R"(CVE-\d{4}-\d{4,})");
  using type = nlohmann::json::value_t;
  const auto& cve = member(item, "cve", type::object, where);
  riskdb::Vulnerability vulnerability;
  vulnerability.cve_id = required_text(member(cve, "CVE_data_meta", type::object, where + "/cve"),
                                       "ID", where + "/cve/CVE_data_meta");
  if (!RE2::FullMatch(vulnerability.cve_id, id_pattern))
    throw FeedError(where + "/cve/CVE_data_meta/ID: \"" + vulnerability.cve_id.substr(0, 40) +
                    "\" is not a CVE id");
  vulnerability.published = optional_text(item, "publishedDate", where);
  vulnerability.last_modified = optional_text(item, "lastModifiedDate", where);
  if (const auto description = cve.find("description"); description != cve.end())
    for (const auto& text : description->value("description_data", nlohmann::json::array()))
      if (text.is_object() && text.value("lang", std::string()) == "en") {
        vulnerability.description =
            optional_text(text, "value", where + "/cve/description", description_limit);
        break;
      }
  const auto score = [&](const char* metric, const char* data) -> std::optional<Score> {
    const auto impact = item.find("impact");
    if (impact == item.end() || !impact->contains(metric)) return std::nullopt;
    const auto& values = (*impact)[metric];
    if (!values.contains(data) || !values[data].contains("baseScore")) return std::nullopt;
    const auto& value = values[data]["baseScore"];
    if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 10)
      throw FeedError(where + "/impact/" + metric + "/" + data + "/baseScore: not a score 0..10");
    return Score{value.get<double>(), vector_of(values[data])};
  };
  set_score(vulnerability.cvss_v3, vulnerability.cvss_v3_vector, score("baseMetricV3", "cvssV3"));
  set_score(vulnerability.cvss_v2, vulnerability.cvss_v2_vector, score("baseMetricV2", "cvssV2"));
  const auto configurations = item.find("configurations");
  if (configurations == item.end()) return vulnerability;
  const auto nodes = configurations->find("nodes");
  if (nodes == configurations->end()) return vulnerability;
  if (!nodes->is_array()) throw FeedError(where + "/configurations/nodes: must be a list");
  for (std::size_t n = 0; n < nodes->size(); ++n) {
    const std::string at = where + "/configurations/nodes/" + std::to_string(n);
    const auto& node = (*nodes)[n];
    const auto children = node.find("children");
    if (children == node.end() || !children->is_array() || children->empty()) {
      riskdb::ConfigurationNode only = parse_node_1_1(node, at);
      if (only.matches.empty()) continue;
      vulnerability.configurations.push_back({false, false, {std::move(only)}});
      continue;
    }
    riskdb::Configuration configuration{operator_is_and(node, at), flag(node, "negate", at), {}};
    for (std::size_t c = 0; c < children->size(); ++c)
      configuration.nodes.push_back(
          parse_node_1_1((*children)[c], at + "/children/" + std::to_string(c)));
    if (const auto own = node.find("cpe_match");
        own != node.end() && own->is_array() && !own->empty()) {
      riskdb::ConfigurationNode direct = parse_node_1_1(node, at);
      direct.all = false;
      direct.negate = false;
      configuration.nodes.push_back(std::move(direct));
    }
    vulnerability.configurations.push_back(std::move(configuration));
  }
  return vulnerability;
}

riskdb::Vulnerability parse_cve(const nlohmann::json& cve, const std::string& where) {
  static const RE2 id_pattern(R"(CVE-\d{4}-\d{4,})");
  riskdb::Vulnerability vulnerability;
  vulnerability.cve_id = required_text(cve, "id", where);
  if (!RE2::FullMatch(vulnerability.cve_id, id_pattern))
    throw FeedError(where + "/id: \"" + vulnerability.cve_id.substr(0, 40) + "\" is not a CVE id");
  vulnerability.published = optional_text(cve, "published", where);
  vulnerability.last_modified = optional_text(cve, "lastModified", where);
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
    set_score(vulnerability.cvss_v2, vulnerability.cvss_v2_vector,
              base_score(*metrics, "cvssMetricV2", where));
    set_score(vulnerability.cvss_v3, vulnerability.cvss_v3_vector,
              base_score(*metrics, "cvssMetricV31", where));
    if (!vulnerability.cvss_v3)
      set_score(vulnerability.cvss_v3, vulnerability.cvss_v3_vector,
                base_score(*metrics, "cvssMetricV30", where));
    set_score(vulnerability.cvss_v4, vulnerability.cvss_v4_vector,
              base_score(*metrics, "cvssMetricV40", where));
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
      for (std::size_t m = 0; m < matches->size(); ++m)
        node.matches.push_back(
            parse_criterion((*matches)[m], "criteria", node_at + "/cpeMatch/" + std::to_string(m)));
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
  const auto items = text.find("\"CVE_Items\"");
  const bool feed_1_1 = items != std::string::npos && items < text.find("\"CVE_data_meta\"");
  const bool envelope = start != std::string::npos &&
                        text.find("\"vulnerabilities\"") != std::string::npos &&
                        text.find("\"vulnerabilities\"") < text.find("\"configurations\"");
  if (!envelope && !feed_1_1) {
    const nlohmann::json cve = parse_feed_json(text, name);
    add(parse_cve(cve.contains("cve") ? cve["cve"] : cve, name + ": "));
    return "nvd-cve-record";
  }
  std::size_t index = 0;
  bool in_list = false;
  const std::string list_key = feed_1_1 ? "CVE_Items" : "vulnerabilities";
  const nlohmann::json::parser_callback_t each = [&](int depth, nlohmann::json::parse_event_t event,
                                                     nlohmann::json& parsed) {
    if (depth == 1 && event == nlohmann::json::parse_event_t::key)
      in_list = parsed.get<std::string>() == list_key;
    if (depth == 2 && in_list && event == nlohmann::json::parse_event_t::object_end) {
      const std::string where = name + ": /" + list_key + "/" + std::to_string(index++);
      if (feed_1_1) {
        add(parse_cve_1_1(parsed, where));
        return false;
      }
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
  return feed_1_1 ? "nvd-json-1.1" : "nvd-api-2.0";
}

}  // namespace

ImportReport import_nvd(riskdb::Database& database, const Files& files, const FeedSource& source) {
  Files inputs;
  for (const auto& path : files) {
    if (std::filesystem::is_directory(path)) {
      Files inside;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
        if (entry.is_regular_file() &&
            (entry.path().extension() == ".json" || entry.path().string().ends_with(".json.gz")))
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
  std::string newest, modified, format;
  for (const auto& file : inputs)
    format = read_file(file, [&](const riskdb::Vulnerability& vulnerability) {
      writer.add(vulnerability);
      ids.insert(vulnerability.cve_id);
      newest = std::max(newest, vulnerability.published.value_or(""));
      modified = std::max(modified, vulnerability.last_modified.value_or(""));
    });
  if (!newest.empty()) writer.set_version("published up to " + newest.substr(0, 10));
  if (!modified.empty()) writer.set_data_date(modified);
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
