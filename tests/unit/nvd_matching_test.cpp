// NVD matching as the specifications define it: CPE 2.3 attribute
// comparison, the spellings NVD uses for releases, ranges with updates,
// orders a scheme cannot know, hardware names, and NVD's JSON 1.1 feeds.

#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "feeds/feed_error.hpp"
#include "feeds/feed_import.hpp"
#include "riskdb/data_files.hpp"
#include "riskdb/hardware_names.hpp"
#include "riskdb/risk_judge.hpp"
#include "riskdb/vulnerability_match.hpp"
#include "tests/unit/riskdb_fixture.hpp"

using namespace kensa::riskdb;

namespace {

CpeAttribute attribute_of(const char* cpe_text, Cpe::Field field) {
  return parse_cpe(cpe_text)[field];
}

Applicability applicability(const char* criteria, VersionRange range, VersionScheme scheme,
                            const char* product_cpe, const char* version) {
  const Cpe cpe = parse_cpe(criteria);
  Configuration configuration{false, false, {{false, false, {{true, criteria, cpe, range}}}}};
  return evaluate_configurations({configuration},
                                 {device_cpe(parse_cpe(product_cpe), scheme, version)})
      .result;
}

constexpr const char* junos = "cpe:2.3:o:juniper:junos:*:*:*:*:*:*:*:*";
constexpr const char* iosxe = "cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*";

}  // namespace

TEST_CASE("CPE attribute comparison follows NISTIR 7696") {
  const auto any = attribute_of("cpe:2.3:o:a:b:*:*:*:*:*:*:*:*", Cpe::version);
  const auto na = attribute_of("cpe:2.3:o:a:b:-:*:*:*:*:*:*:*", Cpe::version);
  const auto value = CpeAttribute::of("17.6.4");
  const auto wild = attribute_of("cpe:2.3:o:a:b:17.6*:*:*:*:*:*:*:*", Cpe::version);
  CHECK(compare_attribute(any, any) == CpeRelation::equal);
  CHECK(compare_attribute(any, value) == CpeRelation::superset);
  CHECK(compare_attribute(any, na) == CpeRelation::superset);
  CHECK(compare_attribute(na, na) == CpeRelation::equal);
  CHECK(compare_attribute(na, value) == CpeRelation::disjoint);  // NA matches only NA
  CHECK(compare_attribute(na, any) == CpeRelation::subset);
  CHECK(compare_attribute(value, any) == CpeRelation::subset);
  CHECK(compare_attribute(value, na) == CpeRelation::disjoint);
  CHECK(compare_attribute(value, CpeAttribute::of("17.6.4")) == CpeRelation::equal);
  CHECK(compare_attribute(value, CpeAttribute::of("17.6.4a")) == CpeRelation::disjoint);
  CHECK(compare_attribute(wild, value) == CpeRelation::superset);
  CHECK(compare_attribute(wild, CpeAttribute::of("17.9.1")) == CpeRelation::disjoint);
}

TEST_CASE("releases in the spellings NVD uses for them") {
  const auto has = [](VersionScheme scheme, const char* version, const char* spelt,
                      std::optional<std::string> update) {
    for (const auto& spelling : cpe_version_spellings(scheme, version))
      if (spelling.version == spelt && spelling.update == update) return true;
    return false;
  };
  CHECK(has(VersionScheme::junos, "18.1R3-S5.3", "18.1", "r3-s5"));
  CHECK(has(VersionScheme::junos, "18.1R3-S5.3", "18.1r3-s5", std::nullopt));
  CHECK(has(VersionScheme::junos, "18.1R3-S5.3", "18.1", "r3-s5.3"));
  CHECK(has(VersionScheme::junos, "18.1R3-S5", "18.1r3", "s5"));
  CHECK(has(VersionScheme::junos, "15.1X49-D90", "15.1x49", "d90"));
  CHECK(has(VersionScheme::junos, "15.1X49-D90", "15.1x49-d90", std::nullopt));
  CHECK(has(VersionScheme::panos, "10.2.7-h8", "10.2.7", "h8"));
  CHECK(has(VersionScheme::panos, "10.2.7", "10.2.7", std::nullopt));
  CHECK(has(VersionScheme::cisco_iosxe, "03.16.05.S", "3.16.5s", std::nullopt));
  CHECK(has(VersionScheme::cisco_iosxe, "03.16.05.S", "3.16s_3.16.5s", std::nullopt));
  CHECK(has(VersionScheme::cisco_iosxe, "16.09.04", "16.9.4", std::nullopt));
  CHECK(has(VersionScheme::huawei_vrp, "V200R010C00SPC600", "v200r010c00spc600", std::nullopt));
  CHECK(has(VersionScheme::huawei_vrp, "V200R010C00SPC600", "v200r010c00", "spc600"));
  CHECK(has(VersionScheme::fortios, "v7.2.5,build1517,230606 (GA.F)", "7.2.5", std::nullopt));
  CHECK(range_bound_version(VersionScheme::junos, R"(12.1x46\:d72)") == "12.1x46-d72");
  CHECK(range_bound_version(VersionScheme::junos, "18.1:r3") == "18.1r3");
  CHECK(range_bound_version(VersionScheme::cisco_ios, R"(15.4\(3\)s)") == "15.4(3)s");
}

