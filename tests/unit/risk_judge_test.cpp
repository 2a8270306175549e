#include <doctest/doctest.h>

#include <algorithm>

#include "riskdb/inventory.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/risk_judge.hpp"
#include "riskdb/statement.hpp"
#include "riskdb/sweep_judgement.hpp"
#include "riskdb/vulnerability_store.hpp"
#include "tests/unit/riskdb_fixture.hpp"

using namespace kensa::riskdb;
using kensa::testing::make_device;
using kensa::testing::RiskDbFixture;
using kensa::testing::test_dataset;

namespace {

std::optional<Finding> find(const Judgement& judgement, FindingKind kind) {
  for (const Finding& finding : judgement.all_findings())
    if (finding.kind == kind) return finding;
  return std::nullopt;
}

Policy default_policy() { return load_policy(risk_data_file("policy.toml")); }

ScreeningEntry entry(std::string vendor, std::string model, std::string status,
                     std::optional<std::string> min = {}, std::optional<std::string> max = {}) {
  ScreeningEntry e;
  e.vendor = std::move(vendor);
  e.model_pattern = std::move(model);
  e.status = std::move(status);
  e.firmware_min = std::move(min);
  e.firmware_max = std::move(max);
  e.case_id = "CASE-" + e.vendor;
  return e;
}

}  // namespace

TEST_CASE("the catalogue resolves aliases and owners") {
  RiskDbFixture fixture;
  const VendorCatalogue catalogue = VendorCatalogue::load(fixture.database);
  CHECK(catalogue.canonical("ciscoSystems") == "Cisco");
  CHECK(catalogue.canonical("HUAWEI Technology Co.,Ltd") == "Huawei");
  CHECK(catalogue.canonical("Alcatel-Lucent") == "Nokia");
  CHECK_FALSE(catalogue.canonical("No Such Maker Inc"));
  CHECK(catalogue.owners("EZVIZ") == std::vector<std::string>{"EZVIZ", "Hikvision"});
  CHECK(catalogue.relation("EZVIZ") == "brand");
  CHECK(catalogue.owners("HiSilicon") == std::vector<std::string>{"HiSilicon", "Huawei"});
  CHECK(catalogue.cpe_vendors("Ubiquiti").front() == "ui");
}

TEST_CASE("a restriction on a company covers its brands, subsidiaries and modules it made") {
  RiskDbFixture fixture;
  Restriction hikvision{"FCC Covered List",
                        "U.S. Federal Communications Commission",
                        "Hikvision",
                        "Hikvision",
                        {},
                        "video surveillance and telecommunications equipment",
                        {},
                        "2021-03-12",
                        "https://www.fcc.gov/supplychain/coveredlist",
                        {}};
  replace_restrictions(fixture.database, {hikvision}, test_dataset("restrictions"));
  RiskJudge judge(fixture.database, default_policy(), "2026-11-26");

  const Judgement camera = judge.judge(make_device("EZVIZ", "CS-C6N"));
  const auto restricted = find(camera, FindingKind::restricted_vendor);
  REQUIRE(restricted);
  CHECK(restricted->severity == Severity::critical);
  CHECK(restricted->reason.find("a brand of Hikvision") != std::string::npos);
  CHECK(restricted->reason.find("FCC Covered List") != std::string::npos);
  CHECK(restricted->dataset_id.has_value());

  CHECK_FALSE(find(judge.judge(make_device("Cisco", "C9300-48P")), FindingKind::restricted_vendor));

  kensa::scanner::Device router = make_device("Cisco", "ISR4321");
  kensa::scanner::Module camera_module;
  camera_module.index = 7;
  camera_module.manufacturer = "Hikvision Digital Technology";
  router.modules.push_back(camera_module);
  const Judgement router_judgement = judge.judge(router);
  const auto on_module = find(router_judgement, FindingKind::restricted_vendor);
  REQUIRE(on_module);
  CHECK(on_module->module_index == 7U);
}

