// kensa export and kensa verify: every format from a real sweep, checked
// row by row against the database; hostile device strings exported safely
// in every format; the CycloneDX output accepted by the official validator;
// the HTML report loaded in headless Chromium.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "riskdb/database.hpp"
#include "riskdb/statement.hpp"
#include "tests/harness/export_checks.hpp"
#include "tests/harness/snmpd_agent.hpp"
#include "tests/harness/snmpsim_agent.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* const formats[] = {"csv", "json", "jsonl", "cyclonedx", "html", "xlsx"};

fs::path export_to(const std::string& db, const fs::path& directory, const std::string& format,
                   const std::vector<std::string>& extra = {}) {
  fs::create_directories(directory);
  const fs::path out = directory / ("export." + format);
  std::vector<std::string> argv{"export", "--db", db, "--format", format, "--out", out.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  const ProcessResult result = run_kensa(argv);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  REQUIRE(fs::exists(out));
  REQUIRE(fs::exists(out.string() + ".manifest.json"));
  return out;
}

// What the database says of each device of a sweep: the facts exports show.
struct Expected {
  std::optional<std::string> vendor, model, serial, firmware, address, risk, screening;
  bool neighbor_only = false;
  std::int64_t findings = 0;
};

std::map<std::int64_t, Expected> expected_devices(const std::string& db, std::int64_t sweep) {
  auto database = kensa::riskdb::Database::open(db);
  kensa::riskdb::Statement query(
      database,
      "SELECT o.device_id, o.vendor, o.model, o.serial, o.firmware, o.address, o.risk, "
      "o.screening_status, o.neighbor_only, "
      "(SELECT count(*) FROM findings f WHERE f.sweep_id = o.sweep_id AND f.device_id = "
      "o.device_id) + (SELECT count(*) FROM profile_findings p WHERE p.profile_id = o.profile_id) "
      "FROM observations o WHERE o.sweep_id = ?1");
  query.bind(1, sweep);
  std::map<std::int64_t, Expected> devices;
  while (query.step()) {
    Expected& e = devices[query.integer(0)];
    e.vendor = query.optional_text(1);
    e.model = query.optional_text(2);
    e.serial = query.optional_text(3);
    e.firmware = query.optional_text(4);
    e.address = query.optional_text(5);
    e.risk = query.optional_text(6);
    e.screening = query.optional_text(7);
    e.neighbor_only = query.integer(8) != 0;
    e.findings = query.integer(9);
  }
  return devices;
}

std::string text_of(const json& value) { return value.is_null() ? "" : value.get<std::string>(); }

void check_json_device(const json& device, const std::map<std::int64_t, Expected>& expected,
                       const std::map<std::int64_t, std::size_t>& profile_findings) {
  const auto found = expected.find(device["device_id"].get<std::int64_t>());
  REQUIRE(found != expected.end());
  const Expected& e = found->second;
  CHECK(text_of(device["vendor"]) == e.vendor.value_or(""));
  CHECK(text_of(device["model"]) == e.model.value_or(""));
  CHECK(text_of(device["serial"]) == e.serial.value_or(""));
  CHECK(text_of(device["firmware"]) == e.firmware.value_or(""));
  CHECK(text_of(device["address"]) == e.address.value_or(""));
  CHECK(text_of(device["risk"]) == e.risk.value_or(""));
  CHECK(text_of(device["screening_status"]) == e.screening.value_or(""));
  CHECK(device["neighbor_only"].get<bool>() == e.neighbor_only);
  std::size_t findings = device["findings"].size();
  if (!device["software_profile"].is_null())
    findings += profile_findings.at(device["software_profile"].get<std::int64_t>());
  CHECK(static_cast<std::int64_t>(findings) == e.findings);
}

// The rows of the first worksheet of an xlsx file, as the text of each cell.
std::string xlsx_sheet(const fs::path& file, int sheet) {
  const ProcessResult unzip =
      run_process({"python3", "-c",
                   "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("
                   "'xl/worksheets/sheet' + sys.argv[2] + '.xml').decode())",
                   file.string(), std::to_string(sheet)});
  INFO(unzip.describe());
  REQUIRE(unzip.exit_code == 0);
  return unzip.out;
}

}  // namespace

