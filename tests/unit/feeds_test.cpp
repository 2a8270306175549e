#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "feeds/feed_error.hpp"
#include "feeds/feed_fetch.hpp"
#include "feeds/feed_import.hpp"
#include "feeds/screening_register_csv.hpp"
#include "riskdb/risk_judge.hpp"
#include "riskdb/statement.hpp"
#include "tests/unit/riskdb_fixture.hpp"

using namespace kensa::feeds;
using kensa::riskdb::Database;
using kensa::riskdb::Statement;
using kensa::testing::RiskDbFixture;
using kensa::testing::write_file;

namespace {

const std::filesystem::path fixtures = std::filesystem::path(KENSA_FIXTURES) / "feeds";
const std::filesystem::path shared =
    std::filesystem::path(KENSA_SOURCE_DIR) / ".." / "shared" / "feeds";

std::string text_of(const Database& database, const std::string& sql) {
  Statement query(database, sql);
  std::string all;
  while (query.step()) {
    for (int column = 0; column < query.column_count(); ++column)
      all += query.optional_text(column).value_or("NULL") + "|";
    all += "\n";
  }
  return all;
}

std::int64_t count(const Database& database, const std::string& sql) {
  Statement query(database, sql);
  query.step();
  return query.integer(0);
}

// Imports `content` written to a file and returns the error message.
std::string error_importing(Database& database, FeedKind kind, const std::string& name,
                            const std::string& content) {
  kensa::testing::TemporaryDirectory directory;
  const auto file = directory.path() / name;
  write_file(file, content);
  try {
    import_feed(database, kind, {file});
  } catch (const FeedError& error) {
    return error.what();
  }
  FAIL("importing ", name, " did not fail");
  return {};
}

}  // namespace

TEST_CASE("KEV: the project's JSON and CSV give the same rows; names are trimmed") {
  RiskDbFixture fixture;
  const auto json = import_feed(fixture.database, FeedKind::kev, {fixtures / "kev.json"});
  CHECK(json.rows == 3);
  CHECK(json.version == "2026.11.20");
  const std::string from_json =
      text_of(fixture.database,
              "SELECT cve_id, vendor_project, product, name, date_added, "
              "due_date, ransomware FROM known_exploited ORDER BY cve_id");
  CHECK(from_json.find("|Cisco|IOS XE|Cisco IOS XE Web UI") != std::string::npos);
  CHECK(text_of(fixture.database,
                "SELECT vendor FROM known_exploited WHERE cve_id = 'CVE-2023-36845'") ==
        "Juniper Networks|\n");
  const auto csv = import_feed(fixture.database, FeedKind::kev, {fixtures / "kev.csv"});
  CHECK(csv.format == "kev-csv");
  CHECK(text_of(fixture.database,
                "SELECT cve_id, vendor_project, product, name, date_added, due_date, ransomware "
                "FROM known_exploited ORDER BY cve_id") == from_json);
}

TEST_CASE("KEV: the real catalogue, when the shared samples are present") {
  if (!std::filesystem::exists(shared / "kev")) {
    MESSAGE("../shared/feeds is absent: real-file checks skipped");
    return;
  }
  RiskDbFixture fixture;
  CHECK(import_feed(fixture.database, FeedKind::kev,
                    {shared / "kev/known_exploited_vulnerabilities.json"})
            .rows == 1404);
  // The CSV carries the same values as the JSON (only the dataset differs).
  const std::string columns =
      "SELECT cve_id, vendor_project, vendor, product, name, date_added, due_date, ransomware "
      "FROM known_exploited ORDER BY cve_id";
  const std::string json = text_of(fixture.database, columns);
  CHECK(import_feed(fixture.database, FeedKind::kev,
                    {shared / "kev/known_exploited_vulnerabilities.csv"})
            .rows == 1404);
  CHECK(text_of(fixture.database, columns) == json);
  CHECK(count(fixture.database,
              "SELECT count(*) FROM known_exploited WHERE vendor_project LIKE '% '") == 0);
}

