#pragma once
// The generic grammar of a system description (sysDescr, LLDP's
// lldpRemSysDesc), for devices no rule knows: the maker named in the text,
// the model in its usual place, the version after its usual keywords.
//
// Contract: read_description never guesses. The vendor is a catalogue
// vendor named on word boundaries (VendorCatalogue::named_in), else the
// organisation of the IANA registry whose distinctive first word is the
// text's first word (EnterpriseRegistry::distinctive_name), else one whose
// whole name the text holds (EnterpriseRegistry::named_in), in the
// catalogue's name when it has one. The model is
// the first model-shaped word (letters and digits, optionally joined by
// '-', '/', '+' or '_'; not a version, an architecture or a size) within
// the three words after the vendor's name, before any "Software",
// "Version", "Firmware" or punctuation that ends a name; without a vendor
// in the text there is no model. The firmware is the version-shaped word
// right after a keyword (Version, Ver, V, SW, Software, Firmware, FW, Rel,
// Release, Build, Revision, Rev), or a word V1.2.3, the earliest in the
// text; it starts with a digit and holds one. Each value comes with the
// text it was read from, for the evidence.

#include <optional>
#include <string>
#include <string_view>

namespace kensa::scanner {

class VendorCatalogue;
class EnterpriseRegistry;

struct DescriptionReading {
  std::optional<std::string> vendor, model, firmware;
};

[[nodiscard]] DescriptionReading read_description(std::string_view text,
                                                  const VendorCatalogue& catalogue,
                                                  const EnterpriseRegistry* registry = nullptr);

}  // namespace kensa::scanner
