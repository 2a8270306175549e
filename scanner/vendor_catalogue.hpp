#pragma once
// Identification's vendor catalogue (vendors.json): canonical makers, their
// aliases, product lines, model families and enterprise numbers, and which
// enterprise numbers are software stacks that name no maker.
//
// Contract: see each member. Names are matched by vendor_name_key, as
// judging matches them.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scanner/vendor_file.hpp"

namespace kensa::scanner {

class VendorCatalogue {
 public:
  void add(VendorEntry entry);
  void mark_software_stack(std::uint32_t enterprise) { software_stacks_.push_back(enterprise); }
  [[nodiscard]] const VendorEntry* by_enterprise(std::uint32_t enterprise) const;
  // The canonical vendor a free-text name (IANA organisation, ENTITY-MIB
  // manufacturer, OUI organisation) stands for, matched on the catalogue's
  // names and aliases ignoring case and punctuation.
  [[nodiscard]] const VendorEntry* by_name(std::string_view text) const;
  // The first catalogue vendor a free text (a sysDescr) names on word
  // boundaries, by any of its names of three letters or more (two when the
  // text writes it in capitals: HP); the longest name at the earliest word
  // wins. `name_end`, when given, receives the offset just past the name.
  [[nodiscard]] const VendorEntry* named_in(std::string_view text,
                                            std::size_t* name_end = nullptr) const;
  // The maker of a word shaped like one of its model families, if exactly
  // one catalogue vendor claims that shape.
  [[nodiscard]] const VendorEntry* model_family_of(std::string_view word) const;
  [[nodiscard]] bool is_software_stack(std::uint32_t enterprise) const;
  [[nodiscard]] const std::vector<VendorEntry>& entries() const { return entries_; }

 private:
  std::vector<VendorEntry> entries_;
  std::map<std::string, std::size_t, std::less<>> index_;         // normalised spelling -> entry
  std::unordered_map<std::uint32_t, std::size_t> by_enterprise_;  // the first entry to claim it
  struct ModelFamily;
  std::vector<std::shared_ptr<const ModelFamily>> model_families_;
  std::vector<std::uint32_t> software_stacks_;
};

}  // namespace kensa::scanner
