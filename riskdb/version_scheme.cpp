#include "riskdb/version_scheme.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <utility>
#include <vector>

namespace kensa::riskdb {
namespace {

// A version split into runs of digits and runs of letters; separators go.
struct Token {
  bool numeric = false;
  std::uint64_t number = 0;
  std::string text;  // lowercase letters
};

// What a version with more tokens than another, equal up to there, means.
enum class Extension {
  later,       // 19.4R3-S1 after 19.4R3; 10.2.0-h1 after 10.2.0
  prerelease,  // 1.2.3-rc1 before 1.2.3
  unknown,     // a different train (15.0(2) vs 15.0(2)SE)
};

struct SchemeRules {
  VersionScheme scheme;
  std::string_view name;
  Extension letter_extension;  // when the longer version continues with letters
};

constexpr std::array<SchemeRules, 11> schemes{{
    {VersionScheme::generic, "generic", Extension::unknown},
    {VersionScheme::semver, "semver", Extension::prerelease},
    {VersionScheme::cisco_ios, "cisco-ios", Extension::unknown},
    {VersionScheme::cisco_iosxe, "cisco-iosxe", Extension::later},
    {VersionScheme::cisco_nxos, "cisco-nxos", Extension::unknown},
    {VersionScheme::junos, "junos", Extension::later},
    {VersionScheme::huawei_vrp, "huawei-vrp", Extension::later},
    {VersionScheme::fortios, "fortios", Extension::unknown},
    {VersionScheme::panos, "panos", Extension::later},
    {VersionScheme::arista_eos, "arista-eos", Extension::unknown},
    {VersionScheme::routeros, "routeros", Extension::prerelease},
}};

const SchemeRules& rules_of(VersionScheme scheme) {
  return *std::find_if(schemes.begin(), schemes.end(),
                       [scheme](const SchemeRules& rules) { return rules.scheme == scheme; });
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (std::isdigit(c)) {
      Token token{true, 0, {}};
      while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
        // Saturate rather than wrap: such a number is not a real version anyway.
        const auto digit = static_cast<std::uint64_t>(text[at] - '0');
        token.number =
            token.number > (UINT64_MAX - digit) / 10 ? UINT64_MAX : token.number * 10 + digit;
        ++at;
      }
      tokens.push_back(std::move(token));
    } else if (std::isalpha(c)) {
      Token token;
      while (at < text.size() && std::isalpha(static_cast<unsigned char>(text[at]))) {
        token.text += static_cast<char>(std::tolower(static_cast<unsigned char>(text[at])));
        ++at;
      }
      tokens.push_back(std::move(token));
    } else {
      ++at;
    }
  }
  return tokens;
}