TEST_CASE("every screening status") {
  RiskDbFixture fixture;
  const VendorCatalogue catalogue = VendorCatalogue::load(fixture.database);
  std::vector<ScreeningEntry> entries{
      entry("Cisco", "C9300-*", "approved", "17.9.1", "17.9.9"),
      entry("Juniper", "MX*", "pending"),
      entry("Huawei", "*", "rejected"),
      entry("Arista", "DCS-7050*", "approved"),
      entry("Fortinet", "FortiGate-*", "expired"),
  };
  entries[3].expires_on = "2025-12-31";
  const ScreeningRegister screening(entries, catalogue);
  const auto status = [&](ScreenedItem item) { return screening.status_of(item, "2026-11-26"); };
  CHECK(status({"Cisco", "C9300-48P", "17.9.4", "iosxe"}).status == "screened");
  const auto drifted = status({"cisco systems", "C9300-48P", "17.12.4", "iosxe"});
  CHECK(drifted.status == "drifted");
  CHECK(drifted.reason.find("17.12.4") != std::string::npos);
  CHECK(status({"Juniper Networks", "MX204", "21.4R3", "junos"}).status == "pending");
  CHECK(status({"Huawei", "S5720-28X-SI", "V200R019C10SPC500", "vrp"}).status == "rejected");
  const auto lapsed = status({"Arista Networks", "DCS-7050SX3-48YC8", "4.28.3M", "eos"});
  CHECK(lapsed.status == "expired");
  CHECK(lapsed.reason.find("2025-12-31") != std::string::npos);
  CHECK(status({"Fortinet", "FortiGate-100F", "7.2.6", "fortios"}).status == "expired");
  CHECK(status({"Nokia", "7750 SR-1", "22.10.R1", "timos"}).status == "unscreened");
  const auto unknown_firmware = status({"Cisco", "C9300-48P", std::nullopt, "iosxe"});
  CHECK(unknown_firmware.status == "unscreened");
  CHECK(unknown_firmware.reason.find("firmware not known") != std::string::npos);
  CHECK(status({std::nullopt, std::nullopt, std::nullopt, std::nullopt}).status == "unscreened");
}

TEST_CASE("a model's spellings meet: the register's name covers the device's") {
  RiskDbFixture fixture;
  const VendorCatalogue catalogue = VendorCatalogue::load(fixture.database);
  // Marketing name, order code, abbreviation and separators all fold to one key.
  for (const char* spelling : {"FGT_60F", "FortiGate 60F", "FortiGate-60F", "FG-60F", "fgt60f"})
    CHECK_MESSAGE(catalogue.model_key("Fortinet", spelling) == "fortigate60f", spelling);
  CHECK(catalogue.model_key("Fortinet", "FortiGate 60E") !=
        catalogue.model_key("Fortinet", "FGT_60F"));
  CHECK(catalogue.model_key("Cisco", "WS-C3850-24T") ==
        catalogue.model_key("Cisco", "Catalyst 3850-24T"));
  CHECK(catalogue.model_key("Cisco", "N9K-C93180YC-EX") ==
        catalogue.model_key("Cisco", "Nexus 93180YC-EX"));
  // A line's spelling counts only where a model number follows it.
  CHECK(catalogue.model_key("Fortinet", "FortiOS") == "fortios");
  // Another vendor's spellings do not apply.
  CHECK(catalogue.model_key("Juniper Networks", "FG-60F") == "fg60f");

  std::vector<ScreeningEntry> entries{
      entry("Fortinet", "FortiGate 60F", "approved", "7.2.0", "7.2.9"),
      entry("Cisco", "Catalyst 9300-*", "approved")};
  const ScreeningRegister screening(entries, catalogue);
  const auto status = [&](ScreenedItem item) { return screening.status_of(item, "2026-11-26"); };
  CHECK(status({"Fortinet", "FGT_60F", "7.2.5", "fortios"}).status == "screened");
  CHECK(status({"Fortinet", "FG-60F", "7.2.5", "fortios"}).status == "screened");
  CHECK(status({"Fortinet", "FortiGate-60F", "7.2.5", "fortios"}).status == "screened");
  CHECK(status({"Fortinet", "FGT_60E", "7.2.5", "fortios"}).status == "unscreened");
  CHECK(status({"Fortinet", "FGT_60F", "7.4.1", "fortios"}).status == "drifted");
  CHECK(status({"Cisco", "C9300-48P", std::nullopt, "iosxe"}).status == "screened");
}

