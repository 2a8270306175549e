#pragma once
// IEEE MAC address block registries (MA-L, MA-M, MA-S and IAB, as CSV in
// Debian's ieee-data package): which organisation a MAC address belongs to.
//
// Contract: load reads every registry file that exists in the directory and
// skips rows it cannot parse; it throws std::runtime_error naming a file that
// exists but cannot be read. organisation() returns the most specific block
// (36, 28, then 24 bits) that contains the address.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kensa::scanner {

class OuiRegistry {
 public:
  static inline const std::filesystem::path debian_directory = "/usr/share/ieee-data";

  static OuiRegistry load(const std::filesystem::path& directory);
  // Blocks given directly: prefix length in bits (24, 28 or 36), the
  // prefix as hex digits, the organisation. Blocks of another length or
  // with a malformed prefix are skipped.
  struct Block {
    unsigned bits = 24;
    std::string prefix;
    std::string organisation;
  };
  static OuiRegistry from_blocks(const std::vector<Block>& blocks);
  // `mac` as six octets, or as text in any of the usual notations.
  [[nodiscard]] std::optional<std::string> organisation(std::string_view mac) const;

 private:
  // Key: prefix length in bits (24, 28, 36) << 40 | the prefix's value.
  std::unordered_map<std::uint64_t, std::string> blocks_;
};

}  // namespace kensa::scanner
