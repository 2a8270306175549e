#include "scanner/product_registrations.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "scanner/file_text.hpp"

namespace kensa::scanner {

ProductRegistrations ProductRegistrations::load(const std::filesystem::path& file) {
  auto text = std::make_shared<std::string>(read_file_text(file, "the product registrations"));
  ProductRegistrations registrations;
  registrations.by_oid_.reserve(text->size() / 64);
  const std::string_view all(*text);
  std::size_t number = 0;
  for (std::size_t at = 0; at < all.size();) {
    const std::size_t end = std::min(all.find('\n', at), all.size());
    const std::string_view line = all.substr(at, end - at);
    at = end + 1;
    ++number;
    if (line.empty() || line.front() == '#') continue;
    const auto tab = line.find('\t');
    const std::string_view oid = line.substr(0, std::min(tab, line.size()));
    const std::string_view name = tab == std::string_view::npos ? "" : line.substr(tab + 1);
    const auto separator = name.find("::");
    const bool dotted = !oid.empty() && oid.find_first_not_of("0123456789.") == std::string::npos &&
                        oid.front() != '.' && oid.back() != '.' &&
                        oid.find("..") == std::string::npos;
    if (!dotted || separator == std::string_view::npos || separator == 0 ||
        separator + 2 == name.size())
      throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                               ": not OID<TAB>MODULE::descriptor");
    registrations.by_oid_.emplace(oid, name);
  }
  registrations.text_ = std::move(text);
  return registrations;
}

std::optional<ProductRegistration> ProductRegistrations::find(const Oid& oid) const {
  const auto found = by_oid_.find(to_string(oid));
  if (found == by_oid_.end()) return std::nullopt;
  const auto separator = found->second.find("::");
  return ProductRegistration{std::string(found->second.substr(0, separator)),
                             std::string(found->second.substr(separator + 2))};
}

std::string model_of(const std::string& descriptor) {
  std::size_t prefix = 0;
  while (prefix < descriptor.size() && std::islower(static_cast<unsigned char>(descriptor[prefix])))
    ++prefix;
  if (prefix > 0 && prefix < descriptor.size() &&
      std::isupper(static_cast<unsigned char>(descriptor[prefix])))
    return descriptor.substr(prefix);
  return descriptor;
}

}  // namespace kensa::scanner
