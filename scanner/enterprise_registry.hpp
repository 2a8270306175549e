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
// named_in finds an organisation's whole name in a text, on word
// boundaries, with legal forms left out on both sides ("Silver Peak
// Systems, Inc." in "Silver Peak Systems, Inc. ECS"): a name of three words
// or more anywhere, of two words anywhere if one of them is a maker's own
// word (one that starts names and seldom stands inside other names), of one
// such word (five letters or more) only as the text's first word. The earliest name wins, then the
// longest; organisations registered under one name more than once are one maker (the lowest
// number). `end` is where the name ends in the text.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kensa::scanner {

class EnterpriseRegistry {
 public:
  static inline const std::filesystem::path debian_path = "/usr/share/wireshark/enterprises.tsv";

  static EnterpriseRegistry load(const std::filesystem::path& file);
  // Organisations given directly, by number.
  static EnterpriseRegistry from_names(std::unordered_map<std::uint32_t, std::string> names);
  [[nodiscard]] std::optional<std::string> organisation(std::uint32_t number) const;
  [[nodiscard]] std::optional<std::uint32_t> distinctive_name(std::string_view word) const;
  struct NameInText {
    std::uint32_t number = 0;
    std::size_t end = 0;
  };
  [[nodiscard]] std::optional<NameInText> named_in(std::string_view text) const;

 private:
  // Keys in one text, looked up through views of it: a registry of 62,000
  // names indexes in a few tens of milliseconds. `add` while building,
  // then `seal` once; `keys` does not change after.
  struct Index {
    struct Entry {
      std::uint32_t offset = 0;
      std::uint32_t length = 0;
      std::uint32_t number = 0;
    };
    std::string keys;
    std::vector<Entry> entries;  // until sealed
    std::unordered_map<std::string_view, std::uint32_t> by_key;
    void add(std::string_view key, std::uint32_t number);
    // Of entries with one key, the lowest number stays.
    void seal();
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view key) const;
    [[nodiscard]] std::string_view key_of(const Entry& entry) const;
  };
  struct Indexes {
    Index first_words;  // folded word -> number
    Index whole_names;  // "silver peak systems" -> number
  };
  // Built at the first search, not at load: most devices are named by their
  // sysObjectID and never need them. Copies share them.
  [[nodiscard]] const Indexes& indexes() const;

  std::unordered_map<std::uint32_t, std::string> names_;
  std::shared_ptr<std::once_flag> indexed_ = std::make_shared<std::once_flag>();
  std::shared_ptr<Indexes> indexes_ = std::make_shared<Indexes>();
};

}  // namespace kensa::scanner