TEST_CASE("vulnerabilities match through OS CPEs, KEV raises them, platforms only qualify") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  {
    VulnerabilityWriter writer(db, test_dataset("nvd"));
    Vulnerability xe;
    xe.cve_id = "CVE-2023-20198";
    xe.cvss_v3 = 10.0;
    CpeMatchCriterion range{true,
                            "cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*",
                            parse_cpe("cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*"),
                            {}};
    range.range.start_including = "17.9.0";
    range.range.end_excluding = "17.9.4a";
    xe.configurations.push_back({false, false, {{false, false, {range}}}});
    writer.add(xe);
    Vulnerability srx;
    srx.cve_id = "CVE-2023-36845";
    srx.cvss_v3 = 5.3;
    CpeMatchCriterion junos{true,
                            "cpe:2.3:o:juniper:junos:*:*:*:*:*:*:*:*",
                            parse_cpe("cpe:2.3:o:juniper:junos:*:*:*:*:*:*:*:*"),
                            {}};
    junos.range.end_excluding = "21.4R3-S5";
    CpeMatchCriterion platform{false,
                               "cpe:2.3:h:juniper:srx300:-:*:*:*:*:*:*:*",
                               parse_cpe("cpe:2.3:h:juniper:srx300:-:*:*:*:*:*:*:*"),
                               {}};
    srx.configurations.push_back(
        {true, false, {{false, false, {junos}}, {false, false, {platform}}}});
    writer.add(srx);
    writer.commit();
  }
  replace_known_exploited(db,
                          {{"CVE-2023-20198",
                            "Cisco",
                            "IOS XE",
                            "Web UI privilege escalation",
                            "2023-10-16",
                            "2023-10-20",
                            "Known",
                            {},
                            {}}},
                          test_dataset("kev"));
  RiskJudge judge(db, default_policy(), "2026-11-26");

  const Judgement exposed = judge.judge(make_device("Cisco", "C9300-48P", "iosxe", "17.9.3"));
  const auto kev = find(exposed, FindingKind::known_exploited);
  REQUIRE(kev);
  CHECK(kev->reference == "CVE-2023-20198");
  CHECK(kev->severity == Severity::critical);
  CHECK(kev->reason.find("ransomware") != std::string::npos);
  CHECK_FALSE(find(judge.judge(make_device("Cisco", "C9300-48P", "iosxe", "17.9.4a")),
                   FindingKind::known_exploited));

  const Judgement srx_judgement =
      judge.judge(make_device("Juniper Networks", "SRX300", "junos", "21.4R3-S4.9"));
  const auto on_srx = find(srx_judgement, FindingKind::vulnerability);
  REQUIRE(on_srx);
  CHECK(on_srx->severity == Severity::medium);
  CHECK_FALSE(find(judge.judge(make_device("Juniper Networks", "MX204", "junos", "21.4R3-S4.9")),
                   FindingKind::vulnerability));
  const Judgement unknown =
      judge.judge(make_device("Juniper Networks", "SRX300", "junos", "21.4X49-D100"));
  CHECK_FALSE(find(unknown, FindingKind::vulnerability));
  CHECK(unknown.vulnerabilities->undetermined.size() == 1);
}