TEST_CASE("KEV: broken files are refused with the place and field, and change nothing") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  import_feed(db, FeedKind::kev, {fixtures / "kev.json"});
  const std::string before = text_of(db, "SELECT * FROM known_exploited ORDER BY cve_id");
  const std::int64_t datasets = count(db, "SELECT count(*) FROM datasets");
  CHECK(error_importing(db, FeedKind::kev, "kev.json",
                        "{\"vulnerabilities\": [{\"cveID\": \"CVE-2023-1\"")
            .find("line 1") != std::string::npos);
  CHECK(
      error_importing(
          db, FeedKind::kev, "kev.json",
          R"({"vulnerabilities": [{"vendorProject": "x", "dateAdded": "2024-01-01", "dueDate": "2024-01-02"}]})")
          .find("/vulnerabilities/0: the required field cveID") != std::string::npos);
  CHECK(
      error_importing(
          db, FeedKind::kev, "kev.json",
          R"({"vulnerabilities": [{"cveID": "CVE-2024-0001", "cveID": "CVE-2024-0002", "dateAdded": "2024-01-01", "dueDate": "2024-01-02"}]})")
          .find("\"cveID\" appears twice") != std::string::npos);
  CHECK(error_importing(db, FeedKind::kev, "kev.json",
                        "{\"vulnerabilities\": [{\"cveID\": \"CVE-2024-0001\", \"dateAdded\": "
                        "\"2024-01-01\", \"dueDate\": "
                        "\"2024-01-02\", \"vulnerabilityName\": \"" +
                            std::string(100000, 'A') + "\"}]}")
            .find("vulnerabilityName is 100000 bytes") != std::string::npos);
  CHECK(error_importing(db, FeedKind::kev, "kev.json", std::string("\xFF\xFE{\0\"\0", 6))
            .find("UTF-16") != std::string::npos);
  CHECK(error_importing(
            db, FeedKind::kev, "kev.csv",
            "cveID,vendorProject,dateAdded,dueDate\nCVE-2024-0001,Caf\xE9,2024-01-01,2024-01-02\n")
            .find("line 2: field vendorProject is not valid UTF-8") != std::string::npos);
  CHECK(error_importing(db, FeedKind::kev, "kev.csv",
                        "cveID,dateAdded,dueDate\nCVE-2024-0001,\"2024-01-01,2024-01-02\n")
            .find("ends inside a quoted field") != std::string::npos);
  CHECK(error_importing(db, FeedKind::kev, "kev.csv",
                        "cveID,dateAdded,dueDate\nCVE-2024-0001,01/02/2024,2024-01-02\n")
            .find("dateAdded \"01/02/2024\" is not a date") != std::string::npos);
  CHECK(text_of(db, "SELECT * FROM known_exploited ORDER BY cve_id") == before);
  CHECK(count(db, "SELECT count(*) FROM datasets") == datasets);
}

TEST_CASE("NVD: an API page and single records, configurations kept, import idempotent") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  const auto report = import_feed(db, FeedKind::nvd, {fixtures / "nvd-page.json"});
  CHECK(report.rows == 2);
  CHECK(report.format == "nvd-api-2.0");
  CHECK(
      count(
          db,
          "SELECT count(*) FROM cpe_matches WHERE cve_id = 'CVE-2023-36845' AND vulnerable = 0") ==
      2);
  CHECK(count(db,
              "SELECT count(*) FROM vulnerabilities WHERE cve_id = 'CVE-2024-3400' AND cvss_v3 = "
              "10.0 AND cvss_v4 = 10.0") == 1);
  CHECK(count(db,
              "SELECT count(*) FROM vulnerabilities WHERE cve_id = 'CVE-2023-36845' AND cvss_v3 = "
              "9.8") == 1);  // Primary wins
  CHECK(count(db,
              "SELECT count(*) FROM cpe_matches WHERE criteria LIKE '%ex4550\\/vc%' ESCAPE '!'") ==
        1);
  // Importing again leaves the same rows (they now name the newer dataset).
  const std::string tables =
      "SELECT cve_id, published, description, cvss_v2, cvss_v3, cvss_v4 FROM vulnerabilities ORDER "
      "BY cve_id";
  const std::string matches =
      "SELECT cve_id, vulnerable, criteria, start_including, end_excluding FROM cpe_matches ORDER "
      "BY cve_id, criteria";
  const std::string first = text_of(db, tables) + text_of(db, matches);
  const std::int64_t datasets = count(db, "SELECT count(*) FROM datasets WHERE kind = 'nvd'");
  import_feed(db, FeedKind::nvd, {fixtures / "nvd-page.json"});
  CHECK(text_of(db, tables) + text_of(db, matches) == first);
  CHECK(count(db, "SELECT count(*) FROM cpe_matches") == 6);
  CHECK(count(db, "SELECT count(*) FROM datasets WHERE kind = 'nvd'") == datasets + 1);

  // The judgement reads them back: PAN-OS 10.2.0-h1 is named across version and update.
  kensa::riskdb::RiskJudge judge(
      db, kensa::riskdb::load_policy(kensa::riskdb::risk_data_file("policy.toml")), "2026-11-26");
  const auto panos = judge.judge(
      kensa::testing::make_device("Palo Alto Networks", "PA-850", "panos", "10.2.0-h1"));
  REQUIRE(panos.vulnerabilities);
  REQUIRE(panos.vulnerabilities->findings.size() == 1);
  CHECK(panos.vulnerabilities->findings.front().reference == "CVE-2024-3400");
  const auto junos = judge.judge(
      kensa::testing::make_device("Juniper Networks", "SRX300", "junos", "21.4R3-S4.9"));
  CHECK(junos.vulnerabilities->findings.size() == 1);
}

