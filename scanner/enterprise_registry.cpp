#include "scanner/enterprise_registry.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace kensa::scanner {

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
  registry.index_first_words();
  return registry;
}

namespace {

std::vector<std::string> folded_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const auto c = static_cast<unsigned char>(i < text.size() ? text[i] : ' ');
    if (std::isalnum(c) || c == '-') {
      if (c != '-') word.push_back(static_cast<char>(std::tolower(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  return words;
}

}  // namespace

void EnterpriseRegistry::index_first_words() {
  std::unordered_map<std::string, std::size_t> uses;  // in how many names a word stands
  for (const auto& [number, name] : names_) {
    auto words = folded_words(name);
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    for (const auto& word : words) ++uses[word];
  }
  for (const auto& [number, name] : names_) {
    const auto words = folded_words(name);
    if (words.empty() || words.front().size() < 4 || uses[words.front()] != 1) continue;
    if (!std::any_of(words.front().begin(), words.front().end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
      continue;
    first_words_.emplace(words.front(), number);
  }
}

std::optional<std::uint32_t> EnterpriseRegistry::distinctive_name(std::string_view word) const {
  const auto words = folded_words(word);
  if (words.size() != 1) return std::nullopt;
  const auto found = first_words_.find(words.front());
  if (found == first_words_.end()) return std::nullopt;
  return found->second;
}

std::optional<std::string> EnterpriseRegistry::organisation(std::uint32_t number) const {
  const auto found = names_.find(number);
  if (found == names_.end()) return std::nullopt;
  return found->second;
}

}  // namespace kensa::scanner