// Pre-release labels in the order projects use them; others sort by spelling.
int prerelease_rank(const std::string& label) {
  static constexpr std::array<std::string_view, 5> order{"dev", "alpha", "beta", "pre", "rc"};
  const auto* found = std::find(order.begin(), order.end(), label);
  return found == order.end() ? -1 : static_cast<int>(found - order.begin());
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The part of a version string a scheme compares, or nullopt when unreadable.
// Sets `flavour` to a label that must be equal on both sides (Junos EVO).
std::optional<std::string> comparable_text(VersionScheme scheme, std::string_view raw,
                                           std::string& flavour) {
  std::string text = lowercase(raw);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  text.erase(0, text.find_first_not_of(" \t"));
  if (text.empty()) return std::nullopt;
  switch (scheme) {
    case VersionScheme::semver: {
      if (text.front() == 'v') text.erase(0, 1);
      if (const auto plus = text.find('+'); plus != std::string::npos) text.resize(plus);
      break;
    }
    case VersionScheme::fortios: {
      // "7.2.6 build1575", "v7.2.6,build1575,231109 (GA.M)", NVD's "3_beta": the release numbers.
      static const RE2 numbers(R"((\d+(?:\.\d+){0,2}))");
      std::string version;
      if (!RE2::PartialMatch(text, numbers, &version)) return std::nullopt;
      return version;
    }
    case VersionScheme::junos: {
      static constexpr std::string_view evo = "-evo";
      if (text.size() > evo.size() && text.ends_with(evo)) {
        text.resize(text.size() - evo.size());
        flavour = "evo";
      }
      break;
    }
    case VersionScheme::routeros: {
      // "6.48.6 (long-term)": the channel in brackets is not part of the version.
      if (const auto space = text.find(' '); space != std::string::npos) text.resize(space);
      break;
    }
    default: break;
  }
  return text;
}

std::optional<std::strong_ordering> compare_tokens(const SchemeRules& rules,
                                                   const std::vector<Token>& a,
                                                   const std::vector<Token>& b) {
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    const Token& x = a[i];
    const Token& y = b[i];
    if (x.numeric != y.numeric) {
      // 7.1 vs 7.1rc1 reaches here as "end of a" only; a number facing letters
      // is a different shape: a pre-release scheme knows letters come first.
      if (rules.letter_extension != Extension::prerelease) return std::nullopt;
      return x.numeric ? std::strong_ordering::greater : std::strong_ordering::less;
    }
    if (x.numeric) {
      if (x.number != y.number) return x.number <=> y.number;
      continue;
    }
    if (x.text == y.text) continue;
    if (rules.letter_extension != Extension::prerelease) return std::nullopt;
    const int rank_x = prerelease_rank(x.text);
    const int rank_y = prerelease_rank(y.text);
    if (rank_x >= 0 && rank_y >= 0) return rank_x <=> rank_y;
    return x.text <=> y.text;
  }
  if (a.size() == b.size()) return std::strong_ordering::equal;
  const bool a_longer = a.size() > b.size();
  const std::vector<Token>& longer = a_longer ? a : b;
  const auto flip = [a_longer](std::strong_ordering longer_vs_shorter) {
    return a_longer ? longer_vs_shorter : 0 <=> longer_vs_shorter;
  };
  const Token& next = longer[common];
  if (next.numeric) {
    // 7.4 is 7.4.0; 15.0(2)SE is 15.0(2)SE0.
    for (std::size_t i = common; i < longer.size(); ++i) {
      if (!longer[i].numeric) break;
      if (longer[i].number != 0) return flip(std::strong_ordering::greater);
    }
    const auto first_letter = std::find_if(longer.begin() + static_cast<long>(common), longer.end(),
                                           [](const Token& t) { return !t.numeric; });
    if (first_letter == longer.end()) return std::strong_ordering::equal;
    if (rules.letter_extension == Extension::later) return flip(std::strong_ordering::greater);
    if (rules.letter_extension == Extension::prerelease) return flip(std::strong_ordering::less);
    return std::nullopt;
  }
  switch (rules.letter_extension) {
    case Extension::later: return flip(std::strong_ordering::greater);
    case Extension::prerelease: return flip(std::strong_ordering::less);
    case Extension::unknown: return std::nullopt;
  }
  return std::nullopt;
}

bool ios_numbered(std::string_view text) { return text.find('(') != std::string_view::npos; }

// An IOS XE release in XE numbering: dotted numbers, then letters naming a
// rebuild (a, b, ...) and, on 3.x, the train (S, E, SG, SE, SQ).
struct IosXeRelease {
  std::vector<std::uint64_t> numbers;
  std::string rebuild, train;
};

// Dotted numbers, then letters (after an optional dot: 03.16.05.S).
const RE2& iosxe_shape() {
  static const RE2 shape(R"(([0-9]+(?:\.[0-9]+)*)\.?([a-z]*))");
  return shape;
}

std::optional<IosXeRelease> parse_iosxe(std::string_view text) {
  std::string numbers, letters;
  if (!RE2::FullMatch(text, iosxe_shape(), &numbers, &letters)) return std::nullopt;
  IosXeRelease release;
  for (const Token& token : tokenize(numbers)) release.numbers.push_back(token.number);
  if (release.numbers.front() == 3) {
    for (const std::string_view train : {"sg", "se", "sq", "s", "e"})
      if (letters.ends_with(train) && letters.size() <= train.size() + 1) {
        release.train = train;
        letters.resize(letters.size() - train.size());
        break;
      }
  }
  if (letters.size() > 1) return std::nullopt;
  release.rebuild = letters;
  return release;
}

