#pragma once
// IANA Private Enterprise Numbers: the number in sysObjectID and in SNMPv3
// engine ids, mapped to the organisation that registered it.
//
// Contract: load reads the tab-separated copy Debian's libwireshark-data
// ships (number TAB name; '#' comments) and throws std::runtime_error naming
// the file if it cannot be read. Lines it cannot parse are skipped.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

namespace kensa::scanner {

class EnterpriseRegistry {
 public:
  static inline const std::filesystem::path debian_path = "/usr/share/wireshark/enterprises.tsv";

  static EnterpriseRegistry load(const std::filesystem::path& file);
  [[nodiscard]] std::optional<std::string> organisation(std::uint32_t number) const;

 private:
  std::unordered_map<std::uint32_t, std::string> names_;
};

}  // namespace kensa::scanner
