#include "cli/sweep_config.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "cli/secret_source.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/database.hpp"
#include "scanner/usm_protocols.hpp"

namespace kensa::cli {
namespace {

namespace fs = std::filesystem;

// Reads one table of the file, refusing keys it was not told about.
class TableReader {
 public:
  TableReader(const fs::path& file, const toml::table& table, std::string prefix)
      : file_(file), table_(table), prefix_(std::move(prefix)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& why) const {
    throw UsageError(file_.string() + ": " + prefix_ + key + ": " + why);
  }

  const toml::node* get(const std::string& key) {
    known_.push_back(key);
    return table_.get(key);
  }

  std::optional<std::string> text(const std::string& key) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    const auto value = node->value<std::string>();
    if (!value || value->empty()) fail(key, "must be a non-empty string");
    return *value;
  }

  template <typename Unsigned>
  std::optional<Unsigned> whole(const std::string& key, std::int64_t low, std::int64_t high) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    const auto value = node->value_exact<std::int64_t>();
    if (!value || *value < low || *value > high)
      fail(key,
           "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high));
    return static_cast<Unsigned>(*value);
  }

  std::optional<double> number(const std::string& key, double low, double high) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    const auto value = node->value<double>();
    if (!value || *value < low || *value > high)
      fail(key, "must be a number from " + std::to_string(low) + " to " + std::to_string(high));
    return *value;
  }

  std::vector<std::string> texts(const std::string& key) {
    const toml::node* node = get(key);
    if (node == nullptr) return {};
    const toml::array* array = node->as_array();
    if (array == nullptr) fail(key, "must be an array of strings");
    std::vector<std::string> values;
    for (const toml::node& item : *array) {
      const auto value = item.value<std::string>();
      if (!value || value->empty()) fail(key, "must be an array of non-empty strings");
      values.push_back(*value);
    }
    return values;
  }

  fs::path path(const std::string& value) const {
    const fs::path given(value);
    return given.is_absolute() ? given : file_.parent_path() / given;
  }

  // Every key of the table must have been asked for.
  void finish() const {
    for (const auto& [key, node] : table_)
      if (std::find(known_.begin(), known_.end(), std::string(key.str())) == known_.end())
        fail(std::string(key.str()), "unknown key");
  }

 private:
  const fs::path& file_;
  const toml::table& table_;
  std::string prefix_;
  std::vector<std::string> known_;
};

const toml::table& section(const fs::path& file, const toml::table& root, const char* name,
                           std::vector<std::string>& known) {
  known.emplace_back(name);
  static const toml::table empty;
  const toml::node* node = root.get(name);
  if (node == nullptr) return empty;
  if (!node->is_table()) throw UsageError(file.string() + ": " + name + " must be a table");
  return *node->as_table();
}

std::vector<scanner::TargetText> with_origins(const fs::path& file, const std::string& key,
                                              const std::vector<std::string>& values) {
  std::vector<scanner::TargetText> targets;
  for (std::size_t i = 0; i < values.size(); ++i)
    targets.push_back({values[i], file.string() + ": " + key + "[" + std::to_string(i + 1) + "]"});
  return targets;
}

// A secret from `<name>_file` or `<name>_env`, never from the file itself.
std::optional<scanner::Secret> secret(TableReader& entry, const std::string& name,
                                      const std::string& what) {
  if (entry.get(name) != nullptr)
    entry.fail(name, "secrets are not written in the configuration; use " + name + "_file or " +
                         name + "_env");
  const auto file = entry.text(name + "_file");
  const auto variable = entry.text(name + "_env");
  if (file && variable)
    entry.fail(name + "_file", "give " + name + "_file or " + name + "_env, not both");
  if (file) return read_secret(entry.path(*file), "", what);
  if (variable) {
    auto value = read_secret(std::nullopt, variable->c_str(), what);
    if (!value) entry.fail(name + "_env", "environment variable " + *variable + " is not set");
    return value;
  }
  return std::nullopt;
}

scanner::Credentials credential_entry(const fs::path& file, const toml::table& table,
                                      std::size_t index) {
  TableReader entry(file, table, "credentials[" + std::to_string(index + 1) + "].");
  const auto version_text = entry.text("version");
  if (!version_text) entry.fail("version", "is required: \"1\", \"2c\" or \"3\"");
  const auto version = scanner::parse_snmp_version(*version_text);
  if (!version) entry.fail("version", "'" + *version_text + "' is not one of 1, 2c, 3");
  scanner::Credentials credentials;
  credentials.version = *version;
  if (*version == scanner::SnmpVersion::v3) {
    credentials.user = entry.text("user").value_or("");
    if (const auto auth = entry.text("auth_protocol")) {
      const auto protocol = scanner::parse_auth_protocol(*auth);
      if (!protocol)
        entry.fail("auth_protocol",
                   "'" + *auth + "' is not one of MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512");
      credentials.auth = *protocol;
    }
    if (const auto priv = entry.text("priv_protocol")) {
      const auto protocol = scanner::parse_priv_protocol(*priv);
      if (!protocol)
        entry.fail("priv_protocol", "'" + *priv + "' is not one of DES, AES, AES-192, AES-256");
      credentials.priv = *protocol;
    }
    if (auto value = secret(entry, "auth_password", "authentication password"))
      credentials.auth_password = std::move(*value);
    if (auto value = secret(entry, "priv_password", "privacy password"))
      credentials.priv_password = std::move(*value);
  } else {
    auto community = secret(entry, "community", "community");
    if (!community)
      entry.fail("community_file", "a v1/v2c entry needs community_file or community_env");
    credentials.community = std::move(*community);
  }
  entry.finish();
  try {
    credentials.validate();
  } catch (const std::invalid_argument& error) {
    entry.fail("version", error.what());
  }
  return credentials;
}

}  // namespace