// IOS XE orders its own numbering only: a release written the IOS way
// (15.4(3)S, as some NVD ranges do) has no order against 16.9.4, and two 3.x
// releases of different trains (3.16.5S, 3.6.7E) have none either.
std::optional<std::strong_ordering> compare_iosxe(const std::string& a, const std::string& b) {
  if (ios_numbered(a) != ios_numbered(b)) return std::nullopt;
  const auto x = ios_numbered(a) ? std::nullopt : parse_iosxe(a);
  const auto y = ios_numbered(b) ? std::nullopt : parse_iosxe(b);
  if (!x || !y) {
    // An irregular spelling (NVD's 3.7s.4): only a different major release orders it.
    const auto p = tokenize(a), q = tokenize(b);
    if (!p.empty() && !q.empty() && p.front().numeric && q.front().numeric &&
        p.front().number != q.front().number)
      return p.front().number <=> q.front().number;
    return std::nullopt;
  }
  if (!x->train.empty() && !y->train.empty() && x->train != y->train) return std::nullopt;
  const std::size_t length = std::max(x->numbers.size(), y->numbers.size());
  for (std::size_t i = 0; i < length; ++i) {
    const std::uint64_t p = i < x->numbers.size() ? x->numbers[i] : 0;
    const std::uint64_t q = i < y->numbers.size() ? y->numbers[i] : 0;
    if (p != q) return p <=> q;
  }
  if (x->train.empty() != y->train.empty()) return std::nullopt;
  return x->rebuild <=> y->rebuild;
}

// Junos: line (18.1, 15.1x49), release (r3, d90, f6), service release (s5),
// respin (.3).
struct JunosRelease {
  std::string line, release, service, respin;
};

std::optional<JunosRelease> parse_junos(std::string_view text) {
  static const RE2 shape(
      R"(([0-9]+\.[0-9]+(?:x[0-9]+)?)(?:-?([a-wyz][0-9]+))?(?:-(s[0-9]+))?(?:\.([0-9]+))?)");
  JunosRelease release;
  if (!RE2::FullMatch(text, shape, &release.line, &release.release, &release.service,
                      &release.respin))
    return std::nullopt;
  if (release.release.empty() && !release.service.empty()) return std::nullopt;
  return release;
}

void add_spelling(std::vector<CpeVersionSpelling>& spellings, std::string version,
                  std::optional<std::string> update) {
  CpeVersionSpelling spelling{std::move(version), std::move(update)};
  for (const CpeVersionSpelling& known : spellings)
    if (known.version == spelling.version && known.update == spelling.update) return;
  spellings.push_back(std::move(spelling));
}

}  // namespace

std::optional<VersionScheme> version_scheme_named(std::string_view name) {
  for (const SchemeRules& rules : schemes)
    if (rules.name == name) return rules.scheme;
  return std::nullopt;
}

std::string_view version_scheme_name(VersionScheme scheme) { return rules_of(scheme).name; }

std::optional<std::strong_ordering> compare_versions(VersionScheme scheme, std::string_view a,
                                                     std::string_view b) {
  std::string flavour_a, flavour_b;
  const auto text_a = comparable_text(scheme, a, flavour_a);
  const auto text_b = comparable_text(scheme, b, flavour_b);
  if (!text_a || !text_b || flavour_a != flavour_b) return std::nullopt;
  if (scheme == VersionScheme::cisco_iosxe) return compare_iosxe(*text_a, *text_b);
  const auto tokens_a = tokenize(*text_a);
  const auto tokens_b = tokenize(*text_b);
  if (tokens_a.empty() || tokens_b.empty()) return std::nullopt;
  return compare_tokens(rules_of(scheme), tokens_a, tokens_b);
}

RangeMatch match_version_range(VersionScheme scheme, std::string_view version,
                               const VersionRange& range) {
  bool unknown = false;
  const auto check = [&](const std::optional<std::string>& bound, auto holds) {
    if (!bound) return true;
    const auto order = compare_versions(scheme, version, *bound);
    if (!order) {
      unknown = true;
      return true;
    }
    return holds(*order);
  };
  const bool inside = check(range.start_including, [](auto o) { return o >= 0; }) &&
                      check(range.start_excluding, [](auto o) { return o > 0; }) &&
                      check(range.end_including, [](auto o) { return o <= 0; }) &&
                      check(range.end_excluding, [](auto o) { return o < 0; });
  if (!inside) return RangeMatch::outside;
  return unknown ? RangeMatch::unknown : RangeMatch::inside;
}