TEST_CASE("NVD: the real samples, when present, import twice to identical data") {
  if (!std::filesystem::exists(shared / "nvd")) {
    MESSAGE("../shared/feeds is absent: real-file checks skipped");
    return;
  }
  RiskDbFixture fixture;
  Database& db = fixture.database;
  CHECK(import_feed(db, FeedKind::nvd, {shared / "nvd/nvdcve-2.0-sample.json"}).rows == 31);
  const std::string dump =
      "SELECT v.cve_id, v.cvss_v2, v.cvss_v3, v.cvss_v4, v.description, m.vulnerable, m.criteria, "
      "m.start_including, m.start_excluding, m.end_including, m.end_excluding "
      "FROM vulnerabilities v JOIN cpe_matches m USING (cve_id) ORDER BY v.cve_id, m.criteria, "
      "m.id";
  const std::string once = text_of(db, dump);
  CHECK(import_feed(db, FeedKind::nvd, {shared / "nvd"}).rows == 31);
  CHECK(text_of(db, dump) == once);
  CHECK(count(db, "SELECT count(*) FROM datasets WHERE kind = 'nvd'") == 2);
}

TEST_CASE("NVD: broken records name the JSON path") {
  RiskDbFixture fixture;
  CHECK(
      error_importing(
          fixture.database, FeedKind::nvd, "one.json",
          R"({"id": "CVE-2024-0001", "configurations": [{"nodes": [{"operator": "XOR", "cpeMatch": []}]}]})")
          .find("/configurations/0/nodes/0/operator: must be AND or OR") != std::string::npos);
  CHECK(
      error_importing(
          fixture.database, FeedKind::nvd, "one.json",
          R"({"id": "CVE-2024-0001", "configurations": [{"nodes": [{"operator": "OR", "cpeMatch": [{"vulnerable": true, "criteria": "cpe:2.3:o:x"}]}]}]})")
          .find("/cpeMatch/0/criteria: CPE 2.3 name has") != std::string::npos);
  CHECK(
      error_importing(fixture.database, FeedKind::nvd, "page.json",
                      R"({"vulnerabilities": [{"cve": {"id": "NOT-A-CVE"}}], "configurations": 1})")
          .find("/vulnerabilities/0/cve/id") != std::string::npos);
}

TEST_CASE("IANA enterprise numbers: the registry's text layout and Debian's TSV") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  const auto report = import_feed(db, FeedKind::pen, {fixtures / "pen.txt"});
  CHECK(report.rows == 4);
  CHECK(report.version == "2026-11-01");
  CHECK(
      text_of(db, "SELECT organization, contact, email FROM enterprise_numbers WHERE number = 9") ==
      "ciscoSystems|Dave Jones|davej@cisco.com|\n");
  CHECK(text_of(db, "SELECT email FROM enterprise_numbers WHERE number = 2636") == "NULL|\n");
  if (std::filesystem::exists(shared / "pen"))
    CHECK(import_feed(db, FeedKind::pen, {shared / "pen/enterprise-numbers.sample.txt"}).rows ==
          80);
  if (std::filesystem::exists("/usr/share/wireshark/enterprises.tsv"))
    CHECK(import_feed(db, FeedKind::pen, {"/usr/share/wireshark/enterprises.tsv"}).rows > 50000);
  CHECK(error_importing(db, FeedKind::pen, "pen.tsv", "# test\n9\tciscoSystems\n9\tagain\n")
            .find("appears twice") != std::string::npos);
  CHECK(error_importing(db, FeedKind::pen, "pen.tsv", "# test\nnine\tciscoSystems\n")
            .find("line 2") != std::string::npos);
}