TEST_CASE("criteria name a line, a release or an update, and NA matches only NA") {
  const auto s = VersionScheme::junos;
  const VersionRange none;
  // NA is not "any version".
  CHECK(applicability("cpe:2.3:o:cisco:ios_xe:-:*:*:*:*:*:*:*", none, VersionScheme::cisco_iosxe,
                      iosxe, "17.6.4") == Applicability::does_not_apply);
  // A line with any update covers its releases.
  CHECK(applicability("cpe:2.3:o:juniper:junos:18.1:*:*:*:*:*:*:*", none, s, junos, "18.1R3") ==
        Applicability::applies);
  CHECK(applicability("cpe:2.3:o:juniper:junos:18.1:*:*:*:*:*:*:*", none, s, junos,
                      "18.1R3-S5.3") == Applicability::applies);
  CHECK(applicability("cpe:2.3:o:juniper:junos:18.1:*:*:*:*:*:*:*", none, s, junos, "18.2R1") ==
        Applicability::does_not_apply);
  CHECK(applicability("cpe:2.3:o:juniper:junos:15.1x49:*:*:*:*:*:*:*", none, s, junos,
                      "15.1X49-D90") == Applicability::applies);
  // A release names that release (and its respins), not its service releases.
  CHECK(applicability("cpe:2.3:o:juniper:junos:18.1:r3:*:*:*:*:*:*", none, s, junos, "18.1R3") ==
        Applicability::applies);
  CHECK(applicability("cpe:2.3:o:juniper:junos:18.1:r3:*:*:*:*:*:*", none, s, junos, "18.1R3-S5") ==
        Applicability::does_not_apply);
  CHECK(applicability("cpe:2.3:o:juniper:junos:18.1:r3-s5:*:*:*:*:*:*", none, s, junos,
                      "18.1R3-S5.3") == Applicability::applies);
  // The line with NA update is the line without any release.
  CHECK(applicability("cpe:2.3:o:juniper:junos:18.1:-:*:*:*:*:*:*", none, s, junos, "18.1R3") ==
        Applicability::does_not_apply);
  // PAN-OS: NA update is the release without a hotfix.
  const char* panos = "cpe:2.3:o:paloaltonetworks:pan-os:*:*:*:*:*:*:*:*";
  CHECK(applicability("cpe:2.3:o:paloaltonetworks:pan-os:10.2.7:-:*:*:*:*:*:*", none,
                      VersionScheme::panos, panos, "10.2.7") == Applicability::applies);
  CHECK(applicability("cpe:2.3:o:paloaltonetworks:pan-os:10.2.7:-:*:*:*:*:*:*", none,
                      VersionScheme::panos, panos, "10.2.7-h8") == Applicability::does_not_apply);
  CHECK(applicability("cpe:2.3:o:paloaltonetworks:pan-os:10.2.7:h8:*:*:*:*:*:*", none,
                      VersionScheme::panos, panos, "10.2.7-h8") == Applicability::applies);
  // An unknown firmware cannot decide a versioned criterion.
  CHECK(applicability("cpe:2.3:o:juniper:junos:18.1:*:*:*:*:*:*:*", none, s, junos, "") ==
        Applicability::unknown);
}