std::string canonical_version(VersionScheme scheme, std::string_view reported) {
  std::string flavour;
  const auto text = comparable_text(scheme, reported, flavour);
  if (!text) return {};
  std::string numbers, letters;
  if (scheme == VersionScheme::cisco_iosxe && !ios_numbered(*text) &&
      RE2::FullMatch(*text, iosxe_shape(), &numbers, &letters)) {
    std::string out;  // without zero padding: 03.16.05 is 3.16.5
    for (const Token& token : tokenize(numbers))
      out += (out.empty() ? "" : ".") + std::to_string(token.number);
    return out + letters;
  }
  return *text;
}

std::vector<CpeVersionSpelling> cpe_version_spellings(VersionScheme scheme,
                                                      std::string_view reported) {
  const std::string version = canonical_version(scheme, reported);
  std::vector<CpeVersionSpelling> spellings;
  if (version.empty()) return spellings;
  if (scheme == VersionScheme::junos) {
    if (const auto junos = parse_junos(version); junos && !junos->release.empty()) {
      // 15.1x49-d90 but 18.1r3: a dash only after an X line.
      const std::string joiner = junos->line.find('x') != std::string::npos ? "-" : "";
      const std::string release =
          junos->release + (junos->service.empty() ? "" : "-" + junos->service);
      const std::string joined = junos->line + joiner + release;
      const std::string respin = junos->respin.empty() ? "" : "." + junos->respin;
      add_spelling(spellings, junos->line, release);
      add_spelling(spellings, joined, std::nullopt);
      if (!respin.empty()) {
        add_spelling(spellings, junos->line, release + respin);
        add_spelling(spellings, joined + respin, std::nullopt);
      }
      if (!junos->service.empty())
        add_spelling(spellings, junos->line + joiner + junos->release, junos->service);
      return spellings;
    }
  }
  if (scheme == VersionScheme::panos) {
    static const RE2 hotfix(R"(([0-9]+(?:\.[0-9]+)+)-([a-z]+[0-9]*))");
    std::string base, update;
    if (RE2::FullMatch(version, hotfix, &base, &update)) {
      add_spelling(spellings, base, update);
      add_spelling(spellings, version, std::nullopt);
      return spellings;
    }
  }
  add_spelling(spellings, version, std::nullopt);
  if (scheme == VersionScheme::huawei_vrp) {
    // V200R010C00SPC600: NVD names the release V200R010C00 and, apart, its
    // patches; the release with any update covers them.
    static const RE2 release(R"((v[0-9]+r[0-9]+c[0-9]+)([a-z].*))");
    std::string base, update;
    if (RE2::FullMatch(version, release, &base, &update)) add_spelling(spellings, base, update);
  }
  if (scheme == VersionScheme::cisco_iosxe)
    if (const auto release = parse_iosxe(version);
        release && !release->train.empty() && release->numbers.size() >= 2) {
      // NVD's dictionary also names 3.x releases under their train: 3.16s_3.16.5s.
      add_spelling(spellings,
                   std::to_string(release->numbers[0]) + "." + std::to_string(release->numbers[1]) +
                       release->train + "_" + version,
                   std::nullopt);
    }
  return spellings;
}

std::string range_bound_version(VersionScheme scheme, std::string_view bound) {
  std::string version, update;
  bool in_update = false;
  for (std::size_t i = 0; i < bound.size(); ++i) {
    char c = bound[i];
    if (c == '\\' && i + 1 < bound.size()) c = bound[++i];
    // NVD writes a bound's update after a colon, escaped or not: 12.1x46\:d72.
    if (c == ':' && !in_update) {
      in_update = true;
      continue;
    }
    (in_update ? update : version) += c;
  }
  if (update.empty() || update == "*" || update == "-") return version;
  const bool junos_release =
      scheme == VersionScheme::junos && version.find_first_of("xX") == std::string::npos &&
      (update[0] == 'r' || update[0] == 'R' || update[0] == 'f' || update[0] == 'F');
  return version + (junos_release ? "" : "-") + update;
}

}  // namespace kensa::riskdb