TEST_CASE("IEEE registries: a directory of CSVs is one dataset") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  CHECK(import_feed(db, FeedKind::oui, {fixtures / "oui"}).rows == 3);
  CHECK(text_of(db, "SELECT bits, organization FROM mac_blocks WHERE prefix = '70B3D51'") ==
        "28|Example Sensors Ltd|\n");
  CHECK(text_of(db, "SELECT organization FROM mac_blocks WHERE prefix = '00000C'") ==
        "Cisco Systems, Inc|\n");
  if (std::filesystem::exists("/usr/share/ieee-data/oui.csv"))
    CHECK(import_feed(db, FeedKind::oui, {"/usr/share/ieee-data"}).rows > 40000);
  CHECK(error_importing(db, FeedKind::oui, "oui.csv",
                        "Registry,Assignment,Organization Name\nMA-L,00XZ11,Bad\n")
            .find("line 2: Assignment \"00XZ11\"") != std::string::npos);
}

TEST_CASE("endoflife.date: product files and API answers map to OS families") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  const auto report = import_feed(db, FeedKind::eol, {fixtures / "cisco-ios-xe.md"});
  CHECK(report.rows == 3);
  CHECK(report.warnings.empty());
  CHECK(text_of(db,
                "SELECT os_family, pattern, end_of_support, end_of_life FROM lifecycle ORDER BY "
                "pattern") ==
        "iosxe|16.12|ended|ended|\niosxe|17.12|2026-01-28|2027-07-28|\niosxe|17.9|2025-01-29|2026-"
        "07-29|\n");
  kensa::testing::TemporaryDirectory directory;
  write_file(
      directory.path() / "pan-os.json",
      R"([{"cycle": "10.2", "releaseDate": "2022-02-27", "eol": "2025-08-27", "support": true}, {"cycle": "11.1", "eol": false}])");
  CHECK(import_feed(db, FeedKind::eol, {directory.path() / "pan-os.json"}).rows == 2);
  CHECK(text_of(db,
                "SELECT end_of_support, end_of_life FROM lifecycle WHERE os_family = 'panos' ORDER "
                "BY pattern") == "ended|2025-08-27|\nNULL|NULL|\n");
  if (std::filesystem::exists(shared / "eol")) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(shared / "eol"))
      if (entry.path().extension() == ".md") files.push_back(entry.path());
    CHECK(import_feed(db, FeedKind::eol, files).rows > 200);
  }
  CHECK(error_importing(db, FeedKind::eol, "x.md", "---\nreleases:\n  - releaseCycle: [\n---\n")
            .find("x.md line") != std::string::npos);
  CHECK(error_importing(db, FeedKind::eol, "x.md",
                        "---\nreleases:\n  - releaseCycle: \"1.0\"\n    eol: someday\n---\n")
            .find("eol \"someday\" is not a date") != std::string::npos);
}

TEST_CASE("every importer refuses truncated, mis-encoded, incomplete and oversized files") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  const std::string huge(70000, 'x');
  const std::string utf16("\xFF\xFE{\0", 4);
  // Truncated JSON, UTF-16, and duplicate keys, for each JSON kind.
  for (const auto& [kind, name] : {std::pair{FeedKind::nvd, "n.json"},
                                   {FeedKind::restrictions, "r.json"},
                                   {FeedKind::eol, "e.json"},
                                   {FeedKind::kev, "k.json"}}) {
    const char* const file_name = name;
    CAPTURE(file_name);
    CHECK(error_importing(db, kind, name, "{\"lists\": [{\"name\": \"x\"").find("line 1") !=
          std::string::npos);
    CHECK(error_importing(db, kind, name, utf16).find("UTF-16") != std::string::npos);
    CHECK(error_importing(db, kind, name, R"({"a": 1, "a": 2})").find("appears twice") !=
          std::string::npos);
  }
  // CSV and text kinds: invalid UTF-8, a missing field, an oversized field.
  const std::string header =
      "vendor,model_pattern,firmware_min,firmware_max,scope,status,case_id,decided_on,expires_on,"
      "note\n";
  CHECK(error_importing(db, FeedKind::screening, "s.csv",
                        header + "Caf\xE9,*,,,device,approved,,,,\n")
            .find("not valid UTF-8") != std::string::npos);
  CHECK(error_importing(db, FeedKind::screening, "s.csv", header + "Cisco,*,,,device\n")
            .find("5 fields") != std::string::npos);
  CHECK(error_importing(db, FeedKind::screening, "s.csv",
                        header + "Cisco,*,,,device,approved,,,," + huge + "\n")
            .find("note is 70000 bytes") != std::string::npos);
  CHECK(error_importing(db, FeedKind::oui, "oui.csv",
                        "Registry,Assignment,Organization Name\nMA-L,001122\n")
            .find("at least 3 fields") != std::string::npos);
  CHECK(error_importing(db, FeedKind::oui, "oui.csv",
                        "Registry,Assignment,Organization Name\nMA-L,001122," + huge + "\n")
            .find("70000 bytes") != std::string::npos);
  CHECK(error_importing(db, FeedKind::pen, "pen.txt", "Decimal\n9\n  Caf\xE9 Systems\n")
            .find("not valid UTF-8") != std::string::npos);
  CHECK(error_importing(db, FeedKind::pen, "pen.txt", "Decimal\n9\n  " + huge + "\n")
            .find("more than the limit") != std::string::npos);
  CHECK(error_importing(db, FeedKind::eol, "x.md", "---\ntitle: x\n---\n")
            .find("releases: missing") != std::string::npos);
  CHECK(error_importing(db, FeedKind::nvd, "n.json", R"({"configurations": []})")
            .find("required field id") != std::string::npos);
}

