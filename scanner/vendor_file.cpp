#include "scanner/vendor_file.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace kensa::scanner {
namespace {

template <typename Read>
auto at_path(const std::filesystem::path& file, const std::string& path, Read read) {
  try {
    return read();
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(file.string() + ": " + path + ": " + error.what());
  }
}

VendorEntry read_vendor(const std::filesystem::path& file, const std::string& path,
                        const nlohmann::json& item) {
  return at_path(file, path, [&] {
    VendorEntry entry;
    entry.name = item.at("name").get<std::string>();
    entry.aliases = item.value("aliases", std::vector<std::string>{});
    entry.product_lines = item.value("product_lines", std::vector<std::string>{});
    entry.model_families = item.value("model_families", std::vector<std::string>{});
    for (const auto& line : item.value("model_lines", nlohmann::json::array()))
      entry.model_lines.push_back({line.at("line").get<std::string>(),
                                   line.at("spellings").get<std::vector<std::string>>()});
    entry.enterprises = item.value("enterprises", std::vector<std::uint32_t>{});
    entry.cpe_names = item.value("cpe", std::vector<std::string>{});
    if (item.contains("parent")) entry.parent = item.at("parent").get<std::string>();
    entry.relation = item.value("relation", std::string("subsidiary"));
    if (entry.relation != "subsidiary" && entry.relation != "brand")
      throw std::runtime_error(file.string() + ": " + path +
                               "/relation: must be subsidiary or brand");
    return entry;
  });
}

}  // namespace

VendorFile parse_vendor_file(const std::filesystem::path& file, std::string_view text) {
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    throw std::runtime_error(file.string() + ": not valid JSON: " + error.what());
  }
  VendorFile catalogue;
  catalogue.format = at_path(file, "/format", [&] { return root.value("format", std::string()); });
  catalogue.software_stacks = at_path(file, "/software_stacks", [&] {
    return root.value("software_stacks", std::vector<std::uint32_t>{});
  });
  const auto& items =
      at_path(file, "/vendors", [&]() -> const nlohmann::json& { return root.at("vendors"); });
  if (!items.is_array()) throw std::runtime_error(file.string() + ": /vendors: not an array");
  for (std::size_t i = 0; i < items.size(); ++i)
    catalogue.vendors.push_back(read_vendor(file, "/vendors/" + std::to_string(i), items[i]));
  return catalogue;
}

}  // namespace kensa::scanner