TEST_CASE("a range bound with an update, and bounds the scheme cannot order") {
  VersionRange up_to_x46;
  up_to_x46.end_including = "12.1x46";
  const char* d45 = "cpe:2.3:o:juniper:junos:*:d45:*:*:*:*:*:*";
  CHECK(applicability(d45, up_to_x46, VersionScheme::junos, junos, "12.1X46-D45") ==
        Applicability::applies);
  CHECK(applicability(d45, up_to_x46, VersionScheme::junos, junos, "12.1X46-D72") ==
        Applicability::does_not_apply);
  VersionRange through_d72;
  through_d72.start_including = "12.1x46";
  through_d72.end_including = R"(12.1x46\:d72)";
  CHECK(applicability(junos, through_d72, VersionScheme::junos, junos, "12.1X46-D65") ==
        Applicability::applies);
  CHECK(applicability(junos, through_d72, VersionScheme::junos, junos, "12.1X46-D76") ==
        Applicability::does_not_apply);
  // IOS XE ranges written in IOS numbering have no order against XE releases.
  VersionRange ios_numbered;
  ios_numbered.end_including = R"(15.4\(3\)s)";
  CHECK(applicability(iosxe, ios_numbered, VersionScheme::cisco_iosxe, iosxe, "16.9.4") ==
        Applicability::unknown);
  CHECK(applicability(iosxe, ios_numbered, VersionScheme::cisco_iosxe, iosxe, "3.16.5S") ==
        Applicability::unknown);
  // 3.x trains do not order against each other; 3.x before 16.x does.
  VersionRange before_3_16_7s;
  before_3_16_7s.end_excluding = "3.16.7s";
  CHECK(applicability(iosxe, before_3_16_7s, VersionScheme::cisco_iosxe, iosxe, "3.16.5S") ==
        Applicability::applies);
  CHECK(applicability(iosxe, before_3_16_7s, VersionScheme::cisco_iosxe, iosxe, "3.6.7E") ==
        Applicability::unknown);
  CHECK(applicability(iosxe, before_3_16_7s, VersionScheme::cisco_iosxe, iosxe, "16.9.4") ==
        Applicability::does_not_apply);
  VersionRange before_17_6_6a;
  before_17_6_6a.start_including = "17.6";
  before_17_6_6a.end_excluding = "17.6.6a";
  CHECK(applicability(iosxe, before_17_6_6a, VersionScheme::cisco_iosxe, iosxe, "17.6.6") ==
        Applicability::applies);
  CHECK(applicability(iosxe, before_17_6_6a, VersionScheme::cisco_iosxe, iosxe, "17.6.6a") ==
        Applicability::does_not_apply);
  CHECK(affected_text(parse_cpe(iosxe), before_17_6_6a) == "affected from 17.6 to before 17.6.6a");
  CHECK(fixed_release(before_17_6_6a) == "17.6.6a");
}

TEST_CASE("hardware as NVD names it") {
  const HardwareNames names = HardwareNames::load(risk_data_file("hardware-names.json"));
  const auto contains = [&](const char* vendor, const char* model, const char* name) {
    const auto all = names.nvd_names(vendor, model);
    return std::find(all.begin(), all.end(), name) != all.end();
  };
  CHECK(contains("cisco", "ISR4331/K9", "isr4331"));
  CHECK(contains("cisco", "ISR4331/K9", "4331_integrated_services_router"));
  CHECK(contains("cisco", "N9K-C93180YC-EX", "nexus_93180yc-ex"));
  CHECK(contains("cisco", "WS-C3850-24T", "catalyst_3850-24t"));
  CHECK(contains("cisco", "ASR1001-X", "asr_1001-x"));
  CHECK(contains("juniper", "EX4300-48T", "ex4300"));
  CHECK(contains("fortinet", "FGT60E", "fortigate-60e"));
  CHECK(contains("huawei", "S5720-28X-SI-AC", "s5700"));
  CHECK_FALSE(contains("juniper", "ISR4331/K9", "4331_integrated_services_router"));
  kensa::testing::TemporaryDirectory directory;
  kensa::testing::write_file(directory.path() / "bad.json",
                             R"({"format": "kensa hardware names 1", "vendors": [{"cpe_vendor": "x",
                                 "rules": [{"model": "(", "names": ["y"]}]}]})");
  CHECK_THROWS_WITH((void)HardwareNames::load(directory.path() / "bad.json"),
                    doctest::Contains("bad pattern"));
}