TEST_CASE("lifecycle dates and the other finding kinds") {
  RiskDbFixture fixture;
  replace_lifecycle(fixture.database,
                    {{"os_release",
                      "iosxe",
                      std::nullopt,
                      "16.12",
                      "2022-07-31",
                      "2025-07-31",
                      std::nullopt,
                      "https://endoflife.date/cisco-ios-xe",
                      {}},
                     {"os_release",
                      "iosxe",
                      std::nullopt,
                      "17.9",
                      std::nullopt,
                      "2027-03-31",
                      std::nullopt,
                      std::nullopt,
                      {}},
                     {"product",
                      std::nullopt,
                      "Cisco",
                      "WS-C3750*",
                      "2016-10-30",
                      "2021-10-31",
                      std::nullopt,
                      std::nullopt,
                      {}}},
                    test_dataset("eol"));
  RiskJudge judge(fixture.database, default_policy(), "2026-11-26");
  const Judgement old_judgement =
      judge.judge(make_device("Cisco", "C9300-48P", "iosxe", "16.12.4"));
  const auto old = find(old_judgement, FindingKind::end_of_life);
  REQUIRE(old);
  CHECK(old->severity == Severity::high);
  CHECK(old->reason.find("end of support (2025-07-31)") != std::string::npos);
  CHECK_FALSE(find(judge.judge(make_device("Cisco", "C9300-48P", "iosxe", "16.1.1")),
                   FindingKind::end_of_life));
  const Judgement soon_judgement =
      judge.judge(make_device("Cisco", "C9300-48P", "iosxe", "17.9.4"));
  const auto soon = find(soon_judgement, FindingKind::end_of_life);
  REQUIRE(soon);  // 2027-03-31 is within 180 days of 2026-11-26
  CHECK(soon->severity == Severity::low);
  CHECK(find(judge.judge(make_device("Cisco", "WS-C3750X-48P")), FindingKind::end_of_life));

  kensa::scanner::Device anonymous;
  anonymous.source = "x";
  const Judgement nothing_known = judge.judge(anonymous, true);
  CHECK(find(nothing_known, FindingKind::unidentified));
  CHECK(find(nothing_known, FindingKind::neighbor_only));
}

TEST_CASE("judging a stored sweep writes findings, screening and current risk") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  replace_screening_register(db, {entry("Cisco", "C9300-*", "approved", "17.9.1", "17.9.9")},
                             test_dataset("screening"));
  const auto sweep = begin_sweep(db, "t", "{}");
  {
    SweepWriter writer(db, sweep);
    writer.record(
        {make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC1234X0AB"), "192.0.2.1", false});
    writer.record(
        {make_device("Cisco", "C9300-24T", "iosxe", "17.12.4", "FOC9999Z0ZZ"), "192.0.2.2", false});
    writer.flush();
  }
  RiskJudge judge(db, default_policy(), "2026-11-26");
  const auto summary = judge_sweep(db, sweep, judge);
  CHECK(summary.devices == 2);
  CHECK(summary.screening.at("screened") == 1);
  CHECK(summary.screening.at("drifted") == 1);
  InventoryFilter filter;
  filter.screening = "drifted";
  REQUIRE(query_inventory(db, filter).size() == 1);
  CHECK(query_inventory(db, filter).front().risk == "medium");
  FindingFilter findings;
  findings.kind = "drifted";
  const auto rows = query_findings(db, findings);
  REQUIRE(rows.size() == 1);
  CHECK(rows.front().dataset.value_or("").find("screening") == 0);
  // Judging again replaces rather than adds.
  judge_sweep(db, sweep, judge);
  CHECK(query_findings(db, findings).size() == 1);
  // A register that now covers the drifted release changes that device's
  // current state alone; the other's stays as it was.
  replace_screening_register(db, {entry("Cisco", "C9300-*", "approved", "17.9.1", "17.12.9")},
                             test_dataset("screening"));
  RiskJudge widened(db, default_policy(), "2026-11-26");
  judge_sweep(db, sweep, widened);
  CHECK(query_inventory(db, filter).empty());
  filter.screening = "screened";
  const auto screened = query_inventory(db, filter);
  REQUIRE(screened.size() == 2);
  CHECK(screened[0].risk == screened[1].risk);
  CHECK(query_findings(db, findings).empty());
}

TEST_CASE("judging a stored sweep records each screened module's status on its row") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  ScreeningEntry uplink = entry("Cisco", "C9300-NM-8X", "approved");
  uplink.scope = "module";
  replace_screening_register(db, {entry("Cisco", "C9300-*", "approved"), uplink},
                             test_dataset("screening"));
  const auto sweep = begin_sweep(db, "t", "{}");
  {
    SweepWriter writer(db, sweep);
    for (int host = 1; host <= 3; ++host) {
      auto device = make_device("Cisco", "C9300-48P", "iosxe", "17.9.4",
                                "FOC000" + std::to_string(host) + "X0AB");
      for (const auto& [index, model] : std::vector<std::pair<std::uint32_t, const char*>>{
               {1000, "C9300-NM-8X"}, {1001, "PWR-C1-715WAC"}}) {
        kensa::scanner::Module module;
        module.index = index;
        module.class_name = "module";
        module.model = model;
        module.serial = "MOD" + std::to_string(host) + "-" + std::to_string(index);
        device.modules.push_back(module);
      }
      writer.record({device, "192.0.2." + std::to_string(host), false});
    }
    writer.flush();
  }
  RiskJudge judge(db, default_policy(), "2026-11-26");
  judge_sweep(db, sweep, judge);
  Statement modules(
      db,
      "SELECT m.ent_index, m.screening_status FROM modules m JOIN observations o ON "
      "o.id = m.observation_id WHERE o.sweep_id = ?1 ORDER BY o.device_id, m.ent_index");
  modules.bind(1, sweep);
  int rows = 0;
  while (modules.step()) {
    ++rows;
    CHECK(modules.text(1) == (modules.integer(0) == 1000 ? "screened" : "unscreened"));
  }
  CHECK(rows == 6);
}

