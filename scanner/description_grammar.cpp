#include "scanner/description_grammar.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "scanner/enterprise_registry.hpp"
#include "scanner/identification.hpp"
#include "scanner/legal_forms.hpp"

namespace kensa::scanner {
namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Words that end the place where a model stands.
bool ends_a_name(const std::string& word) {
  static constexpr std::array<std::string_view, 12> words{
      "software", "version", "firmware", "release",  "running", "with",
      "build",    "kernel",  "rev",      "revision", "ver",     "sw"};
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool model_shaped(const std::string& word) {
  static const RE2 shape(R"([A-Za-z0-9]+(?:[-/+_][A-Za-z0-9]+)*)");
  static const RE2 not_a_model(
      R"((?i)v[0-9]+r[0-9]+.*|v?[0-9]+(?:\.[0-9]+)+[a-z]?|(?:19|20)[0-9]{2}|x86(?:_64)?|i[3-6]86|amd64|arm(?:v[0-9]+[a-z]*|64)?|aarch64|mips(?:el)?|ppc(?:64)?|[0-9]+(?:k|m|g|t)?b(?:ps)?|[0-9]+(?:mhz|ghz|port|ports)|ipv[46]|snmpv[123]c?|802\.[0-9a-z.]+)");
  if (word.size() < 3 || word.size() > 40 || !RE2::FullMatch(word, shape) ||
      RE2::FullMatch(word, not_a_model))
    return false;
  return std::any_of(word.begin(), word.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// The next space-separated word of `text` from `at`, without the
// punctuation around it (which may leave it empty); `closes` says whether
// it ended in punctuation that closes a name (",", ";", ":"), `found`
// whether there was a word at all before the end of the text.
struct Word {
  std::string text;
  bool closes = false;
  bool found = false;
};

Word next_word(std::string_view text, std::size_t& at) {
  while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
  const std::size_t start = at;
  while (at < text.size() && !std::isspace(static_cast<unsigned char>(text[at]))) ++at;
  Word word{std::string(text.substr(start, at - start))};
  word.found = !word.text.empty();
  if (!word.found) return word;
  word.closes = word.text.back() == ',' || word.text.back() == ';' || word.text.back() == ':';
  while (!word.text.empty() &&
         std::string_view(",;:.()[]\"'").find(word.text.back()) != std::string::npos)
    word.text.pop_back();
  while (!word.text.empty() &&
         std::string_view("([\"'").find(word.text.front()) != std::string::npos)
    word.text.erase(0, 1);
  return word;
}

std::optional<std::string> model_after(std::string_view rest) {
  std::size_t counted = 0, at = 0;
  while (at < rest.size() && counted < 3) {
    const Word word = next_word(rest, at);
    if (!word.found) break;
    const std::string folded = lowercase(word.text);
    if (word.text.empty() || is_legal_form(folded)) continue;
    if (ends_a_name(folded)) break;
    if (model_shaped(word.text)) return word.text;
    ++counted;
    // Punctuation that closes a name ends the place (", Inc." is allowed).
    if (word.closes) break;
  }
  return std::nullopt;
}

// How strongly a keyword names the device's own software: "firmware
// version" and "software version" first, a bare "V1.2" last.
int keyword_rank(const std::string& keyword) {
  if (keyword == "v") return 4;
  if (keyword == "build") return 3;
  if (keyword == "rev" || keyword == "revision") return 2;
  if (keyword == "release" || keyword == "rel") return 1;
  return 0;  // version, ver, vers, firmware, fw, software, sw
}

// A version that labels something else: the hardware, a boot loader, the
// BIOS, the kernel or base OS under the application, a chip, the SNMP agent.
bool labels_something_else(std::string_view before) {
  static const RE2 other(
      R"((?i)(?:hardware|\bhw|boot\w*|\brom|loader|bios|kernel|operating system|\bchip|\bpcb|\bsnmp|\bmib|\bprotocol|\bagent|\bos)[\s:=#._-]*(?:version|ver|rev\w*|release)?[\s:=#.]*$)");
  return RE2::PartialMatch(before, other);
}

std::optional<std::string> version_in(std::string_view text) {
  // A keyword begins a word (after a space, an opening bracket, a comma or
  // a semicolon: "MB:v3.9.2" labels another part, "-v1.2" is inside a word).
  static const RE2 keyword(
      R"((?i)(?:^|[\s(\[,;])((?:version|vers|ver|sw|software|firmware|fw|rel|release|build|revision|rev|v))[\s:=#.]*(v?[0-9][A-Za-z0-9._()\-]*))");
  static const RE2 shaped(R"([0-9]+(?:[.(][0-9A-Za-z]+)+.*|[0-9]+[A-Za-z]+[0-9]+.*)");
  re2::StringPiece input(text.data(), text.size());
  std::optional<std::string> best;
  int best_rank = 99;
  re2::StringPiece word_piece, found_piece;
  while (RE2::FindAndConsume(&input, keyword, &word_piece, &found_piece)) {
    const std::size_t word_at = static_cast<std::size_t>(word_piece.data() - text.data());
    const std::string word(word_piece.data(), word_piece.size());
    std::string found(found_piece.data(), found_piece.size());
    while (!found.empty() && std::string_view(".,;:-_").find(found.back()) != std::string::npos)
      found.pop_back();
    // A ")" with no "(" before it closes the text around the version.
    if (const auto close = found.find(')'); close != std::string::npos && found.find('(') > close)
      found.resize(close);
    if (!found.empty() && (found[0] == 'v' || found[0] == 'V')) found.erase(0, 1);
    if (found.starts_with("0x") || !RE2::FullMatch(found, shaped)) continue;
    const std::size_t from = word_at > 40 ? word_at - 40 : 0;
    if (labels_something_else(text.substr(from, word_at - from))) continue;
    const int rank = keyword_rank(lowercase(word));
    if (rank < best_rank) {
      best = found;
      best_rank = rank;
    }
  }
  return best;
}

// The first of the text's first words shaped like a model family only one
// catalogue vendor uses ("RTX1210 Rev.14.01.38": Yamaha's RTX1210).
std::optional<std::pair<const VendorEntry*, std::string>> model_of_a_family(
    std::string_view text, const VendorCatalogue& catalogue) {
  constexpr std::size_t words_read = 8;
  std::size_t at = 0;
  for (std::size_t counted = 0; at < text.size() && counted < words_read; ++counted) {
    const Word word = next_word(text, at);
    if (word.text.empty()) continue;
    if (const VendorEntry* maker = catalogue.model_family_of(word.text))
      return std::pair<const VendorEntry*, std::string>{maker, word.text};
  }
  return std::nullopt;
}

}  // namespace

DescriptionReading read_description(std::string_view text, const VendorCatalogue& catalogue,
                                    const EnterpriseRegistry* registry) {
  DescriptionReading reading;
  if (text.size() > 4096) text = text.substr(0, 4096);
  std::size_t name_end = 0;
  if (const VendorEntry* entry = catalogue.named_in(text, &name_end)) {
    reading.vendor = entry->name;
    reading.model = model_after(text.substr(name_end));
  } else if (const auto family = model_of_a_family(text, catalogue)) {
    reading.vendor = family->first->name;
    reading.model = family->second;
  } else if (registry != nullptr) {
    std::optional<std::uint32_t> number;
    std::size_t end = std::string_view::npos;
    const auto start = text.find_first_not_of(" \t\"'");
    if (start != std::string_view::npos) {
      end = text.find_first_of(" \t,;:", start);
      number = registry->distinctive_name(
          text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    }
    if (!number)
      if (const auto named = registry->named_in(text)) {
        number = named->number;
        end = named->end;
      }
    const auto organisation = number ? registry->organisation(*number) : std::nullopt;
    // A software stack's registration (lwIP) names no maker.
    if (organisation && !catalogue.is_software_stack(*number)) {
      const VendorEntry* known = catalogue.by_name(*organisation);
      reading.vendor = known != nullptr ? known->name : *organisation;
      reading.model = model_after(end == std::string_view::npos ? "" : text.substr(end));
    }
  }
  reading.firmware = version_in(text);
  return reading;
}

}  // namespace kensa::scanner
