#include "scanner/vendor_catalogue.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include "scanner/legal_forms.hpp"
#include "scanner/vendor_name_key.hpp"

namespace kensa::scanner {

struct VendorCatalogue::ModelFamily {
  std::unique_ptr<RE2> shape;
  std::size_t entry = 0;
};

void VendorCatalogue::add(VendorEntry entry) {
  // The first entry to claim a spelling keeps it, as the catalogue's order says.
  const std::size_t position = entries_.size();
  index_.emplace(vendor_name_key(entry.name), position);
  for (const std::string& alias : entry.aliases) index_.emplace(vendor_name_key(alias), position);
  for (const std::string& line : entry.product_lines)
    index_.emplace(vendor_name_key(line), position);
  for (const std::uint32_t number : entry.enterprises) by_enterprise_.emplace(number, position);
  for (const std::string& pattern : entry.model_families) {
    auto family = std::make_shared<ModelFamily>();
    family->shape = std::make_unique<RE2>(pattern, RE2::Quiet);
    if (!family->shape->ok())
      throw std::runtime_error("vendor " + entry.name + ": model family \"" + pattern +
                               "\" is no regular expression: " + family->shape->error());
    family->entry = position;
    model_families_.push_back(std::move(family));
  }
  entries_.push_back(std::move(entry));
}

const VendorEntry* VendorCatalogue::model_family_of(std::string_view word) const {
  const VendorEntry* maker = nullptr;
  for (const auto& family : model_families_)
    if (RE2::FullMatch(re2::StringPiece(word.data(), word.size()), *family->shape)) {
      if (maker != nullptr && maker != &entries_[family->entry]) return nullptr;  // two claim it
      maker = &entries_[family->entry];
    }
  return maker;
}

const VendorEntry* VendorCatalogue::by_enterprise(std::uint32_t enterprise) const {
  const auto found = by_enterprise_.find(enterprise);
  return found == by_enterprise_.end() ? nullptr : &entries_[found->second];
}

const VendorEntry* VendorCatalogue::by_name(std::string_view text) const {
  const auto exact = [&](const std::string& wanted) -> const VendorEntry* {
    if (wanted.empty()) return nullptr;
    const auto found = index_.find(wanted);
    return found == index_.end() ? nullptr : &entries_[found->second];
  };
  if (const auto* entry = exact(vendor_name_key(text))) return entry;
  // Registries write legal names: "Hangzhou Hikvision Digital Technology
  // Co.,Ltd.", "Cisco Systems, Inc". Without the legal form, and then
  // without leading words (a city, a holding's name), the rest may be a
  // name the catalogue knows.
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  while (!words.empty() && is_legal_form(words.back())) words.pop_back();
  for (std::size_t first = 0; first < words.size(); ++first) {
    std::string rest;
    for (std::size_t i = first; i < words.size(); ++i) rest += words[i];
    if (first > 0 && rest.size() < 6) break;  // too short to name a maker alone
    if (const auto* entry = exact(rest)) return entry;
  }
  return nullptr;
}

const VendorEntry* VendorCatalogue::named_in(std::string_view text, std::size_t* name_end) const {
  struct Word {
    std::string folded;
    bool capitals = true;
    std::size_t end = 0;
  };
  std::vector<Word> words;
  Word word;
  for (std::size_t i = 0; i <= text.size() && words.size() < 64; ++i) {
    const auto c = static_cast<unsigned char>(i < text.size() ? text[i] : ' ');
    if (std::isalnum(c)) {
      word.folded.push_back(static_cast<char>(std::tolower(c)));
      word.capitals = word.capitals && !std::islower(c);
      word.end = i + 1;
    } else if (!word.folded.empty()) {
      words.push_back(std::move(word));
      word = Word{};
    }
  }
  for (std::size_t first = 0; first < words.size(); ++first)
    for (std::size_t length = std::min<std::size_t>(4, words.size() - first); length > 0;
         --length) {
      std::string key;
      for (std::size_t i = first; i < first + length; ++i) key += words[i].folded;
      // "HP" alone only in capitals; shorter names are too easily part of something else.
      if (key.size() < 2 || (key.size() == 2 && (length > 1 || !words[first].capitals))) continue;
      if (const auto found = index_.find(key); found != index_.end()) {
        if (name_end != nullptr) *name_end = words[first + length - 1].end;
        return &entries_[found->second];
      }
    }
  return nullptr;
}

bool VendorCatalogue::is_software_stack(std::uint32_t enterprise) const {
  return std::find(software_stacks_.begin(), software_stacks_.end(), enterprise) !=
         software_stacks_.end();
}

}  // namespace kensa::scanner