TEST_CASE("policy files: overrides, and errors that name the key") {
  kensa::testing::TemporaryDirectory directory;
  const auto file = directory.path() / "policy.toml";
  kensa::testing::write_file(file,
                             "[severity]\nunscreened = \"high\"\nvulnerability = "
                             "\"low\"\n[verdict]\nblock_at = \"high\"\n");
  const Policy policy = load_policy(file);
  CHECK(policy.severity_of(FindingKind::unscreened) == Severity::high);
  CHECK_FALSE(policy.vulnerability_from_cvss);
  CHECK(policy.block_at == Severity::high);
  CHECK(policy.sha256.size() == 64);
  kensa::testing::write_file(file, "[severity]\nunscreened = \"urgent\"\n");
  CHECK_THROWS_WITH_AS((void)load_policy(file), doctest::Contains("severity.unscreened"),
                       PolicyError);
  kensa::testing::write_file(file, "[severity]\nunscreend = \"high\"\n");
  CHECK_THROWS_WITH_AS((void)load_policy(file), doctest::Contains("unknown key"), PolicyError);
  kensa::testing::write_file(file, "[severity\n");
  CHECK_THROWS_WITH_AS((void)load_policy(file), doctest::Contains("line 1"), PolicyError);
}

namespace {

int severity_rank(const std::string& severity) {
  const std::vector<std::string> order{"critical", "high", "medium", "low"};
  return static_cast<int>(std::find(order.begin(), order.end(), severity) - order.begin());
}

CpeMatchCriterion ios_xe_before(const char* fixed) {
  CpeMatchCriterion criterion{true,
                              "cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*",
                              parse_cpe("cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*"),
                              {}};
  criterion.range.end_excluding = fixed;
  return criterion;
}

}  // namespace

