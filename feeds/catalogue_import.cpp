#include "feeds/catalogue_import.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "riskdb/file_digest.hpp"
#include "riskdb/vendor_catalogue.hpp"
#include "scanner/vendor_file.hpp"

namespace kensa::feeds {
namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream input(file, std::ios::binary);
  if (!input) throw FeedError("cannot read " + file.string());
  std::stringstream bytes;
  bytes << input.rdbuf();
  return bytes.str();
}

nlohmann::json parse(const std::filesystem::path& file, const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    throw FeedError(file.string() + ": not valid JSON: " + error.what());
  }
}

// Runs `read` and turns a type error into one naming the file and path.
template <typename Read>
auto at_path(const std::filesystem::path& file, const std::string& path, Read read) {
  try {
    return read();
  } catch (const nlohmann::json::exception& error) {
    throw FeedError(file.string() + ": " + path + ": " + error.what());
  }
}

scanner::VendorFile read_vendor_file(const std::filesystem::path& file, const std::string& text) {
  try {
    return scanner::parse_vendor_file(file, text);
  } catch (const std::runtime_error& error) {
    throw FeedError(error.what());
  }
}

// Judging's view of the shared catalogue.
std::vector<riskdb::VendorRecord> vendor_records(scanner::VendorFile catalogue) {
  std::vector<riskdb::VendorRecord> vendors;
  for (scanner::VendorEntry& entry : catalogue.vendors)
    vendors.push_back({std::move(entry.name), std::move(entry.aliases), std::move(entry.cpe_names),
                       std::move(entry.parent), std::move(entry.relation),
                       std::move(entry.model_lines)});
  return vendors;
}

std::vector<riskdb::OsFamilyRecord> read_families(const std::filesystem::path& file,
                                                  const nlohmann::json& root) {
  std::vector<riskdb::OsFamilyRecord> families;
  const auto& items =
      at_path(file, "/families", [&]() -> const nlohmann::json& { return root.at("families"); });
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = "/families/" + std::to_string(i);
    families.push_back(at_path(file, path, [&] {
      const auto& item = items.at(i);
      riskdb::OsFamilyRecord record;
      record.name = item.at("name").get<std::string>();
      if (item.contains("vendor") && !item["vendor"].is_null())
        record.vendor = item["vendor"].get<std::string>();
      if (item.contains("cpe_vendor") && !item["cpe_vendor"].is_null())
        record.cpe_vendor = item["cpe_vendor"].get<std::string>();
      for (const auto& product : item.value("products", nlohmann::json::array())) {
        riskdb::CpeProduct entry;
        entry.product = product.at("product").get<std::string>();
        if (product.contains("version_pattern"))
          entry.version_pattern = product["version_pattern"].get<std::string>();
        if (product.contains("version_excludes"))
          entry.version_excludes = product["version_excludes"].get<std::string>();
        record.products.push_back(std::move(entry));
      }
      const std::string scheme = item.value("version_scheme", std::string("generic"));
      const auto parsed = riskdb::version_scheme_named(scheme);
      if (!parsed)
        throw FeedError(file.string() + ": " + path + "/version_scheme: unknown scheme " + scheme);
      record.scheme = *parsed;
      record.model_patterns = item.value("models", std::vector<std::string>{});
      if (item.contains("eol_product")) record.eol_product = item["eol_product"].get<std::string>();
      record.aliases = item.value("aliases", std::vector<std::string>{});
      return record;
    }));
  }
  return families;
}

}  // namespace

bool ensure_catalogue(riskdb::Database& database, const std::filesystem::path& vendors_file,
                      const std::filesystem::path& os_families_file) {
  const std::string vendors_text = read_file(vendors_file);
  const std::string families_text = read_file(os_families_file);
  const std::string digest = riskdb::sha256_of_bytes(vendors_text + families_text);
  const auto current = riskdb::current_dataset(database, "catalogue");
  if (current && current->sha256 == digest) return false;
  auto vendors = read_vendor_file(vendors_file, vendors_text);
  const auto families_root = parse(os_families_file, families_text);
  riskdb::Dataset provenance;
  provenance.kind = "catalogue";
  provenance.source = vendors_file.string() + " + " + os_families_file.string();
  provenance.version = vendors.format + "; " + families_root.value("format", std::string());
  provenance.sha256 = digest;
  riskdb::replace_catalogue(database, vendor_records(std::move(vendors)),
                            read_families(os_families_file, families_root), provenance);
  return true;
}

}  // namespace kensa::feeds
