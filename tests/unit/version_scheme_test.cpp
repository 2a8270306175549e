#include <doctest/doctest.h>

#include "riskdb/version_scheme.hpp"

using kensa::riskdb::compare_versions;
using kensa::riskdb::match_version_range;
using kensa::riskdb::RangeMatch;
using kensa::riskdb::VersionRange;
using kensa::riskdb::VersionScheme;

namespace {

bool before(VersionScheme scheme, const char* a, const char* b) {
  const auto order = compare_versions(scheme, a, b);
  const auto reverse = compare_versions(scheme, b, a);
  return order && *order < 0 && reverse && *reverse > 0;
}

bool same(VersionScheme scheme, const char* a, const char* b) {
  const auto order = compare_versions(scheme, a, b);
  return order && *order == 0;
}

bool unordered(VersionScheme scheme, const char* a, const char* b) {
  return !compare_versions(scheme, a, b) && !compare_versions(scheme, b, a);
}

}  // namespace

TEST_CASE("Cisco IOS: release, rebuild, train and train number") {
  const auto s = VersionScheme::cisco_ios;
  CHECK(before(s, "15.0(2)SE10", "15.0(2)SE11"));
  CHECK(before(s, "15.0(2)SE", "15.0(2)SE11"));
  CHECK(before(s, "12.2(55)SE12", "15.0(2)SE11"));
  CHECK(before(s, "15.2(4)E10", "15.2(7)E3"));
  CHECK(same(s, "15.0(2)se11", "15.0(2)SE11"));
  CHECK(unordered(s, "15.0(2)SE11", "15.0(2)EX5"));  // different trains
  CHECK(unordered(s, "15.0(2)", "15.0(2)SE11"));     // mainline vs a train
}

TEST_CASE("Cisco IOS XE, NX-OS and IOS XR") {
  CHECK(before(VersionScheme::cisco_iosxe, "16.6.7", "17.12.4"));
  CHECK(before(VersionScheme::cisco_iosxe, "17.9.4", "17.12.4"));
  CHECK(before(VersionScheme::cisco_iosxe, "17.3.4", "17.3.4a"));
  CHECK(before(VersionScheme::cisco_nxos, "7.0(3)I7(8)", "7.0(3)I7(10)"));
  CHECK(before(VersionScheme::cisco_nxos, "7.0(3)I7(8)", "9.3(10)"));
  CHECK(unordered(VersionScheme::cisco_nxos, "7.0(3)I7(8)", "7.0(3)F3(5)"));
  CHECK(before(VersionScheme::generic, "7.4.1", "7.10.1"));
  CHECK(same(VersionScheme::generic, "7.4", "7.4.0"));
}

TEST_CASE("Junos: service releases, respins and EVO") {
  const auto s = VersionScheme::junos;
  CHECK(before(s, "19.4R3", "19.4R3-S1"));
  CHECK(before(s, "19.4R3-S1", "19.4R3-S1.3"));
  CHECK(before(s, "19.4R3-S1.3", "19.4R3-S2"));
  CHECK(before(s, "19.4R3-S12", "20.1R1"));
  CHECK(before(s, "21.4R3-S4-EVO", "21.4R3-S5-EVO"));
  CHECK(unordered(s, "21.4R3-S5-EVO", "21.4R3-S5"));
  CHECK(unordered(s, "15.1X49-D200", "15.1R7"));
  CHECK(before(s, "15.1X49-D200", "15.1X49-D210"));
  // A release is named by its spellings: the respin is the release it rebuilds.
  const auto spelt = [](VersionScheme scheme, const char* version, const char* listed) {
    for (const auto& spelling : kensa::riskdb::cpe_version_spellings(scheme, version))
      if (spelling.version == listed && !spelling.update) return true;
    return false;
  };
  CHECK(spelt(s, "19.4R3-S1.3", "19.4r3-s1"));
  CHECK(spelt(s, "19.4R3-S1", "19.4r3-s1"));
  CHECK_FALSE(spelt(s, "19.4R3-S2", "19.4r3-s1"));
  CHECK_FALSE(spelt(VersionScheme::cisco_ios, "15.0(2)SE11", "15.0(2)se1"));
}