TEST_CASE("every export format of a real sweep matches the database, and verifies") {
  if (const auto reason = SnmpsimAgent::unavailable_reason()) {
    std::cout << "SKIPPED: " << *reason << '\n';
    return;
  }
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  SnmpsimAgent router({fs::path(KENSA_SOURCE_DIR) / "tests/fixtures/walks/edge-router.snmprec"},
                      "edge-router");
  SnmpdSettings cisco;
  cisco.descr =
      "Cisco IOS Software, C3750E Software (C3750E-UNIVERSALK9-M), Version 15.0(2)SE11, RELEASE "
      "SOFTWARE (fc2)";
  cisco.object_id = ".1.3.6.1.4.1.9.1.1227";
  cisco.community = "edge-router";
  SnmpdAgent agent(cisco);
  REQUIRE(run_kensa({"feeds", "import", "screening",
                     (fs::path(KENSA_SOURCE_DIR) / "tests/fixtures/feeds/screening.csv").string(),
                     "--db", db})
              .exit_code == 0);
  const ProcessResult swept = run_kensa(
      {"sweep", router.endpoint(), agent.endpoint(), "--db", db, "--json", "--timeout", "2000"},
      {{"KENSA_COMMUNITY", "edge-router"}});
  INFO(swept.describe());
  REQUIRE(swept.exit_code == 0);
  const auto expected = expected_devices(db, 1);
  REQUIRE(expected.size() == 4);  // two polled, two neighbours of the router

  std::map<std::string, fs::path> files;
  for (const char* format : formats) files[format] = export_to(db, directory.path(), format);

  // JSON: the documented schema, every device as the database has it.
  const json document = json::parse(read_file(files["json"]));
  CHECK(document["schema"] == "kensa-export");
  CHECK(document["schema_version"] == 1);
  CHECK(document["sweep"]["id"] == 1);
  CHECK(!document["datasets"].empty());
  std::map<std::int64_t, std::size_t> profile_findings;
  for (const auto& profile : document["software_profiles"])
    profile_findings[profile["id"].get<std::int64_t>()] = profile["findings"].size();
  REQUIRE(document["devices"].size() == expected.size());
  for (const auto& device : document["devices"])
    check_json_device(device, expected, profile_findings);
  CHECK(document["summary"]["devices"] == expected.size());

  // JSON Lines: the same records, one per line, header first and summary last.
  std::istringstream lines(read_file(files["jsonl"]));
  std::vector<json> records;
  for (std::string line; std::getline(lines, line);) records.push_back(json::parse(line));
  REQUIRE(records.size() >= expected.size() + 2);
  CHECK(records.front()["record"] == "export");
  CHECK(records.back()["record"] == "summary");
  std::size_t jsonl_devices = 0;
  for (const auto& record : records)
    if (record["record"] == "device") {
      ++jsonl_devices;
      check_json_device(record, expected, profile_findings);
    }
  CHECK(jsonl_devices == expected.size());

  // CSV: a header and one row per device, field for field.
  const auto rows = parse_csv(read_file(files["csv"]));
  REQUIRE(rows.size() == expected.size() + 1);
  const auto& header = rows[0];
  const auto column = [&](const std::string& name) {
    const auto at = std::find(header.begin(), header.end(), name);
    REQUIRE(at != header.end());
    return static_cast<std::size_t>(at - header.begin());
  };
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    REQUIRE(row.size() == header.size());
    const Expected& e = expected.at(std::stoll(row[column("device_id")]));
    CHECK(row[column("vendor")] == e.vendor.value_or(""));
    CHECK(row[column("model")] == e.model.value_or(""));
    CHECK(row[column("serial")] == e.serial.value_or(""));
    CHECK(row[column("firmware")] == e.firmware.value_or(""));
    CHECK(row[column("address")] == e.address.value_or(""));
    CHECK(row[column("risk")] == e.risk.value_or(""));
    CHECK(row[column("screening_status")] == e.screening.value_or(""));
    CHECK(row[column("findings")] == std::to_string(e.findings));
  }
  // --modules: one row per module of the router's entity tree.
  const auto module_rows =
      parse_csv(read_file(export_to(db, directory.path() / "m", "csv", {"--modules"})));
  {
    auto database = kensa::riskdb::Database::open(db);
    kensa::riskdb::Statement modules(database,
                                     "SELECT count(*) FROM modules m JOIN observations o ON o.id = "
                                     "m.observation_id WHERE o.sweep_id = 1");
    REQUIRE(modules.step());
    CHECK(modules.integer(0) > 0);
    CHECK(module_rows.size() == static_cast<std::size_t>(modules.integer(0)) + 1);
  }

  // CycloneDX: one device component per device, accepted by the official validator.
  const json bom = json::parse(read_file(files["cyclonedx"]));
  CHECK(bom["specVersion"] == "1.6");
  CHECK(bom["components"].size() == expected.size());
  const ProcessResult validated = validate_cyclonedx(KENSA_NPM_PREFIX, {files["cyclonedx"]});
  INFO(validated.describe());
  CHECK(validated.exit_code == 0);

  // XLSX: the Devices sheet holds a row per device, and every serial.
  const std::string sheet = xlsx_sheet(files["xlsx"], 1);
  std::size_t sheet_rows = 0;
  for (auto at = sheet.find("<row "); at != std::string::npos; at = sheet.find("<row ", at + 1))
    ++sheet_rows;
  CHECK(sheet_rows == expected.size() + 1);
  for (const auto& [id, e] : expected)
    if (e.serial) CHECK(sheet.find(*e.serial) != std::string::npos);

  // The HTML report loads without console errors and shows the right counts.
  if (const auto reason = chromium_unavailable_reason()) {
    std::cout << "SKIPPED (HTML in a browser): " << *reason << '\n';
  } else {
    const BrowserPage page =
        load_in_chromium(files["html"], fs::path(KENSA_ARTIFACTS) / "export-report.png");
    INFO(page.log);
    CHECK(page.console_problems.empty());
    CHECK(page.dom.find("data-ready=\"yes\"") != std::string::npos);
    CHECK(page.dom.find("<b id=\"count-devices\">" + std::to_string(expected.size()) + "</b>") !=
          std::string::npos);
    CHECK(page.dom.find("Showing " + std::to_string(expected.size()) + " of " +
                        std::to_string(expected.size()) + " matching devices") !=
          std::string::npos);
  }

  // Integrity: every manifest verifies; a changed byte does not.
  for (const char* format : formats) {
    const ProcessResult verified = run_kensa({"verify", files[format].string() + ".manifest.json"});
    INFO(verified.describe());
    CHECK(verified.exit_code == 0);
  }
  const json manifest = json::parse(read_file(files["json"].string() + ".manifest.json"));
  CHECK(manifest["sweep"]["id"] == 1);
  CHECK(manifest["files"][0]["name"] == "export.json");
  CHECK(!manifest["policy_sha256"].is_null());
  CHECK(manifest["datasets"].size() == document["datasets"].size());
  {
    std::fstream tamper(files["csv"], std::ios::in | std::ios::out | std::ios::binary);
    tamper.seekp(10);
    tamper.put('#');
  }
  const ProcessResult tampered = run_kensa({"verify", files["csv"].string() + ".manifest.json"});
  CHECK(tampered.exit_code == 1);
  CHECK(tampered.out.find("MISMATCH export.csv: SHA-256") != std::string::npos);
  fs::remove(files["xlsx"]);
  const ProcessResult missing = run_kensa({"verify", files["xlsx"].string() + ".manifest.json"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.out.find("export.xlsx: missing") != std::string::npos);

  // Reproducible: the same export twice gives the same bytes.
  const fs::path again = export_to(db, directory.path() / "again", "json");
  CHECK(read_file(again) == read_file(files["json"]));
  // Filters apply: only the Juniper router.
  const json juniper = json::parse(
      read_file(export_to(db, directory.path() / "filtered", "json", {"--vendor", "juniper"})));
  REQUIRE(juniper["devices"].size() == 1);
  CHECK(juniper["devices"][0]["vendor"] == "Juniper Networks");
  CHECK(juniper["filter"]["vendor"] == "juniper");
  for (const auto& profile : juniper["software_profiles"])
    CHECK(profile["id"] == juniper["devices"][0]["software_profile"]);
  // The filtered xlsx holds that one device and no other's vulnerabilities.
  const fs::path juniper_xlsx =
      export_to(db, directory.path() / "filtered", "xlsx", {"--vendor", "juniper"});
  const std::string devices_sheet = xlsx_sheet(juniper_xlsx, 1);
  std::size_t juniper_rows = 0;
  for (auto at = devices_sheet.find("<row "); at != std::string::npos;
       at = devices_sheet.find("<row ", at + 1))
    ++juniper_rows;
  CHECK(juniper_rows == 2);
}

