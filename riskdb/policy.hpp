#pragma once
// The judgement policy: which restriction lists apply, the severity of each
// kind of finding, and what counts as a failure. Read from a TOML file
// (riskdb/data/policy.toml documents every key and is the default).
//
// Contract: load_policy reads the file, starts from the built-in values
// and overrides what the file sets; an unknown key, a severity that is not
// one of critical/high/medium/low/info, or malformed TOML throws
// PolicyError naming the file, the key and, for syntax errors, the line.
// sha256 is the digest of the file's bytes (empty for the built-in values),
// recorded with every judged sweep.

#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kensa::riskdb {

class PolicyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Severity { info = 0, low = 1, medium = 2, high = 3, critical = 4 };

[[nodiscard]] std::optional<Severity> severity_named(std::string_view name);
[[nodiscard]] std::string_view severity_name(Severity severity);

enum class FindingKind {
  restricted_vendor,
  known_exploited,
  vulnerability,
  end_of_life,
  unscreened,
  drifted,
  rejected,
  unidentified,
  neighbor_only,
};

[[nodiscard]] std::string_view finding_kind_name(FindingKind kind);
[[nodiscard]] std::optional<FindingKind> finding_kind_named(std::string_view name);

struct Policy {
  std::vector<std::string> applied_lists;  // empty: all
  std::array<Severity, 9> severity{Severity::critical, Severity::critical, Severity::medium,
                                   Severity::high,     Severity::medium,   Severity::medium,
                                   Severity::critical, Severity::low,      Severity::medium};
  bool vulnerability_from_cvss = true;
  Severity end_of_sale = Severity::low;
  bool screen_modules = true;
  int end_of_life_warn_days = 180;
  Severity block_at = Severity::critical;
  Severity review_at = Severity::low;
  Severity fail_at = Severity::high;
  std::string source = "built-in";
  std::string sha256;

  [[nodiscard]] Severity severity_of(FindingKind kind) const {
    return severity[static_cast<std::size_t>(kind)];
  }
};

[[nodiscard]] Policy load_policy(const std::filesystem::path& file);

// CVSS base score to severity, as NVD rates v3 and v4 scores.
[[nodiscard]] Severity severity_from_cvss(double score);

}  // namespace kensa::riskdb
