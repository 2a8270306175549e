#include "riskdb/policy.hpp"

#include <toml++/toml.h>
#include <fstream>
#include <sstream>

#include "riskdb/file_digest.hpp"

namespace kensa::riskdb {
namespace {

constexpr std::array<std::string_view, 5> severity_names{"info", "low", "medium", "high",
                                                         "critical"};
constexpr std::array<std::string_view, 9> kind_names{
    "restricted_vendor", "known_exploited", "vulnerability", "end_of_life",  "unscreened",
    "drifted",           "rejected",        "unidentified",  "neighbor_only"};

struct Reader {
  const std::filesystem::path& file;

  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    throw PolicyError("policy " + file.string() + ": " + key + ": " + message);
  }

  Severity severity(const toml::node& node, const std::string& key) const {
    const auto text = node.value<std::string>();
    if (!text) fail(key, "must be a string naming a severity");
    const auto parsed = severity_named(*text);
    if (!parsed) fail(key, "\"" + *text + "\" is not one of critical, high, medium, low, info");
    return *parsed;
  }

  const toml::table& table(const toml::table& root, const char* name) const {
    const toml::node* node = root.get(name);
    if (node == nullptr) {
      static const toml::table empty;
      return empty;
    }
    if (!node->is_table()) fail(name, "must be a table");
    return *node->as_table();
  }

  template <typename Handler>
  void keys(const toml::table& section, const std::string& prefix, Handler handle) const {
    for (const auto& [key, node] : section) {
      const std::string name = prefix + "." + std::string(key.str());
      if (!handle(std::string(key.str()), node, name)) fail(name, "unknown key");
    }
  }
};

}  // namespace

std::optional<Severity> severity_named(std::string_view name) {
  for (std::size_t i = 0; i < severity_names.size(); ++i)
    if (severity_names[i] == name) return static_cast<Severity>(i);
  return std::nullopt;
}

std::string_view severity_name(Severity severity) {
  return severity_names[static_cast<std::size_t>(severity)];
}

std::string_view finding_kind_name(FindingKind kind) {
  return kind_names[static_cast<std::size_t>(kind)];
}

std::optional<FindingKind> finding_kind_named(std::string_view name) {
  for (std::size_t i = 0; i < kind_names.size(); ++i)
    if (kind_names[i] == name) return static_cast<FindingKind>(i);
  return std::nullopt;
}

Severity severity_from_cvss(double score) {
  if (score >= 9.0) return Severity::critical;
  if (score >= 7.0) return Severity::high;
  if (score >= 4.0) return Severity::medium;
  if (score > 0.0) return Severity::low;
  return Severity::info;
}

Policy load_policy(const std::filesystem::path& file) {
  std::ifstream input(file, std::ios::binary);
  if (!input) throw PolicyError("cannot read policy " + file.string());
  std::stringstream bytes;
  bytes << input.rdbuf();
  const std::string text = bytes.str();
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& error) {
    throw PolicyError("policy " + file.string() + " line " +
                      std::to_string(error.source().begin.line) + ": " +
                      std::string(error.description()));
  }
  Policy policy;
  policy.source = file.string();
  policy.sha256 = sha256_of_bytes(text);
  const Reader reader{file};
  for (const auto& [key, node] : root) {
    const std::string name(key.str());
    if (name != "lists" && name != "severity" && name != "screening" && name != "end_of_life" &&
        name != "verdict")
      reader.fail(name, "unknown section");
  }
  reader.keys(reader.table(root, "lists"), "lists",
              [&](const std::string& key, const toml::node& node, const std::string& name) {
                if (key != "apply") return false;
                const toml::array* names = node.as_array();
                if (names == nullptr) reader.fail(name, "must be an array of list names");
                for (const toml::node& item : *names) {
                  const auto list = item.value<std::string>();
                  if (!list) reader.fail(name, "must hold strings");
                  policy.applied_lists.push_back(*list);
                }
                return true;
              });
  reader.keys(reader.table(root, "severity"), "severity",
              [&](const std::string& key, const toml::node& node, const std::string& name) {
                if (key == "vulnerability" && node.value<std::string>() == "cvss") {
                  policy.vulnerability_from_cvss = true;
                  return true;
                }
                if (key == "end_of_sale") {
                  policy.end_of_sale = reader.severity(node, name);
                  return true;
                }
                const auto kind = finding_kind_named(key);
                if (!kind) return false;
                policy.severity[static_cast<std::size_t>(*kind)] = reader.severity(node, name);
                if (*kind == FindingKind::vulnerability) policy.vulnerability_from_cvss = false;
                return true;
              });
  reader.keys(reader.table(root, "screening"), "screening",
              [&](const std::string& key, const toml::node& node, const std::string& name) {
                if (key != "modules") return false;
                const auto value = node.value<bool>();
                if (!value) reader.fail(name, "must be true or false");
                policy.screen_modules = *value;
                return true;
              });
  reader.keys(reader.table(root, "end_of_life"), "end_of_life",
              [&](const std::string& key, const toml::node& node, const std::string& name) {
                if (key != "warn_days") return false;
                const auto value = node.value<std::int64_t>();
                if (!value || *value < 0 || *value > 3650)
                  reader.fail(name, "must be a number of days from 0 to 3650");
                policy.end_of_life_warn_days = static_cast<int>(*value);
                return true;
              });
  reader.keys(reader.table(root, "verdict"), "verdict",
              [&](const std::string& key, const toml::node& node, const std::string& name) {
                if (key == "block_at")
                  policy.block_at = reader.severity(node, name);
                else if (key == "review_at")
                  policy.review_at = reader.severity(node, name);
                else if (key == "fail_at")
                  policy.fail_at = reader.severity(node, name);
                else
                  return false;
                return true;
              });
  if (policy.review_at > policy.block_at)
    reader.fail("verdict.review_at", "must not be above verdict.block_at");
  return policy;
}

}  // namespace kensa::riskdb