TEST_CASE("NVD JSON 1.1 feeds, plain and gzip, judge as NVD means") {
  kensa::testing::RiskDbFixture fixture;
  Database& db = fixture.database;
  const auto sample = std::filesystem::path(KENSA_FIXTURES) / "feeds" / "nvd-1.1-sample.json";
  const auto report = kensa::feeds::import_feed(db, kensa::feeds::FeedKind::nvd, {sample});
  CHECK(report.rows == 3);
  CHECK(report.format == "nvd-json-1.1");
  // The same feed gzip-compressed gives the same rows.
  kensa::testing::TemporaryDirectory directory;
  std::ifstream in(sample, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const auto gz = directory.path() / "nvdcve-1.1-2099.json.gz";
  gzFile out = gzopen(gz.c_str(), "wb");
  REQUIRE(out != nullptr);
  const std::string content = text.str();
  gzwrite(out, content.data(), static_cast<unsigned>(content.size()));
  gzclose(out);
  CHECK(kensa::feeds::import_feed(db, kensa::feeds::FeedKind::nvd, {directory.path()}).rows == 3);
  kensa::testing::write_file(directory.path() / "cut.json.gz", content.substr(0, 10));
  CHECK_THROWS_AS(kensa::feeds::import_feed(db, kensa::feeds::FeedKind::nvd,
                                            {directory.path() / "cut.json.gz"}),
                  kensa::feeds::FeedError);

  RiskJudge judge(db, load_policy(risk_data_file("policy.toml")), "2099-02-01");
  const auto ids = [&judge](const char* vendor, const char* model, const char* os,
                            const char* firmware) {
    const auto judgement = judge.judge(kensa::testing::make_device(vendor, model, os, firmware));
    std::vector<std::string> found;
    for (const auto& finding : judgement.vulnerabilities->findings)
      found.push_back(finding.reference);
    for (const auto& id : judgement.vulnerabilities->undetermined) found.push_back("?" + id);
    return found;
  };
  using list = std::vector<std::string>;
  CHECK(ids("Juniper Networks", "SRX300", "junos", "18.1R3-S5") == list{"CVE-2099-0001"});
  CHECK(ids("Juniper Networks", "SRX300", "junos", "15.1X49-D90") == list{"CVE-2099-0001"});
  CHECK(ids("Juniper Networks", "MX480", "junos", "18.1R3-S5").empty());  // not on an SRX
  CHECK(ids("Juniper Networks", "SRX300", "junos", "12.1X46-D45") == list{"CVE-2099-0003"});
  CHECK(ids("Juniper Networks", "SRX300", "junos", "12.1X46-D72").empty());
  CHECK(ids("Cisco", "ISR4331/K9", "iosxe", "17.6.4") == list{"?CVE-2099-0002"});
}

TEST_CASE("OS families and vendors resolve through their spellings, or name the nearest") {
  kensa::testing::RiskDbFixture fixture;
  const VendorCatalogue catalogue = VendorCatalogue::load(fixture.database);
  for (const char* spelling : {"IOS-XE", "IOS XE", "ios_xe", "Cisco IOS XE", "iosxe"})
    CHECK(catalogue.os_family(spelling)->name == "iosxe");
  for (const char* spelling : {"JunOS", "Junos OS", "junos", "Juniper Junos"})
    CHECK(catalogue.os_family(spelling)->name == "junos");
  CHECK(catalogue.os_family("PAN-OS")->name == "panos");
  CHECK(catalogue.os_family("NX-OS")->name == "nxos");
  CHECK(catalogue.os_family("windows") == nullptr);
  CHECK(catalogue.closest_os_families("iosxx").front().starts_with("ios"));
  CHECK_FALSE(catalogue.canonical("huwei"));
  CHECK(catalogue.closest_vendors("huwei").front() == "Huawei");
}
