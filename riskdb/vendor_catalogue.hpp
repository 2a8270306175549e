#pragma once
// The vendor catalogue as riskdb judges with it: canonical vendors, every
// spelling they appear under, who owns whom, the CPE vendor names NVD uses
// for them, and the OS families they make.
//
// Contract: replace_catalogue swaps the whole catalogue in one transaction
// with its provenance. VendorCatalogue::load reads it back; canonical()
// resolves any known spelling (case, punctuation and spaces ignored) and
// returns nullopt for a name it does not know rather than guessing.
// owners() lists a vendor and every parent above it, nearest first, so that
// a restriction on a parent covers its subsidiaries and brands.
// os_family() resolves a family by its name or any spelling of it (its
// aliases, its CPE product names, either with the maker's name in front),
// case, punctuation and spaces ignored. closest_vendors and
// closest_os_families name the known spellings nearest to one that did not
// resolve, for a "did you mean" that never resolves it silently.
// model_key folds one of a vendor's model names to the form every spelling
// of that model shares: letters and digits only, lowercase, with a product
// line's other spellings (order codes, abbreviations) replaced by the
// line's name where a digit follows them ("FGT_60F", "FG-60F" and
// "FortiGate 60F" all give "fortigate60f"). With keep_wildcards, '*' and
// '?' stay, so that a glob can be folded the same way.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/datasets.hpp"
#include "riskdb/version_scheme.hpp"
#include "scanner/vendor_file.hpp"
#include "scanner/vendor_name_key.hpp"

namespace kensa::riskdb {

struct VendorRecord {
  std::string name;
  std::vector<std::string> aliases;
  std::vector<std::string> cpe_names;
  std::optional<std::string> parent;
  std::string relation = "subsidiary";  // or "brand"; meaningful with a parent
  std::vector<scanner::ModelLine> model_lines{};
};

struct CpeProduct {
  std::string product;
  std::optional<std::string> version_pattern;   // RE2: applies only to matching versions
  std::optional<std::string> version_excludes;  // RE2: never to matching versions
};

struct OsFamilyRecord {
  std::string name;
  std::optional<std::string> vendor;
  std::optional<std::string> cpe_vendor;
  std::vector<CpeProduct> products;
  VersionScheme scheme = VersionScheme::generic;
  std::vector<std::string> model_patterns;  // RE2, case-insensitive
  std::optional<std::string> eol_product;   // endoflife.date's name for it
  std::vector<std::string> aliases;         // other spellings people write ("IOS XE", "Junos OS")
};

void replace_catalogue(Database& database, const std::vector<VendorRecord>& vendors,
                       const std::vector<OsFamilyRecord>& families, Dataset provenance);

// The same folding of a vendor's spelling as identification's.
using scanner::vendor_name_key;

class VendorCatalogue {
 public:
  [[nodiscard]] static VendorCatalogue load(const Database& database);

  [[nodiscard]] std::optional<std::string> canonical(std::string_view spelling) const;
  [[nodiscard]] std::vector<std::string> owners(const std::string& canonical_name) const;
  [[nodiscard]] std::optional<std::string> relation(const std::string& canonical_name) const;
  [[nodiscard]] std::vector<std::string> cpe_vendors(const std::string& canonical_name) const;
  [[nodiscard]] const OsFamilyRecord* os_family(std::string_view name) const;
  [[nodiscard]] const OsFamilyRecord* os_family_for_eol_product(std::string_view product) const;
  [[nodiscard]] std::vector<const OsFamilyRecord*> os_families_of(
      const std::string& canonical_name) const;
  [[nodiscard]] const std::vector<OsFamilyRecord>& families() const { return families_; }
  [[nodiscard]] std::vector<std::string> closest_vendors(std::string_view spelling) const;
  [[nodiscard]] std::vector<std::string> closest_os_families(std::string_view spelling) const;
  [[nodiscard]] std::string model_key(const std::string& canonical_vendor, std::string_view model,
                                      bool keep_wildcards = false) const;

 private:
  std::map<std::string, VendorRecord, std::less<>> vendors_;  // by canonical name
  std::map<std::string, std::string, std::less<>> names_;     // key -> canonical name
  // canonical vendor -> (folded spelling, folded line), longest spelling first
  std::map<std::string, std::vector<std::pair<std::string, std::string>>, std::less<>>
      model_spellings_;
  std::vector<OsFamilyRecord> families_;
};

}  // namespace kensa::riskdb
