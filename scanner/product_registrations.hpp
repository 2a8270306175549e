#pragma once
// The products vendors register under their enterprise subtree, as
// sysObjectID values: 1.3.6.1.4.1.30065.1.3011.7050.1958.128 is
// ARISTA-PRODUCTS-MIB::aristaDCS7050TX128. The shipped list
// (scanner/data/product-registrations.tsv) is generated with the MIB
// identity index by scripts/generate-mib-index.
//
// Contract:
// - load() reads lines "OID<TAB>MODULE::descriptor" ('#' comments) and
//   throws std::runtime_error naming the file and line of one that is not.
// - find() gives the registration of exactly that OID, if any.
// - model_of() is the model a descriptor names: the descriptor without
//   the vendor's lower-case prefix when a capital follows it
//   (aristaDCS7050TX128: DCS7050TX128); kept whole otherwise (cisco5500Wlc).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "scanner/oid.hpp"

namespace kensa::scanner {

struct ProductRegistration {
  std::string module, descriptor;
};

class ProductRegistrations {
 public:
  static ProductRegistrations load(const std::filesystem::path& file);
  [[nodiscard]] std::optional<ProductRegistration> find(const Oid& oid) const;
  [[nodiscard]] std::size_t size() const { return by_oid_.size(); }

 private:
  // The file's text, and views into it: dotted OID -> "MODULE::descriptor".
  std::shared_ptr<const std::string> text_;
  std::unordered_map<std::string_view, std::string_view> by_oid_;
};

[[nodiscard]] std::string model_of(const std::string& descriptor);

}  // namespace kensa::scanner
