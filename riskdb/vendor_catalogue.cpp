#include "riskdb/vendor_catalogue.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "riskdb/statement.hpp"

namespace kensa::riskdb {

void replace_catalogue(Database& database, const std::vector<VendorRecord>& vendors,
                       const std::vector<OsFamilyRecord>& families, Dataset provenance) {
  Transaction transaction(database);
  database.execute(
      "DELETE FROM os_families; DELETE FROM vendor_cpe_names; DELETE FROM vendor_model_lines; "
      "DELETE FROM vendor_names; UPDATE vendors SET parent_id = NULL, relation = NULL");
  // Vendors are kept (restrictions refer to them); names not in the new
  // catalogue stay as plain rows without spellings.
  Statement upsert(database, "INSERT INTO vendors(name) VALUES (?1) ON CONFLICT(name) DO NOTHING");
  for (const VendorRecord& vendor : vendors) upsert.bind(1, vendor.name).run();
  Statement link(database,
                 "UPDATE vendors SET parent_id = (SELECT id FROM vendors WHERE name = ?2), "
                 "relation = ?3 WHERE name = ?1");
  Statement name(database,
                 "INSERT INTO vendor_names(name_key, vendor_id, spelling) "
                 "SELECT ?1, id, ?2 FROM vendors WHERE name = ?3 ON CONFLICT(name_key) DO NOTHING");
  Statement cpe(database,
                "INSERT INTO vendor_cpe_names(cpe_vendor, vendor_id) "
                "SELECT ?1, id FROM vendors WHERE name = ?2 ON CONFLICT DO NOTHING");
  Statement model_line(database,
                       "INSERT INTO vendor_model_lines(vendor_id, line, spelling) "
                       "SELECT id, ?2, ?3 FROM vendors WHERE name = ?1 ON CONFLICT DO NOTHING");
  for (const VendorRecord& vendor : vendors) {
    if (vendor.parent) {
      if (*vendor.parent == vendor.name)
        throw DatabaseError("vendor catalogue: " + vendor.name + " is its own parent");
      link.bind(1, vendor.name).bind(2, *vendor.parent).bind(3, vendor.relation).run();
    }
    name.bind(1, vendor_name_key(vendor.name)).bind(2, vendor.name).bind(3, vendor.name).run();
    for (const std::string& alias : vendor.aliases) {
      const std::string key = vendor_name_key(alias);
      if (!key.empty()) name.bind(1, key).bind(2, alias).bind(3, vendor.name).run();
    }
    for (const std::string& cpe_name : vendor.cpe_names)
      cpe.bind(1, cpe_name).bind(2, vendor.name).run();
    for (const scanner::ModelLine& line : vendor.model_lines)
      for (const std::string& spelling : line.spellings)
        model_line.bind(1, vendor.name).bind(2, line.line).bind(3, spelling).run();
  }
  Statement family(database,
                   "INSERT INTO os_families(name, vendor_id, cpe_vendor, cpe_products, "
                   "version_scheme, model_patterns, eol_product, aliases) "
                   "VALUES (?1, (SELECT id FROM vendors WHERE name = ?2), ?3, ?4, ?5, ?6, ?7, ?8)");
  for (const OsFamilyRecord& record : families) {
    nlohmann::json products = nlohmann::json::array();
    for (const CpeProduct& product : record.products) {
      nlohmann::json item{{"product", product.product}};
      if (product.version_pattern) item["version_pattern"] = *product.version_pattern;
      if (product.version_excludes) item["version_excludes"] = *product.version_excludes;
      products.push_back(item);
    }
    family.bind(1, record.name)
        .bind(2, record.vendor)
        .bind(3, record.cpe_vendor)
        .bind(4, products.dump())
        .bind(5, version_scheme_name(record.scheme))
        .bind(6, nlohmann::json(record.model_patterns).dump())
        .bind(7, record.eol_product)
        .bind(8, nlohmann::json(record.aliases).dump())
        .run();
  }
  provenance.row_count = static_cast<std::int64_t>(vendors.size() + families.size());
  record_dataset(database, provenance);
  transaction.commit();
}

VendorCatalogue VendorCatalogue::load(const Database& database) {
  VendorCatalogue catalogue;
  Statement vendors(database,
                    "SELECT v.name, p.name, v.relation FROM vendors v "
                    "LEFT JOIN vendors p ON p.id = v.parent_id");
  while (vendors.step()) {
    VendorRecord record;
    record.name = vendors.text(0);
    record.parent = vendors.optional_text(1);
    record.relation = vendors.optional_text(2).value_or("");
    catalogue.names_[vendor_name_key(record.name)] = record.name;
    catalogue.vendors_[record.name] = std::move(record);
  }
  Statement names(database,
                  "SELECT n.name_key, n.spelling, v.name FROM vendor_names n "
                  "JOIN vendors v ON v.id = n.vendor_id");
  while (names.step()) {
    catalogue.names_[names.text(0)] = names.text(2);
    catalogue.vendors_[names.text(2)].aliases.push_back(names.text(1));
  }
  Statement cpe(
      database,
      "SELECT c.cpe_vendor, v.name FROM vendor_cpe_names c JOIN vendors v ON v.id = c.vendor_id "
      "ORDER BY c.rowid");
  while (cpe.step()) catalogue.vendors_[cpe.text(1)].cpe_names.push_back(cpe.text(0));
  Statement lines(database,
                  "SELECT v.name, l.line, l.spelling FROM vendor_model_lines l JOIN vendors v ON "
                  "v.id = l.vendor_id ORDER BY l.rowid");
  while (lines.step()) {
    auto& spellings = catalogue.model_spellings_[lines.text(0)];
    spellings.emplace_back(catalogue.model_key("", lines.text(2)),
                           catalogue.model_key("", lines.text(1)));
    // The line's own name, so that "FortiGate" is recognised as a start too.
    spellings.emplace_back(spellings.back().second, spellings.back().second);
  }
  for (auto& [vendor, spellings] : catalogue.model_spellings_) {
    std::sort(spellings.begin(), spellings.end(), [](const auto& a, const auto& b) {
      return a.first.size() != b.first.size() ? a.first.size() > b.first.size() : a < b;
    });
    spellings.erase(std::unique(spellings.begin(), spellings.end()), spellings.end());
  }
  Statement families(
      database,
      "SELECT f.name, v.name, f.cpe_vendor, f.cpe_products, f.version_scheme, "
      "f.model_patterns, f.eol_product, f.aliases FROM os_families f LEFT JOIN vendors v ON "
      "v.id = f.vendor_id "
      "ORDER BY f.rowid");
  while (families.step()) {
    OsFamilyRecord record;
    record.name = families.text(0);
    record.vendor = families.optional_text(1);
    record.cpe_vendor = families.optional_text(2);
    for (const auto& item : nlohmann::json::parse(families.text(3))) {
      CpeProduct product;
      product.product = item.at("product").get<std::string>();
      if (item.contains("version_pattern")) product.version_pattern = item["version_pattern"];
      if (item.contains("version_excludes")) product.version_excludes = item["version_excludes"];
      record.products.push_back(std::move(product));
    }
    record.scheme = version_scheme_named(families.text(4)).value_or(VersionScheme::generic);
    record.model_patterns = nlohmann::json::parse(families.text(5)).get<std::vector<std::string>>();
    record.eol_product = families.optional_text(6);
    record.aliases = nlohmann::json::parse(families.text(7)).get<std::vector<std::string>>();
    catalogue.families_.push_back(std::move(record));
  }
  return catalogue;
}

std::optional<std::string> VendorCatalogue::canonical(std::string_view spelling) const {
  const auto found = names_.find(vendor_name_key(spelling));
  if (found == names_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> VendorCatalogue::owners(const std::string& canonical_name) const {
  std::vector<std::string> chain;
  std::optional<std::string> current = canonical_name;
  while (current && chain.size() < 16) {  // bounded: a cycle in user data must not hang
    if (std::find(chain.begin(), chain.end(), *current) != chain.end()) break;
    chain.push_back(*current);
    const auto found = vendors_.find(*current);
    current = found == vendors_.end() ? std::nullopt : found->second.parent;
  }
  return chain;
}

std::optional<std::string> VendorCatalogue::relation(const std::string& canonical_name) const {
  const auto found = vendors_.find(canonical_name);
  if (found == vendors_.end() || !found->second.parent) return std::nullopt;
  return found->second.relation;
}

std::vector<std::string> VendorCatalogue::cpe_vendors(const std::string& canonical_name) const {
  const auto found = vendors_.find(canonical_name);
  if (found == vendors_.end() || found->second.cpe_names.empty())
    return {vendor_name_key(canonical_name)};
  return found->second.cpe_names;
}

namespace {

// Every spelling an OS family is known by, as lookup keys.
std::vector<std::string> family_keys(const OsFamilyRecord& family) {
  std::vector<std::string> spellings{family.name};
  spellings.insert(spellings.end(), family.aliases.begin(), family.aliases.end());
  for (const CpeProduct& product : family.products) spellings.push_back(product.product);
  std::vector<std::string> keys;
  for (const std::string& spelling : spellings) {
    keys.push_back(vendor_name_key(spelling));
    for (const auto& maker : {family.vendor, family.cpe_vendor})
      if (maker) {
        // "Cisco IOS XE", "Juniper Junos": the maker's first word before the name.
        std::string first_word = maker->substr(0, maker->find(' '));
        keys.push_back(vendor_name_key(first_word + spelling));
      }
  }
  return keys;
}

// Levenshtein distance, bounded inputs (spellings of names).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The names whose keys lie nearest to `spelling`: within a third of its
// length, or sharing its first four letters; at most three, nearest first.
std::vector<std::string> nearest(std::string_view spelling,
                                 const std::vector<std::pair<std::string, std::string>>& keyed) {
  const std::string key = vendor_name_key(spelling.substr(0, 200));
  std::map<std::string, std::size_t> best;  // name -> distance
  for (const auto& [candidate, name] : keyed) {
    std::size_t distance = edit_distance(key, candidate);
    const bool prefix = key.size() >= 4 && candidate.starts_with(key.substr(0, 4));
    if (distance * 3 > std::max(key.size(), candidate.size()) && !prefix) continue;
    if (prefix) distance = std::min(distance, candidate.size());
    const auto found = best.find(name);
    if (found == best.end() || distance < found->second) best[name] = distance;
  }
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const auto& [name, distance] : best) ranked.emplace_back(distance, name);
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> names;
  for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) names.push_back(ranked[i].second);
  return names;
}

}  // namespace

const OsFamilyRecord* VendorCatalogue::os_family(std::string_view name) const {
  for (const OsFamilyRecord& family : families_)
    if (family.name == name) return &family;
  const std::string key = vendor_name_key(name);
  if (key.empty()) return nullptr;
  for (const OsFamilyRecord& family : families_) {
    const auto keys = family_keys(family);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return &family;
  }
  return nullptr;
}

std::vector<std::string> VendorCatalogue::closest_vendors(std::string_view spelling) const {
  std::vector<std::pair<std::string, std::string>> keyed(names_.begin(), names_.end());
  return nearest(spelling, keyed);
}

std::vector<std::string> VendorCatalogue::closest_os_families(std::string_view spelling) const {
  std::vector<std::pair<std::string, std::string>> keyed;
  for (const OsFamilyRecord& family : families_)
    for (const std::string& key : family_keys(family)) keyed.emplace_back(key, family.name);
  return nearest(spelling, keyed);
}

const OsFamilyRecord* VendorCatalogue::os_family_for_eol_product(std::string_view product) const {
  for (const OsFamilyRecord& family : families_)
    if (family.eol_product == product) return &family;
  return nullptr;
}

std::vector<const OsFamilyRecord*> VendorCatalogue::os_families_of(
    const std::string& canonical_name) const {
  std::vector<const OsFamilyRecord*> found;
  for (const OsFamilyRecord& family : families_)
    if (family.vendor == canonical_name) found.push_back(&family);
  return found;
}

std::string VendorCatalogue::model_key(const std::string& canonical_vendor, std::string_view model,
                                       bool keep_wildcards) const {
  std::string folded;
  for (const char c : model) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 && byte < 0x80)
      folded += static_cast<char>(std::tolower(byte));
    else if (byte >= 0x80 || (keep_wildcards && (c == '*' || c == '?')))
      folded += c;
  }
  const auto found = model_spellings_.find(canonical_vendor);
  if (found == model_spellings_.end()) return folded;
  for (const auto& [spelling, line] : found->second)
    if (folded.size() > spelling.size() && folded.compare(0, spelling.size(), spelling) == 0 &&
        std::isdigit(static_cast<unsigned char>(folded[spelling.size()])) != 0)
      return line + folded.substr(spelling.size());
  return folded;
}

}  // namespace kensa::riskdb