TEST_CASE("restriction lists: the curated default loads; bad entries are refused") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  const auto report = import_feed(db, FeedKind::restrictions, {curated_restrictions_file()});
  CHECK(report.rows >= 15);
  CHECK(count(db, "SELECT count(DISTINCT list_name) FROM restrictions") == 3);
  kensa::riskdb::RiskJudge judge(
      db, kensa::riskdb::load_policy(kensa::riskdb::risk_data_file("policy.toml")), "2026-11-26");
  const auto camera = judge.judge(kensa::testing::make_device("HiLook", "IPC-B140H"));
  // One finding naming both lists that cover the maker.
  CHECK(std::count_if(camera.findings.begin(), camera.findings.end(), [](const auto& f) {
          return f.kind == kensa::riskdb::FindingKind::restricted_vendor &&
                 f.reference == "FCC Covered List, NDAA section 889";
        }) == 1);
  CHECK(
      error_importing(
          db, FeedKind::restrictions, "r.json",
          R"({"format": "kensa restriction lists 1", "lists": [{"name": "L", "source": "S", "entries": [{"entity": "E", "vendor": "Nobody Inc", "equipment_scope": "all", "citation": "https://x"}]}]})")
          .find("/lists/0/entries/0/vendor: \"Nobody Inc\" is not in the vendor catalogue") !=
      std::string::npos);
  CHECK(
      error_importing(
          db, FeedKind::restrictions, "r.json",
          R"({"format": "kensa restriction lists 1", "lists": [{"name": "L", "source": "S", "entries": [{"entity": "E", "equipment_scope": "all"}]}]})")
          .find("the required field citation") != std::string::npos);
}

TEST_CASE(
    "the screening register refuses a vendor the catalogue does not know, naming the nearest") {
  RiskDbFixture fixture;
  const std::string header =
      "vendor,model_pattern,firmware_min,firmware_max,scope,status,case_id,decided_on,expires_on,"
      "note\n";
  const std::string error =
      error_importing(fixture.database, FeedKind::screening, "register.csv",
                      header + "Huwei,S5720*,,,device,rejected,SCR-1,2026-01-01,,\n");
  CHECK(error.find("register.csv line 2") != std::string::npos);
  CHECK(error.find("did you mean Huawei?") != std::string::npos);
  CHECK(count(fixture.database, "SELECT count(*) FROM screening_register") == 0);
}

TEST_CASE("the screening register: CSV in, CSV out, losslessly") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  CHECK(import_feed(db, FeedKind::screening, {fixtures / "screening.csv"}).rows == 4);
  std::ostringstream exported;
  export_screening_register(db, exported);
  kensa::testing::TemporaryDirectory directory;
  write_file(directory.path() / "again.csv", exported.str());
  import_feed(db, FeedKind::screening, {directory.path() / "again.csv"});
  std::ostringstream again;
  export_screening_register(db, again);
  CHECK(again.str() == exported.str());
  CHECK(exported.str().find("\"approved with conditions, see \"\"memo 4\"\"\"") !=
        std::string::npos);
  CHECK(error_importing(db, FeedKind::screening, "s.csv",
                        "vendor,model_pattern,firmware_min,firmware_max,scope,status,case_id,"
                        "decided_on,expires_on,note\n"
                        "Cisco,*,,,device,maybe,,,,\n")
            .find("line 2: status \"maybe\"") != std::string::npos);
  CHECK(error_importing(db, FeedKind::screening, "s.csv", "vendor,model\nCisco,x\n")
            .find("column 2 must be model_pattern") != std::string::npos);
}