TEST_CASE("Huawei VRP, FortiOS, PAN-OS, Arista EOS, RouterOS") {
  CHECK(before(VersionScheme::huawei_vrp, "V200R010C00SPC600", "V200R010C00SPC700"));
  CHECK(before(VersionScheme::huawei_vrp, "V200R010C00", "V200R010C00SPC600"));
  CHECK(before(VersionScheme::huawei_vrp, "V200R010C00SPC600", "V200R019C10SPC500"));
  CHECK(unordered(VersionScheme::huawei_vrp, "V200R010C00SPC600", "V200R010C00B123"));
  CHECK(same(VersionScheme::fortios, "7.2.6 build1575", "v7.2.6,build1575,231109 (GA.M)"));
  CHECK(before(VersionScheme::fortios, "v7.2.6,build1575,231109 (GA.M)", "7.2.7"));
  CHECK(before(VersionScheme::panos, "10.2.0", "10.2.0-h1"));
  CHECK(before(VersionScheme::panos, "10.2.0-h1", "10.2.0-h3"));
  CHECK(before(VersionScheme::panos, "10.2.0-h3", "10.2.1"));
  CHECK(before(VersionScheme::arista_eos, "4.28.3M", "4.33.6M"));
  CHECK(unordered(VersionScheme::arista_eos, "4.33.6M", "4.33.6F"));
  CHECK(before(VersionScheme::routeros, "7.1beta3", "7.1rc1"));
  CHECK(before(VersionScheme::routeros, "7.1rc1", "7.1"));
  CHECK(before(VersionScheme::routeros, "7.1", "7.1.1"));
  CHECK(before(VersionScheme::routeros, "6.48.6 (long-term)", "6.49"));
}

TEST_CASE("semver and the generic fallback never claim an order they cannot know") {
  CHECK(before(VersionScheme::semver, "1.2.3-rc.1", "1.2.3"));
  CHECK(before(VersionScheme::semver, "1.2.3-alpha", "1.2.3-beta"));
  CHECK(same(VersionScheme::semver, "v1.2.3+build.7", "1.2.3"));
  CHECK(before(VersionScheme::generic, "2.9", "2.10"));
  CHECK(unordered(VersionScheme::generic, "2.9a", "2.9b"));
  CHECK(unordered(VersionScheme::generic, "2.9", "2.9beta"));
  CHECK(unordered(VersionScheme::generic, "", "1.0"));
  CHECK(unordered(VersionScheme::generic, "unknown", "1.0"));
}

TEST_CASE("version ranges use NVD's four bounds") {
  VersionRange range;
  range.start_including = "17.9.0";
  range.end_excluding = "17.9.4";
  CHECK(match_version_range(VersionScheme::cisco_iosxe, "17.9.3", range) == RangeMatch::inside);
  CHECK(match_version_range(VersionScheme::cisco_iosxe, "17.9.4", range) == RangeMatch::outside);
  CHECK(match_version_range(VersionScheme::cisco_iosxe, "17.6.1", range) == RangeMatch::outside);
  VersionRange inclusive;
  inclusive.start_excluding = "19.4R1";
  inclusive.end_including = "19.4R3-S1";
  CHECK(match_version_range(VersionScheme::junos, "19.4R3-S1", inclusive) == RangeMatch::inside);
  CHECK(match_version_range(VersionScheme::junos, "19.4R1", inclusive) == RangeMatch::outside);
  CHECK(match_version_range(VersionScheme::junos, "15.1X49-D200", inclusive) ==
        RangeMatch::outside);
  VersionRange classic;
  classic.start_including = "15.1R1";
  classic.end_excluding = "15.1R7";
  CHECK(match_version_range(VersionScheme::junos, "15.1X49-D200", classic) == RangeMatch::unknown);
}
