#include "scanner/enterprise_registry.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "scanner/legal_forms.hpp"

namespace kensa::scanner {

namespace {
std::vector<std::string> folded_words(std::string_view text);
std::vector<std::string> name_word_texts(std::string_view text);
}  // namespace

EnterpriseRegistry EnterpriseRegistry::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the enterprise number registry " + file.string());
  EnterpriseRegistry registry;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::uint32_t number = 0;
    const auto [end, error] = std::from_chars(line.data(), line.data() + tab, number);
    if (error != std::errc{} || end != line.data() + tab) continue;
    std::string name = line.substr(tab + 1);
    // Some entries carry a remark after another tab: "\t# formerly '...'".
    if (const auto remark = name.find('\t'); remark != std::string::npos) name.resize(remark);
    while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.pop_back();
    registry.names_[number] = std::move(name);
  }
  return registry;
}

EnterpriseRegistry EnterpriseRegistry::from_names(
    std::unordered_map<std::uint32_t, std::string> names) {
  EnterpriseRegistry registry;
  registry.names_ = std::move(names);
  return registry;
}

const EnterpriseRegistry::Indexes& EnterpriseRegistry::indexes() const {
  std::call_once(*indexed_, [this] {
    std::vector<RegisteredWords> registered;
    registered.reserve(names_.size());
    for (const auto& [number, name] : names_)
      registered.push_back(RegisteredWords{number, folded_words(name), name_word_texts(name)});
    index_first_words(registered, *indexes_);
    index_whole_names(registered, *indexes_);
  });
  return *indexes_;
}

namespace {

struct FoldedWord {
  std::string folded;
  std::size_t end = 0;  // in the text
};

// Words of letters and digits, folded; a hyphen joins ("D-Link": dlink).
std::vector<FoldedWord> words_of(std::string_view text) {
  std::vector<FoldedWord> words;
  words.reserve(8);
  FoldedWord word;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const auto c = static_cast<unsigned char>(i < text.size() ? text[i] : ' ');
    if (std::isalnum(c) || (c == '-' && !word.folded.empty())) {
      if (c != '-') word.folded.push_back(static_cast<char>(std::tolower(c)));
      word.end = i + 1;
    } else if (!word.folded.empty()) {
      words.push_back(std::move(word));
      word = FoldedWord{};
    }
  }
  return words;
}

std::vector<std::string> folded_words(std::string_view text) {
  std::vector<std::string> words;
  for (FoldedWord& word : words_of(text)) words.push_back(std::move(word.folded));
  return words;
}

// The words that make a name: a run of letters standing alone is one word
// ("A.T.I." is ati, "S.A." sa), and legal forms are left out.
std::vector<FoldedWord> name_words(std::string_view text) {
  std::vector<FoldedWord> words;
  bool joining = false;
  for (FoldedWord& word : words_of(text)) {
    const bool single = word.folded.size() == 1;
    if (single && joining) {
      words.back().folded += word.folded;
      words.back().end = word.end;
      continue;
    }
    joining = single;
    words.push_back(std::move(word));
  }
  std::erase_if(words, [](const FoldedWord& word) { return is_legal_form(word.folded); });
  return words;
}

std::vector<std::string> name_word_texts(std::string_view text) {
  std::vector<std::string> words;
  for (FoldedWord& word : name_words(text)) words.push_back(std::move(word.folded));
  return words;
}

constexpr std::size_t longest_name_in_words = 5;

}  // namespace

void EnterpriseRegistry::index_first_words(const std::vector<RegisteredWords>& registered,
                                           Indexes& indexes) {
  std::unordered_map<std::string_view, std::size_t> uses;  // in how many names a word stands
  uses.reserve(registered.size() * 2);
  std::vector<std::string_view> distinct;
  for (const auto& entry : registered) {
    distinct.assign(entry.all.begin(), entry.all.end());
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (const auto word : distinct) ++uses[word];
  }
  for (const auto& entry : registered) {
    if (entry.all.empty()) continue;
    const std::string& word = entry.all.front();
    if (word.size() < 4 || uses[word] != 1) continue;
    if (!std::any_of(word.begin(), word.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
      continue;
    indexes.first_words.emplace(word, entry.number);
  }
}

std::optional<std::uint32_t> EnterpriseRegistry::distinctive_name(std::string_view word) const {
  const auto words = folded_words(word);
  if (words.size() != 1) return std::nullopt;
  const auto& first_words = indexes().first_words;
  const auto found = first_words.find(words.front());
  if (found == first_words.end()) return std::nullopt;
  return found->second;
}

void EnterpriseRegistry::index_whole_names(const std::vector<RegisteredWords>& registered,
                                           Indexes& indexes) {
  // A maker's own word starts its names and seldom stands inside others'
  // ("Xerox", "Teldat"); a common one ("Network", "Wireless", "Alpha") is
  // found inside many.
  std::unordered_map<std::string_view, std::size_t> first_uses, inner_uses;
  first_uses.reserve(registered.size());
  inner_uses.reserve(registered.size() * 2);
  std::vector<std::string_view> inner;
  for (const auto& entry : registered) {
    if (entry.name.empty()) continue;
    ++first_uses[entry.name.front()];
    inner.assign(entry.name.begin() + 1, entry.name.end());
    std::sort(inner.begin(), inner.end());
    inner.erase(std::unique(inner.begin(), inner.end()), inner.end());
    for (const auto word : inner) ++inner_uses[word];
  }
  const auto makers_word = [&](std::string_view word) {
    const auto inner_found = inner_uses.find(word);
    const std::size_t inner_count = inner_found == inner_uses.end() ? 0 : inner_found->second;
    const auto first_found = first_uses.find(word);
    const std::size_t first_count = first_found == first_uses.end() ? 0 : first_found->second;
    return word.size() >= 3 && inner_count <= 3 && inner_count < first_count;
  };
  for (const auto& entry : registered) {
    const auto& words = entry.name;
    if (words.empty() || words.size() > longest_name_in_words) continue;
    std::string key;
    for (const auto& word : words) {
      if (!key.empty()) key += ' ';
      key += word;
    }
    // One word names a maker only if it is a maker's own word; two only if
    // one of them is; three or more are distinctive together.
    if (words.size() == 1 && (key.size() < 5 || !makers_word(key))) continue;
    if (words.size() == 2 && !makers_word(words[0]) && !makers_word(words[1])) continue;
    const auto [at, added] = indexes.whole_names.emplace(std::move(key), entry.number);
    if (!added) at->second = std::min(at->second, entry.number);
  }
}

std::optional<EnterpriseRegistry::NameInText> EnterpriseRegistry::named_in(
    std::string_view text) const {
  const auto& whole_names = indexes().whole_names;
  const auto words = name_words(text.substr(0, std::min<std::size_t>(text.size(), 1024)));
  for (std::size_t first = 0; first < words.size(); ++first)
    for (std::size_t length = std::min(longest_name_in_words, words.size() - first);
         length >= (first == 0 ? 1 : 2); --length) {
      std::string key;
      for (std::size_t i = first; i < first + length; ++i)
        key += (key.empty() ? "" : " ") + words[i].folded;
      if (const auto found = whole_names.find(key); found != whole_names.end())
        return NameInText{found->second, words[first + length - 1].end};
    }
  return std::nullopt;
}

std::optional<std::string> EnterpriseRegistry::organisation(std::uint32_t number) const {
  const auto found = names_.find(number);
  if (found == names_.end()) return std::nullopt;
  return found->second;
}

}  // namespace kensa::scanner