TEST_CASE("findings are listed most severe first, then by device; a profile's for each device") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  {
    VulnerabilityWriter writer(db, test_dataset("nvd"));
    for (const auto& [id, score] : std::vector<std::pair<const char*, double>>{
             {"CVE-2024-0001", 9.8}, {"CVE-2024-0002", 5.3}}) {
      Vulnerability cve;
      cve.cve_id = id;
      cve.cvss_v3 = score;
      cve.configurations.push_back({false, false, {{false, false, {ios_xe_before("17.9.9")}}}});
      writer.add(cve);
    }
    writer.commit();
  }
  const auto sweep = begin_sweep(db, "t", "{}");
  {
    SweepWriter writer(db, sweep);
    for (const char* serial : {"FOC0000A001", "FOC0000A002", "FOC0000A003"}) {
      auto device = make_device("Cisco", "C9300-48P", "iosxe", "17.9.3", serial);
      device.evidence.push_back({"serial", serial, "entPhysicalSerialNum.1", serial, "test"});
      writer.record({device, std::string("192.0.2.") + serial[10], false});
    }
    writer.record({make_device("Juniper Networks", "MX204", "junos", "23.2R2", "JN0001"),
                   "192.0.2.9", false});
    writer.flush();
  }
  RiskJudge judge(db, default_policy(), "2026-11-26");
  const auto summary = judge_sweep(db, sweep, judge);

  const auto all = query_findings(db, {});
  std::int64_t counted = 0;
  for (const auto& [severity, count] : summary.findings_by_severity) counted += count;
  CHECK(static_cast<std::int64_t>(all.size()) == counted);
  for (std::size_t i = 1; i < all.size(); ++i)
    CHECK(std::make_pair(severity_rank(all[i - 1].severity), all[i - 1].device_id) <=
          std::make_pair(severity_rank(all[i].severity), all[i].device_id));
  std::map<std::int64_t, std::vector<std::string>> cves;
  for (const FindingRow& row : all) {
    if (row.kind != "vulnerability") continue;
    cves[row.device_id].push_back(row.reference);
    // Each device's own identification evidence, though the profile is shared.
    CHECK(row.evidence_json.find(row.address.value_or("?") == "192.0.2.1"
                                     ? "FOC0000A001"
                                     : "FOC0000A00") != std::string::npos);
    CHECK(row.vendor == "Cisco");
    CHECK(row.dataset.value_or("").find("nvd") == 0);
  }
  REQUIRE(cves.size() == 3);
  for (const auto& [device, references] : cves)
    CHECK(references == std::vector<std::string>{"CVE-2024-0001", "CVE-2024-0002"});

  FindingFilter severe;
  severe.min_severity = Severity::high;
  const auto high = query_findings(db, severe);
  CHECK_FALSE(high.empty());
  CHECK(std::count_if(all.begin(), all.end(), [](const FindingRow& row) {
          return severity_rank(row.severity) <= 1;
        }) == static_cast<std::ptrdiff_t>(high.size()));
  FindingFilter juniper;
  juniper.vendor = "juniper networks";
  for (const FindingRow& row : query_findings(db, juniper)) CHECK(row.vendor == "Juniper Networks");
  FindingFilter one;
  one.device_id = cves.begin()->first;
  one.kind = "vulnerability";
  const auto of_one = query_findings(db, one);
  REQUIRE(of_one.size() == 2);
  CHECK(of_one[0].reference == "CVE-2024-0001");
  CHECK(of_one[0].severity == "critical");
  CHECK(of_one[1].severity == "medium");
}

TEST_CASE("a load keeps each CVE's last version with its whole configuration tree") {
  // More CVEs than are held back before they are sent, one of them given
  // twice in the load (its second version wins) and loaded again after.
  RiskDbFixture fixture;
  Database& db = fixture.database;
  const auto cve_numbered = [](int number, double score, int criteria) {
    Vulnerability cve;
    cve.cve_id = "CVE-2024-" + std::to_string(10000 + number);
    cve.cvss_v3 = score;
    ConfigurationNode node{false, false, {}};
    for (int i = 0; i < criteria; ++i)
      node.matches.push_back(ios_xe_before(("17." + std::to_string(i + 1) + ".1").c_str()));
    cve.configurations.push_back({false, false, {node}});
    return cve;
  };
  {
    VulnerabilityWriter writer(db, test_dataset("nvd"));
    for (int i = 0; i < 1500; ++i) writer.add(cve_numbered(i, 5.0, 1));
    writer.add(cve_numbered(1400, 9.8, 3));
    writer.commit();
  }
  CHECK(kensa::testing::count_of(db, "SELECT count(*) FROM vulnerabilities") == 1500);
  CHECK(kensa::testing::count_of(db, "SELECT count(*) FROM cpe_matches") == 1499 + 3);
  CHECK(kensa::testing::count_of(db, "SELECT count(*) FROM vulnerability_nodes") == 1500);
  CHECK(kensa::testing::count_of(
            db,
            "SELECT count(*) FROM cpe_matches m JOIN vulnerability_nodes n ON n.id = "
            "m.node_id JOIN vulnerability_configurations c ON c.id = n.configuration_id "
            "WHERE c.cve_id = m.cve_id") == 1502);
  CHECK(kensa::testing::count_of(
            db,
            "SELECT count(*) FROM vulnerabilities WHERE cve_id = 'CVE-2024-11400' AND "
            "cvss_v3 > 9") == 1);
  {
    VulnerabilityWriter writer(db, test_dataset("nvd"));
    writer.add(cve_numbered(1400, 4.0, 2));
    writer.commit();
  }
  CHECK(kensa::testing::count_of(
            db, "SELECT count(*) FROM cpe_matches WHERE cve_id = 'CVE-2024-11400'") == 2);
  CHECK(kensa::testing::count_of(db, "SELECT count(*) FROM vulnerabilities") == 1500);
}

