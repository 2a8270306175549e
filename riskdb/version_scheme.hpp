#pragma once
// Ordering of firmware and software versions, one scheme per OS family.
//
// Contract: compare_versions answers only what the scheme can know. Two
// versions on different trains (Cisco 15.0(2)SE vs 15.0(2)EX, Junos R vs X
// releases, EVO vs classic), or strings the scheme cannot read, give
// nullopt, never a guessed order. Letters compare case-insensitively.
// match_version_range follows NVD's four bounds: a version is inside when
// every bound given holds, outside as soon as one bound provably fails, and
// unknown otherwise.
//
// cpe_version_spellings says how NVD's CPE names spell a reported release,
// as (version, update) pairs: Junos 18.1R3-S5.3 is 18.1 + r3-s5 (the line
// and the release in the update field), 18.1r3-s5 with no update, and the
// same with its respin; PAN-OS 10.2.7-h8 is 10.2.7 + h8; IOS XE 03.16.05.S
// is 3.16.5s; VRP V200R010C00SPC600 is itself and V200R010C00 + spc600. A
// criterion names a line (18.1 with any update), a release or an update
// exactly when one of these spellings matches it as CPE names match; an
// update of NA ("-") means the release without any update. IOS XE has no
// order between its own numbering and a bound in IOS numbering (15.4(3)S),
// nor between 3.x releases of different trains (3.16.5S, 3.6.7E).

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kensa::riskdb {

enum class VersionScheme {
  generic,      // dotted numbers; anything else must be equal to compare
  semver,       // 1.2.3, 1.2.3-rc.1 (pre-release before release), +build ignored
  cisco_ios,    // 15.0(2)SE11: release(rebuild)train+number; trains do not compare
  cisco_iosxe,  // 17.12.4, 17.3.4a: dotted, a trailing letter is a later rebuild
  cisco_nxos,   // 7.0(3)I7(8), 9.3(10)
  junos,        // 19.4R3-S1.3, 21.4R3-S5-EVO: service releases and respins are later
  huawei_vrp,   // V200R010C00SPC600: version, release, customer, service pack
  fortios,      // 7.2.6 build1575, v7.2.6,build1575,231109 (GA.M): the build follows the version
  panos,        // 10.2.0-h1: hotfixes are later
  arista_eos,   // 4.33.6M: the letter is a maturity label, not an order
  routeros,     // 7.1beta3 < 7.1rc1 < 7.1 < 7.1.1
};

[[nodiscard]] std::optional<VersionScheme> version_scheme_named(std::string_view name);
[[nodiscard]] std::string_view version_scheme_name(VersionScheme scheme);

[[nodiscard]] std::optional<std::strong_ordering> compare_versions(VersionScheme scheme,
                                                                   std::string_view a,
                                                                   std::string_view b);

struct CpeVersionSpelling {
  std::string version;                // lowercase, as NVD writes it
  std::optional<std::string> update;  // nullopt: no update (CPE's NA)
};

// The reported version in the scheme's canonical NVD spelling: lowercase,
// IOS XE without zero padding or dots before its train, FortiOS without its
// build, Junos without -EVO. Empty when the text holds no version.
[[nodiscard]] std::string canonical_version(VersionScheme scheme, std::string_view reported);
[[nodiscard]] std::vector<CpeVersionSpelling> cpe_version_spellings(VersionScheme scheme,
                                                                    std::string_view reported);
// A range bound as NVD writes it, unescaped (`15.4\(3\)s` is 15.4(3)s) and
// with an update written after a colon joined the way the scheme spells it
// (Junos `12.1x46:d72` is 12.1x46-d72).
[[nodiscard]] std::string range_bound_version(VersionScheme scheme, std::string_view bound);

struct VersionRange {
  std::optional<std::string> start_including, start_excluding, end_including, end_excluding;
  [[nodiscard]] bool empty() const {
    return !start_including && !start_excluding && !end_including && !end_excluding;
  }
};

enum class RangeMatch { inside, outside, unknown };

[[nodiscard]] RangeMatch match_version_range(VersionScheme scheme, std::string_view version,
                                             const VersionRange& range);

}  // namespace kensa::riskdb