std::vector<scanner::TargetText> read_target_file(const fs::path& file) {
  std::ifstream input(file, std::ios::binary);
  if (!input) throw UsageError("cannot read target file " + file.string());
  std::vector<scanner::TargetText> targets;
  std::size_t number = 0;
  for (std::string line; std::getline(input, line);) {
    ++number;
    if (line.find('\0') != std::string::npos)
      throw UsageError("target file " + file.string() + " line " + std::to_string(number) +
                       " is not text");
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const auto last = line.find_last_not_of(" \t\r");
    targets.push_back(
        {line.substr(first, last - first + 1), file.string() + ":" + std::to_string(number)});
  }
  if (input.bad()) throw UsageError("cannot read target file " + file.string());
  return targets;
}

namespace {

toml::table parse_config(const fs::path& file) {
  std::ifstream input(file, std::ios::binary);
  if (!input) throw UsageError("cannot read configuration " + file.string());
  std::stringstream bytes;
  bytes << input.rdbuf();
  try {
    return toml::parse(bytes.str(), file.string());
  } catch (const toml::parse_error& error) {
    throw UsageError(file.string() + " line " + std::to_string(error.source().begin.line) + ": " +
                     std::string(error.description()));
  }
}

}  // namespace

std::optional<std::string> load_config_operator(const fs::path& file) {
  const toml::table root = parse_config(file);
  const toml::node* node = root.get("operator");
  if (node == nullptr) return std::nullopt;
  if (!node->is_string()) throw UsageError(file.string() + ": operator must be a string");
  return node->value<std::string>();
}

SweepConfig load_sweep_config(const fs::path& file) {
  const toml::table root = parse_config(file);
  SweepConfig config;
  config.file = file;
  std::vector<std::string> sections;

  TableReader top(file, root, "");
  if (const auto value = top.text("database"))
    config.database = riskdb::is_postgresql_location(*value) ? fs::path(*value) : top.path(*value);
  config.site = top.text("site");
  if (const auto value = top.text("policy")) config.policy = top.path(*value);
  config.fail_on = top.text("fail_on");
  config.operator_name = top.text("operator");

  TableReader targets(file, section(file, root, "targets", sections), "targets.");
  config.targets = with_origins(file, "targets.include", targets.texts("include"));
  for (const std::string& name : targets.texts("files")) {
    const auto lines = read_target_file(targets.path(name));
    config.targets.insert(config.targets.end(), lines.begin(), lines.end());
  }
  config.excludes = with_origins(file, "targets.exclude", targets.texts("exclude"));
  config.port = targets.whole<std::uint16_t>("port", 1, 65535);
  config.max_targets = targets.whole<std::size_t>("max_targets", 1, std::int64_t{1} << 24);
  targets.finish();

  TableReader scope(file, section(file, root, "scope", sections), "scope.");
  config.scope = with_origins(file, "scope.allow", scope.texts("allow"));
  scope.finish();

  TableReader crawl(file, section(file, root, "crawl", sections), "crawl.");
  config.max_hops = crawl.whole<unsigned>("max_hops", 0, 64);
  crawl.finish();

  TableReader engine(file, section(file, root, "engine", sections), "engine.");
  config.window = engine.whole<unsigned>("window", 1, 100000);
  config.timeout_ms = engine.whole<unsigned>("timeout_ms", 1, 600000);
  config.retries = engine.whole<unsigned>("retries", 0, 20);
  config.rate = engine.number("rate", 0, 10000000);
  engine.finish();

  top.get("credentials");
  if (const toml::node* node = root.get("credentials")) {
    const toml::array* entries = node->as_array();
    if (entries == nullptr || !entries->is_array_of_tables())
      throw UsageError(file.string() +
                       ": credentials must be an array of tables ([[credentials]])");
    for (std::size_t i = 0; i < entries->size(); ++i)
      config.credentials.push_back(credential_entry(file, *entries->get(i)->as_table(), i));
  }
  for (const std::string& name : sections) top.get(name);
  top.finish();
  return config;
}

}  // namespace kensa::cli
