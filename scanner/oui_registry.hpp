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

namespace kensa::scanner {

class OuiRegistry {
 public:
  static inline const std::filesystem::path debian_directory = "/usr/share/ieee-data";

  static OuiRegistry load(const std::filesystem::path& directory);
  // `mac` as six octets, or as text in any of the usual notations.
  [[nodiscard]] std::optional<std::string> organisation(std::string_view mac) const;

 private:
  // Key: prefix length in bits (24, 28, 36) << 40 | the prefix's value.
  std::unordered_map<std::uint64_t, std::string> blocks_;
};

}  // namespace kensa::scanner