TEST_CASE("hostile device strings export safely in every format") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const ProcessResult written =
      run_process({KENSA_HOSTILE_SWEEP, db}, {}, std::chrono::seconds(60));
  INFO(written.describe());
  REQUIRE(written.exit_code == 0);
  std::map<std::string, fs::path> files;
  for (const char* format : formats) files[format] = export_to(db, directory.path(), format);

  // CSV: no field a spreadsheet would run, no control character, valid rows.
  const std::string csv = read_file(files["csv"]);
  const auto rows = parse_csv(csv);
  REQUIRE(rows.size() == 6);
  for (const auto& row : rows) {
    CHECK(row.size() == rows[0].size());
    for (const auto& field : row) {
      if (field.empty()) continue;
      CHECK_MESSAGE(std::string("=+-@\t\r").find(field[0]) == std::string::npos,
                    field.substr(0, 40));
      const bool control = std::any_of(field.begin(), field.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      });
      CHECK_MESSAGE(!control, field.substr(0, 40));
    }
  }
  CHECK(csv.find("'=HYPERLINK") != std::string::npos);
  CHECK(csv.find("'+SUM(1+1)") != std::string::npos);
  CHECK(csv.find("\\x1b]0;owned") != std::string::npos);  // visible, not obeyed
  CHECK(csv.find("caf\\xe9") != std::string::npos);

  // JSON and JSON Lines: valid UTF-8 JSON, strings kept whole (invalid
  // bytes replaced), the 64 KiB strings intact.
  const json document = json::parse(read_file(files["json"]));
  REQUIRE(document["devices"].size() == 5);
  std::map<std::string, json> by_address;
  for (const auto& device : document["devices"]) by_address[device["address"]] = device;
  CHECK(by_address["192.0.2.2"]["sys_name"] == "<script>alert('x')</script>");
  CHECK(by_address["192.0.2.4"]["sys_name"] == "caf\xef\xbf\xbd");
  CHECK(by_address["192.0.2.5"]["serial"].get<std::string>().size() == 65536);
  CHECK(by_address["192.0.2.3"]["sys_descr"].get<std::string>().find('\x1b') != std::string::npos);
  std::istringstream lines(read_file(files["jsonl"]));
  for (std::string line; std::getline(lines, line);) CHECK(json::accept(line));

  // CycloneDX: still valid for the official validator.
  const ProcessResult validated = validate_cyclonedx(KENSA_NPM_PREFIX, {files["cyclonedx"]});
  INFO(validated.describe());
  CHECK(validated.exit_code == 0);

  // XLSX: every sheet is well-formed XML (no raw control character).
  for (int sheet = 1; sheet <= 6; ++sheet) {
    const ProcessResult parsed = run_process(
        {"python3", "-c",
         "import sys, zipfile, xml.dom.minidom; xml.dom.minidom.parseString(zipfile.ZipFile("
         "sys.argv[1]).read('xl/worksheets/sheet' + sys.argv[2] + '.xml'))",
         files["xlsx"].string(), std::to_string(sheet)});
    INFO(parsed.describe());
    CHECK(parsed.exit_code == 0);
  }

  // HTML: no device string becomes markup or script.
  const std::string html = read_file(files["html"]);
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("</script><script>document.title") == std::string::npos);
  if (const auto reason = chromium_unavailable_reason()) {
    std::cout << "SKIPPED (HTML in a browser): " << *reason << '\n';
    return;
  }
  const BrowserPage page =
      load_in_chromium(files["html"], fs::path(KENSA_ARTIFACTS) / "export-hostile.png");
  INFO(page.log);
  CHECK(page.console_problems.empty());
  CHECK(page.dom.find("data-ready=\"yes\"") != std::string::npos);
  CHECK(page.dom.find("<title>kensa sweep 1 report</title>") != std::string::npos);
  CHECK(page.dom.find("<img") == std::string::npos);
  CHECK(page.dom.find("<b id=\"count-devices\">5</b>") != std::string::npos);
  // The hostile names are on the page as text.
  CHECK(page.dom.find("&lt;script&gt;alert('x')&lt;/script&gt;") != std::string::npos);
}

TEST_CASE("filters keep other devices' vulnerabilities out of every export") {
  // The demo's Cisco switch runs a release with CVE-2023-20198; the Juniper
  // router none. Exported alone, the router brings no vulnerability along.
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "demo.db").string();
  const ProcessResult demo =
      run_kensa({"demo", "--db", db, "--report", (directory.path() / "demo.html").string()});
  INFO(demo.describe());
  REQUIRE(demo.exit_code == 0);
  const auto vulnerabilities_sheet = 4;
  CHECK(xlsx_sheet(export_to(db, directory.path() / "all", "xlsx"), vulnerabilities_sheet)
            .find("CVE-2023-20198") != std::string::npos);
  const std::vector<std::string> juniper{"--vendor", "juniper"};
  for (const char* format : formats) {
    CAPTURE(format);
    const fs::path file = export_to(db, directory.path() / "juniper", format, juniper);
    const std::string text =
        std::string(format) == "xlsx" ? xlsx_sheet(file, vulnerabilities_sheet) : read_file(file);
    CHECK(text.find("CVE-2023-20198") == std::string::npos);
  }
}
