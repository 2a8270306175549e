#pragma once
// vendors.json, the one vendor catalogue identification and judging share:
// each maker with the spellings it appears under, its product lines and
// model families (identification), its CPE vendor names and owner
// (judging), and the enterprise numbers that are software stacks naming no
// maker.
//
// Contract: parse_vendor_file reads the whole file or throws
// std::runtime_error naming the file and the JSON path of the first value
// that is missing or of the wrong type. Both readers of the catalogue take
// its records from here, so a field means the same to both.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kensa::scanner {

// A product line and the other spellings its model names start with:
// order codes and abbreviations ("FortiGate": "FGT", "FG"; "Catalyst":
// "WS-C", "C"), so that "FGT_60F", "FG-60F" and "FortiGate 60F" are one model.
struct ModelLine {
  std::string line;
  std::vector<std::string> spellings;
};

struct VendorEntry {
  std::string name;
  std::vector<std::string> aliases;
  // Product lines and operating systems whose name names the maker
  // ("RouterOS", "Comware"): matched in free text like the aliases.
  std::vector<std::string> product_lines;
  // RE2 patterns a whole word must match to be a model name only this
  // maker uses ("RTX[0-9]{3,4}").
  std::vector<std::string> model_families;
  std::vector<ModelLine> model_lines;
  std::vector<std::uint32_t> enterprises;
  // The vendor names NVD's CPE dictionary uses for this maker.
  std::vector<std::string> cpe_names;
  std::optional<std::string> parent;
  std::string relation = "subsidiary";  // or "brand"; meaningful with a parent
};

struct VendorFile {
  std::string format;
  std::vector<std::uint32_t> software_stacks;
  std::vector<VendorEntry> vendors;
};

[[nodiscard]] VendorFile parse_vendor_file(const std::filesystem::path& file,
                                           std::string_view text);

}  // namespace kensa::scanner
