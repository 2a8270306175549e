#include "scanner/enterprise_registry.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <span>
#include <stdexcept>
#include <vector>

#include "scanner/legal_forms.hpp"

namespace kensa::scanner {

namespace {

// A word of a text, folded (letters and digits, lower case; a hyphen joins:
// "D-Link" is dlink), as a slice of the string the words were folded into.
struct Word {
  std::size_t begin = 0;  // in the folded string
  std::size_t length = 0;
  std::size_t end = 0;  // where the word ends in the text
};

// Appends the folded words of `text` to `folded`, one after another with no
// separator, and their slices to `words`.
void fold_words(std::string_view text, std::string& folded, std::vector<Word>& words) {
  Word word{folded.size(), 0, 0};
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const auto c = static_cast<unsigned char>(i < text.size() ? text[i] : ' ');
    if (std::isalnum(c) || (c == '-' && word.length > 0)) {
      if (c != '-') {
        folded.push_back(static_cast<char>(std::tolower(c)));
        ++word.length;
      }
      word.end = i + 1;
    } else if (word.length > 0) {
      words.push_back(word);
      word = Word{folded.size(), 0, 0};
    }
  }
}

// The words that make a name, from its folded words: a run of letters
// standing alone is one word ("A.T.I." is ati, "S.A." sa; adjacent in the
// folded string, so still one slice), and legal forms are left out.
void name_words(const std::string& folded, std::span<const Word> words, std::vector<Word>& out) {
  const std::size_t first = out.size();
  bool joining = false;
  for (const Word& word : words) {
    const bool single = word.length == 1;
    if (single && joining) {
      out.back().length += 1;
      out.back().end = word.end;
      continue;
    }
    joining = single;
    out.push_back(word);
  }
  const auto view = [&](const Word& word) {
    return std::string_view(folded).substr(word.begin, word.length);
  };
  out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                           [&](const Word& word) { return is_legal_form(view(word)); }),
            out.end());
}

constexpr std::size_t longest_name_in_words = 5;

// Every registered name cut into words once: all its folded words, and the
// words that make the name (see named_in); each distinct word has a number
// (`ids`), so counting uses is indexing, not hashing.
struct RegisteredWords {
  std::string folded;
  std::vector<Word> all;
  std::vector<Word> name;
  std::vector<std::uint32_t> all_ids, name_ids;  // beside `all` and `name`
  std::size_t distinct = 0;
  struct Entry {
    std::uint32_t number = 0;
    std::size_t all_first = 0, all_count = 0;
    std::size_t name_first = 0, name_count = 0;
  };
  std::vector<Entry> entries;

  [[nodiscard]] std::string_view text(const Word& word) const {
    return std::string_view(folded).substr(word.begin, word.length);
  }
  [[nodiscard]] std::span<const Word> name_of(const Entry& entry) const {
    return std::span<const Word>(name).subspan(entry.name_first, entry.name_count);
  }
  [[nodiscard]] std::span<const std::uint32_t> all_ids_of(const Entry& entry) const {
    return std::span<const std::uint32_t>(all_ids).subspan(entry.all_first, entry.all_count);
  }
  [[nodiscard]] std::span<const std::uint32_t> name_ids_of(const Entry& entry) const {
    return std::span<const std::uint32_t>(name_ids).subspan(entry.name_first, entry.name_count);
  }
};

RegisteredWords cut_into_words(const std::unordered_map<std::uint32_t, std::string>& names) {
  RegisteredWords registered;
  registered.entries.reserve(names.size());
  for (const auto& [number, name] : names) {
    RegisteredWords::Entry entry{number, registered.all.size(), 0, registered.name.size(), 0};
    fold_words(name, registered.folded, registered.all);
    entry.all_count = registered.all.size() - entry.all_first;
    name_words(registered.folded, std::span<const Word>(registered.all).subspan(entry.all_first),
               registered.name);
    entry.name_count = registered.name.size() - entry.name_first;
    registered.entries.push_back(entry);
  }
  // Numbered once `folded` no longer grows, so the views stay valid.
  std::unordered_map<std::string_view, std::uint32_t> ids;
  ids.reserve(registered.all.size());
  const auto number_words = [&](const std::vector<Word>& words, std::vector<std::uint32_t>& out) {
    out.reserve(words.size());
    for (const Word& word : words)
      out.push_back(ids.try_emplace(registered.text(word), static_cast<std::uint32_t>(ids.size()))
                        .first->second);
  };
  number_words(registered.all, registered.all_ids);
  number_words(registered.name, registered.name_ids);
  registered.distinct = ids.size();
  return registered;
}

// counts[id] += 1 for each distinct id of `words`.
void count_once_each(std::span<const std::uint32_t> words, std::vector<std::uint32_t>& counts,
                     std::vector<std::uint32_t>& scratch) {
  scratch.assign(words.begin(), words.end());
  std::sort(scratch.begin(), scratch.end());
  scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
  for (const auto id : scratch) ++counts[id];
}

