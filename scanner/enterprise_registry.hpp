#pragma once
// IANA Private Enterprise Numbers: the number in sysObjectID and in SNMPv3
// engine ids, mapped to the organisation that registered it.
//
// Contract: load reads the tab-separated copy Debian's libwireshark-data
// ships (number TAB name; '#' comments) and throws std::runtime_error naming
// the file if it cannot be read. Lines it cannot parse are skipped.
// distinctive_name returns the number of the organisation whose name begins with `word`
// when that word is distinctive: four letters or more, not a legal form,
// and in no other organisation's name at all (so "Digital", "Network" or
// "Expert" never name a maker).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kensa::scanner {

class EnterpriseRegistry {
 public:
  static inline const std::filesystem::path debian_path = "/usr/share/wireshark/enterprises.tsv";

  static EnterpriseRegistry load(const std::filesystem::path& file);
  [[nodiscard]] std::optional<std::string> organisation(std::uint32_t number) const;
  [[nodiscard]] std::optional<std::uint32_t> distinctive_name(std::string_view word) const;

 private:
  void index_first_words();
  std::unordered_map<std::uint32_t, std::string> names_;
  std::unordered_map<std::string, std::uint32_t> first_words_;  // folded word -> number
};

}  // namespace kensa::scanner