TEST_CASE("the vulnerability store reads a CVE alike through its product or by itself") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  {
    VulnerabilityWriter writer(db, test_dataset("nvd"));
    Vulnerability cve;
    cve.cve_id = "CVE-2024-0003";
    cve.cvss_v3 = 7.5;
    cve.description = "a flaw";
    CpeMatchCriterion platform{false,
                               "cpe:2.3:h:cisco:c9300-48p:-:*:*:*:*:*:*:*",
                               parse_cpe("cpe:2.3:h:cisco:c9300-48p:-:*:*:*:*:*:*:*"),
                               {}};
    cve.configurations.push_back(
        {true, false, {{false, false, {ios_xe_before("17.9.9")}}, {false, false, {platform}}}});
    cve.configurations.push_back({false, false, {{false, false, {ios_xe_before("16.12.1")}}}});
    writer.add(cve);
    writer.commit();
  }
  // The import told PostgreSQL's planner what it loaded; SQLite keeps no statistics.
  if (const auto planned = db.connection().planned_rows("cpe_matches")) CHECK(*planned == 3);
  replace_known_exploited(db,
                          {{"CVE-2024-0003",
                            "Cisco",
                            "IOS XE",
                            "a flaw",
                            "2024-01-02",
                            "2024-01-23",
                            "Unknown",
                            {},
                            {}}},
                          test_dataset("kev"));
  VulnerabilityStore through_product(db);
  CHECK(through_product.ids_for_product("cisco", "ios_xe") ==
        std::vector<std::string>{"CVE-2024-0003"});
  CHECK(through_product.ids_for_product("cisco", "c9300-48p").empty());  // not vulnerable itself
  const StoredVulnerability& read = through_product.vulnerability("CVE-2024-0003");
  VulnerabilityStore by_itself(db);
  const StoredVulnerability& alone = by_itself.vulnerability("CVE-2024-0003");
  for (const StoredVulnerability* stored : {&read, &alone}) {
    CHECK(stored->record.description == "a flaw");
    CHECK(stored->record.cvss_v3 == 7.5);
    REQUIRE(stored->record.configurations.size() == 2);
    CHECK(stored->record.configurations[0].all);
    REQUIRE(stored->record.configurations[0].nodes.size() == 2);
    CHECK(stored->record.configurations[0].nodes[1].matches.front().criteria ==
          "cpe:2.3:h:cisco:c9300-48p:-:*:*:*:*:*:*:*");
    CHECK(stored->record.configurations[1].nodes[0].matches.front().range.end_excluding ==
          "16.12.1");
    REQUIRE(stored->known_exploited);
    CHECK(stored->known_exploited->date_added == "2024-01-02");
  }
  const StoredVulnerability& absent = by_itself.vulnerability("CVE-1999-0001");
  CHECK(absent.record.cve_id == "CVE-1999-0001");
  CHECK(absent.record.configurations.empty());
  CHECK_FALSE(absent.known_exploited);
}