// A distinctive first word: four letters or more, in no other name at all.
void index_first_words(const RegisteredWords& registered, auto& index) {
  std::vector<std::uint32_t> uses(registered.distinct), scratch;  // names a word stands in
  for (const auto& entry : registered.entries)
    count_once_each(registered.all_ids_of(entry), uses, scratch);
  for (const auto& entry : registered.entries) {
    if (entry.all_count == 0) continue;
    const std::string_view word = registered.text(registered.all[entry.all_first]);
    if (word.size() < 4 || uses[registered.all_ids[entry.all_first]] != 1) continue;
    if (!std::any_of(word.begin(), word.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
      continue;
    index.add(word, entry.number);
  }
  index.seal();
}

void index_whole_names(const RegisteredWords& registered, auto& index) {
  // A maker's own word starts its names and seldom stands inside others'
  // ("Xerox", "Teldat"); a common one ("Network", "Wireless", "Alpha") is
  // found inside many.
  std::vector<std::uint32_t> first_uses(registered.distinct), inner_uses(registered.distinct);
  std::vector<std::uint32_t> scratch;
  for (const auto& entry : registered.entries) {
    const auto ids = registered.name_ids_of(entry);
    if (ids.empty()) continue;
    ++first_uses[ids.front()];
    count_once_each(ids.subspan(1), inner_uses, scratch);
  }
  const auto makers_word = [&](std::uint32_t id, std::size_t length) {
    return length >= 3 && inner_uses[id] <= 3 && inner_uses[id] < first_uses[id];
  };
  std::string key;
  for (const auto& entry : registered.entries) {
    const auto words = registered.name_of(entry);
    const auto ids = registered.name_ids_of(entry);
    if (words.empty() || words.size() > longest_name_in_words) continue;
    key.clear();
    for (const Word& word : words) {
      if (!key.empty()) key += ' ';
      key += registered.text(word);
    }
    // One word names a maker only if it is a maker's own word; two only if
    // one of them is; three or more are distinctive together.
    if (words.size() == 1 && (key.size() < 5 || !makers_word(ids[0], words[0].length))) continue;
    if (words.size() == 2 && !makers_word(ids[0], words[0].length) &&
        !makers_word(ids[1], words[1].length))
      continue;
    index.add(key, entry.number);
  }
  index.seal();
}

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

void EnterpriseRegistry::Index::add(std::string_view key, std::uint32_t number) {
  entries.push_back(Entry{static_cast<std::uint32_t>(keys.size()),
                          static_cast<std::uint32_t>(key.size()), number});
  keys += key;
}

std::string_view EnterpriseRegistry::Index::key_of(const Entry& entry) const {
  return std::string_view(keys).substr(entry.offset, entry.length);
}

void EnterpriseRegistry::Index::seal() {
  by_key.reserve(entries.size());
  for (const Entry& entry : entries) {
    const auto [at, added] = by_key.try_emplace(key_of(entry), entry.number);
    if (!added) at->second = std::min(at->second, entry.number);
  }
  entries = {};
}

std::optional<std::uint32_t> EnterpriseRegistry::Index::find(std::string_view key) const {
  const auto found = by_key.find(key);
  if (found == by_key.end()) return std::nullopt;
  return found->second;
}

const EnterpriseRegistry::Indexes& EnterpriseRegistry::indexes() const {
  std::call_once(*indexed_, [this] {
    const RegisteredWords registered = cut_into_words(names_);
    index_first_words(registered, indexes_->first_words);
    index_whole_names(registered, indexes_->whole_names);
  });
  return *indexes_;
}

std::optional<std::uint32_t> EnterpriseRegistry::distinctive_name(std::string_view word) const {
  std::string folded;
  std::vector<Word> words;
  fold_words(word, folded, words);
  if (words.size() != 1) return std::nullopt;
  return indexes().first_words.find(folded);
}

std::optional<EnterpriseRegistry::NameInText> EnterpriseRegistry::named_in(
    std::string_view text) const {
  const auto& whole_names = indexes().whole_names;
  std::string folded;
  std::vector<Word> all, words;
  fold_words(text.substr(0, std::min<std::size_t>(text.size(), 1024)), folded, all);
  name_words(folded, all, words);
  const auto view = [&](const Word& word) {
    return std::string_view(folded).substr(word.begin, word.length);
  };
  std::string key;
  for (std::size_t first = 0; first < words.size(); ++first)
    for (std::size_t length = std::min(longest_name_in_words, words.size() - first);
         length >= (first == 0 ? 1 : 2); --length) {
      key.clear();
      for (std::size_t i = first; i < first + length; ++i) {
        if (!key.empty()) key += ' ';
        key += view(words[i]);
      }
      if (const auto found = whole_names.find(key))
        return NameInText{*found, words[first + length - 1].end};
    }
  return std::nullopt;
}

std::optional<std::string> EnterpriseRegistry::organisation(std::uint32_t number) const {
  const auto found = names_.find(number);
  if (found == names_.end()) return std::nullopt;
  return found->second;
}

}  // namespace kensa::scanner
