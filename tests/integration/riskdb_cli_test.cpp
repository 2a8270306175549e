// kensa check, db status, inventory and findings against real database
// files, and the database under a concurrent reader and a killed writer.

#include <doctest/doctest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "feeds/catalogue_import.hpp"
#include "riskdb/data_files.hpp"
#include "riskdb/risk_data.hpp"
#include "riskdb/screening_register.hpp"
#include "riskdb/statement.hpp"
#include "tests/harness/snmpd_agent.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;
using namespace kensa::riskdb;

namespace {

Dataset dataset(const char* kind, const char* version) {
  Dataset d;
  d.kind = kind;
  d.source = std::string("https://example.test/") + kind;
  d.version = version;
  d.sha256 = std::string(64, 'c');
  return d;
}

// A database with a restriction list, one KEV-listed IOS XE vulnerability and
// a screening register approving one Juniper release.
std::filesystem::path risk_database(const TemporaryDirectory& directory) {
  const auto file = directory.path() / "kensa.db";
  Database database = Database::open(file);
  kensa::feeds::ensure_catalogue(
      database, std::filesystem::path(KENSA_SOURCE_DIR) / "scanner/data/vendors.json",
      std::filesystem::path(KENSA_SOURCE_DIR) / "riskdb/data/os-families.json");
  replace_restrictions(database,
                       {{"FCC Covered List",
                         "U.S. Federal Communications Commission",
                         "Huawei Technologies Company",
                         "Huawei",
                         {},
                         "telecommunications equipment",
                         {},
                         "2021-03-12",
                         "https://www.fcc.gov/supplychain/coveredlist",
                         {}}},
                       dataset("restrictions", "2026-01"));
  VulnerabilityWriter writer(database, dataset("nvd", "2026-11-20"));
  Vulnerability cve;
  cve.cve_id = "CVE-2023-20198";
  cve.cvss_v3 = 10.0;
  CpeMatchCriterion range{true,
                          "cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*",
                          parse_cpe("cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*"),
                          {}};
  range.range.start_including = "17.9.0";
  range.range.end_excluding = "17.9.4a";
  cve.configurations.push_back({false, false, {{false, false, {range}}}});
  writer.add(cve);
  writer.commit();
  replace_known_exploited(database,
                          {{"CVE-2023-20198",
                            "Cisco",
                            "IOS XE",
                            "Web UI",
                            "2023-10-16",
                            "2023-10-20",
                            "Known",
                            {},
                            {}}},
                          dataset("kev", "2026.11.25"));
  ScreeningEntry approved;
  approved.vendor = "Juniper Networks";
  approved.model_pattern = "MX*";
  approved.firmware_min = "21.4R3";
  approved.firmware_max = "21.4R3-S9";
  approved.status = "approved";
  approved.case_id = "SCR-2026-014";
  replace_screening_register(database, {approved}, dataset("screening", "register 7"));
  return file;
}

nlohmann::json json_of(const ProcessResult& result) {
  INFO(result.describe());
  return nlohmann::json::parse(result.out);
}

}  // namespace

TEST_CASE("kensa check gives block, review or allow with reasons, sources and exit codes") {
  TemporaryDirectory directory;
  const std::string db = risk_database(directory).string();

  const ProcessResult huawei =
      run_kensa({"check", "--db", db, "--vendor", "HUAWEI", "--model", "S5720-28X-SI"});
  INFO(huawei.describe());
  CHECK(huawei.exit_code == 3);
  CHECK(huawei.out.find("verdict: BLOCK") != std::string::npos);
  CHECK(huawei.out.find("FCC Covered List") != std::string::npos);
  CHECK(huawei.out.find("restrictions 2026-01") != std::string::npos);

  const ProcessResult exploited = run_kensa({"check", "--db", db, "--vendor", "Cisco", "--model",
                                             "ISR4321", "--firmware", "17.9.3", "--json"});
  CHECK(exploited.exit_code == 3);
  const auto verdict = json_of(exploited);
  CHECK(verdict["verdict"] == "block");
  CHECK(verdict["device"]["os"] == "iosxe");
  CHECK(verdict["os_note"].get<std::string>().find("inferred") != std::string::npos);
  bool kev = false;
  for (const auto& finding : verdict["findings"])
    if (finding["kind"] == "known_exploited") {
      kev = true;
      CHECK(finding["reference"] == "CVE-2023-20198");
      CHECK(finding["source"].get<std::string>().find("kev 2026.11.25") == 0);
      CHECK(finding["evidence"].is_array());
    }
  CHECK(kev);

  const ProcessResult fixed = run_kensa({"check", "--db", db, "--vendor", "Cisco", "--model",
                                         "ISR4321", "--firmware", "17.12.4", "--json"});
  CHECK(fixed.exit_code == 1);
  CHECK(json_of(fixed)["verdict"] == "review");
  CHECK(json_of(fixed)["screening"]["status"] == "unscreened");

  const ProcessResult screened = run_kensa(
      {"check", "--db", db, "--vendor", "juniper", "--model", "MX204", "--firmware", "21.4R3-S5"});
  INFO(screened.describe());
  CHECK(screened.exit_code == 0);
  CHECK(screened.out.find("verdict: ALLOW") != std::string::npos);
  CHECK(screened.out.find("SCR-2026-014") != std::string::npos);

  const ProcessResult drifted = run_kensa({"check", "--db", db, "--vendor", "juniper", "--model",
                                           "MX204", "--firmware", "22.2R3", "--json"});
  CHECK(json_of(drifted)["screening"]["status"] == "drifted");

  const ProcessResult unknown_os =
      run_kensa({"check", "--db", db, "--vendor", "Cisco", "--model", "Model-X", "--json"});
  CHECK(json_of(unknown_os)["os_note"].get<std::string>().find("cannot be inferred") !=
        std::string::npos);

  const ProcessResult walk = run_kensa(
      {"check", "--db", db, "--walk",
       std::string(KENSA_SOURCE_DIR) + "/tests/fixtures/walks/edge-router.snmprec", "--json"});
  const auto from_walk = json_of(walk);
  CHECK(from_walk["device"]["vendor"] == "Juniper Networks");
  CHECK(from_walk["device"]["firmware"] == "21.4R3-S1.5");
  CHECK(from_walk["screening"]["status"] == "screened");
}

TEST_CASE("kensa check errors exit 2 and say what was wrong") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const ProcessResult no_model = run_kensa({"check", "--db", db, "--vendor", "Cisco"});
  INFO(no_model.describe());
  CHECK(no_model.exit_code == 2);
  CHECK(no_model.err.find("--model") != std::string::npos);
  write_file(directory.path() / "policy.toml", "[verdict]\nblock_at = \"sometimes\"\n");
  const ProcessResult bad_policy =
      run_kensa({"check", "--db", db, "--vendor", "Cisco", "--model", "ISR4321", "--policy",
                 (directory.path() / "policy.toml").string()});
  CHECK(bad_policy.exit_code == 2);
  CHECK(bad_policy.err.find("verdict.block_at") != std::string::npos);
  const ProcessResult bad_option = run_kensa({"check", "--db", db, "--no-such-option"});
  CHECK(bad_option.exit_code == 2);
}

TEST_CASE("kensa check resolves spellings, refuses what it cannot resolve, and judges lists") {
  TemporaryDirectory directory;
  const std::string db = risk_database(directory).string();
  // The OS family as people write it: each finds the known-exploited CVE.
  for (const char* os : {"IOS-XE", "IOS XE", "ios_xe", "Cisco IOS XE", "iosxe"}) {
    const ProcessResult result =
        run_kensa({"check", "--db", db, "--vendor", "Cisco", "--model", "ISR4321/K9", "--os", os,
                   "--firmware", "17.9.3", "--json"});
    INFO(os, " ", result.describe());
    CHECK(result.exit_code == 3);
    const auto verdict = json_of(result);
    CHECK(verdict["device"]["os"] == "iosxe");
    REQUIRE(!verdict["findings"].empty());
    const auto& finding = verdict["findings"].front();
    CHECK(finding["reference"] == "CVE-2023-20198");
    CHECK(finding["affected"] == "affected from 17.9.0 to before 17.9.4a");
    CHECK(finding["fixed"] == "17.9.4a");
    CHECK(finding["sources"].size() == 2);  // NVD and CISA KEV
  }
  const ProcessResult fixed = run_kensa({"check", "--db", db, "--vendor", "Cisco", "--model",
                                         "ISR4321/K9", "--os", "IOS-XE", "--firmware", "17.9.4a"});
  CHECK(fixed.exit_code == 1);
  CHECK(fixed.out.find("CVE-2023-20198") == std::string::npos);

  const ProcessResult misspelt =
      run_kensa({"check", "--db", db, "--vendor", "huwei", "--model", "S5720"});
  INFO(misspelt.describe());
  CHECK(misspelt.exit_code == 2);
  CHECK(misspelt.err.find("did you mean Huawei?") != std::string::npos);
  const ProcessResult unknown_os = run_kensa(
      {"check", "--db", db, "--vendor", "Cisco", "--model", "ISR4321", "--os", "windows"});
  CHECK(unknown_os.exit_code == 2);
  CHECK(unknown_os.err.find("OS family 'windows' is not known") != std::string::npos);

  write_file(directory.path() / "candidates.jsonl",
             "{\"vendor\": \"Cisco\", \"model\": \"ISR4321\", \"os\": \"IOS XE\", "
             "\"firmware\": \"17.9.3\"}\n\n{\"vendor\": \"huwei\", \"model\": \"S5720\"}\n"
             "[1]\n{\"vendor\": \"juniper\", \"model\": \"MX204\", \"firmware\": "
             "\"21.4R3-S5\"}\n");
  const ProcessResult list = run_kensa(
      {"check", "--db", db, "--candidates", (directory.path() / "candidates.jsonl").string()});
  INFO(list.describe());
  CHECK(list.exit_code == 2);  // two lines could not be judged
  std::vector<nlohmann::json> lines;
  std::istringstream out(list.out);
  for (std::string line; std::getline(out, line);) lines.push_back(nlohmann::json::parse(line));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0]["line"] == 1);
  CHECK(lines[0]["verdict"] == "block");
  CHECK(lines[1]["line"] == 3);
  CHECK(lines[1]["error"].get<std::string>().find("Huawei") != std::string::npos);
  CHECK(lines[2]["line"] == 4);
  CHECK(lines[2].contains("error"));
  CHECK(lines[3]["verdict"] == "allow");
}

TEST_CASE("kensa db status shows the schema and the provenance of every dataset") {
  TemporaryDirectory directory;
  const std::string db = risk_database(directory).string();
  const ProcessResult status = run_kensa({"db", "status", "--db", db, "--json"});
  const auto out = json_of(status);
  CHECK(out["schema_version"].get<int>() >= 6);
  CHECK(out["integrity"] == "ok");
  std::set<std::string> kinds;
  for (const auto& item : out["datasets"]) {
    kinds.insert(item["kind"].get<std::string>());
    CHECK(item["sha256"].get<std::string>().size() == 64);
  }
  for (const char* kind : {"catalogue", "kev", "nvd", "restrictions", "screening"})
    CHECK_MESSAGE(kinds.contains(kind), "missing dataset ", kind);
  const ProcessResult text = run_kensa({"db", "status", "--db", db});
  CHECK(text.out.find("restrictions: https://example.test/restrictions") != std::string::npos);
}

TEST_CASE(
    "a reader sees only whole batches while a writer runs, and a killed writer leaves an aborted "
    "sweep") {
  TemporaryDirectory directory;
  const auto db = directory.path() / "kensa.db";
  // Create the file first, so the writer and readers start from a migrated schema.
  REQUIRE(run_kensa({"db", "init", "--db", db.string()}).exit_code == 0);
  BackgroundProcess writer({KENSA_INVENTORY_WRITER, db.string(), "1000000", "50"},
                           directory.path() / "writer.log");
  const auto committed = [&] {
    std::ifstream log(writer.log());
    std::string line, last;
    while (std::getline(log, line))
      if (line.starts_with("committed")) last = line;
    return last;
  };
  for (int i = 0; i < 200 && committed().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE_MESSAGE(!committed().empty(), tail_of_file(writer.log()));
  std::size_t previous = 0;
  for (int read = 0; read < 5; ++read) {
    const ProcessResult inventory = run_kensa({"inventory", "--db", db.string(), "--json"});
    REQUIRE_MESSAGE(inventory.exit_code == 0, inventory.describe());
    const auto devices = nlohmann::json::parse(inventory.out);
    CHECK(devices.size() % 50 == 0);
    CHECK(devices.size() >= previous);
    for (const auto& device : devices) CHECK(device["addresses"].size() == 1);
    previous = devices.size();
  }
  REQUIRE(writer.running());
  writer.signal(SIGKILL);
  for (int i = 0; i < 100 && writer.running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const ProcessResult status = run_kensa({"db", "status", "--db", db.string(), "--json"});
  INFO(status.describe());
  CHECK(status.err.find("sweep 1 was interrupted") != std::string::npos);
  const auto out = nlohmann::json::parse(status.out);
  CHECK(out["integrity"] == "ok");
  REQUIRE(out["sweeps"].size() == 1);
  CHECK(out["sweeps"][0]["status"] == "aborted");
  CHECK(out["devices"].get<std::int64_t>() % 50 == 0);
  CHECK(out["devices"].get<std::int64_t>() >= static_cast<std::int64_t>(previous));
}

TEST_CASE("kensa check --walk refuses a file that is not a walk of a device, naming it") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const auto file = [&](const std::string& name, const std::string& content) {
    const auto path = directory.path() / name;
    write_file(path, content);
    return path;
  };
  // UTF-16LE with its byte order mark, as a Windows editor saves a walk.
  std::string utf16 = "\xFF\xFE";
  for (const char c : std::string("1.3.6.1.2.1.1.1.0|4|Router\n")) utf16 += {c, '\0'};
  struct Bad {
    std::filesystem::path path;
    std::string says;
  };
  for (const Bad& bad :
       {Bad{file("empty.snmprec", ""), "is empty"},
        Bad{file("junk.snmprec", "this is not a walk\nnor is this\n"), "not a walk"},
        Bad{file("utf16.snmprec", utf16), "UTF-16"},
        Bad{file("interfaces.snmprec", "1.3.6.1.2.1.2.2.1.2.1|4|eth0\n"), "no system group"}}) {
    const ProcessResult result = run_kensa({"check", "--walk", bad.path.string(), "--db", db});
    INFO(result.describe());
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(bad.path.string()) != std::string::npos);
    CHECK(result.err.find(bad.says) != std::string::npos);
    CHECK(result.out.find("REVIEW") == std::string::npos);
  }
}

TEST_CASE("kensa judge re-judges a stored sweep after a register import, polling nothing") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  {
    SnmpdSettings cisco;
    cisco.descr =
        "Cisco IOS Software, C3750E Software (C3750E-UNIVERSALK9-M), Version 15.0(2)SE11, "
        "RELEASE SOFTWARE (fc2)";
    cisco.object_id = ".1.3.6.1.4.1.9.1.1227";
    SnmpdAgent agent(cisco);
    const ProcessResult swept =
        run_kensa({"sweep", agent.endpoint(), "--db", db}, {{"KENSA_COMMUNITY", cisco.community}});
    INFO(swept.describe());
    REQUIRE(swept.exit_code == 0);
  }  // the agent is gone: judging cannot poll it
  const auto inventory = [&] {
    const ProcessResult listed = run_kensa({"inventory", "--db", db, "--json"});
    REQUIRE(listed.exit_code == 0);
    const auto devices = nlohmann::json::parse(listed.out);
    REQUIRE(devices.size() == 1);
    return devices[0];
  };
  const auto device = inventory();
  CHECK(device["screening"] == "unscreened");
  const auto reg = directory.path() / "register.csv";
  write_file(reg,
             "vendor,model_pattern,firmware_min,firmware_max,scope,status,case_id,decided_on,"
             "expires_on,note\n" +
                 device["vendor"].get<std::string>() + "," + device["model"].get<std::string>() +
                 ",,,device,approved,SCR-9,2026-01-01,2099-12-31,\n");
  REQUIRE(run_kensa({"feeds", "import", "screening", reg.string(), "--db", db}).exit_code == 0);
  CHECK(inventory()["screening"] == "unscreened");  // an import alone judges nothing

  const ProcessResult judged = run_kensa({"judge", "--db", db, "--json"});
  INFO(judged.describe());
  REQUIRE(judged.exit_code == 0);
  const auto out = nlohmann::json::parse(judged.out);
  CHECK(out["sweep"] == 1);
  CHECK(out["before"]["screening"]["unscreened"] == 1);
  CHECK(out["after"]["screening"].value("unscreened", 0) == 0);
  bool register_recorded = false;
  for (const auto& dataset : out["datasets"]) register_recorded |= dataset["kind"] == "screening";
  CHECK(register_recorded);
  CHECK(inventory()["screening"] != "unscreened");
  // Both judgements are kept: the sweep's own and this one.
  auto database = Database::open(db);
  Statement count(database, "SELECT count(*) FROM judgements WHERE sweep_id = 1");
  REQUIRE(count.step());
  CHECK(count.integer(0) == 2);
  CHECK(run_kensa({"judge", "--db", db, "--sweep", "7"}).exit_code == 64);

  // A database with no sweep: the sweep asked for is named, or the lack of one.
  const std::string empty = (directory.path() / "empty.db").string();
  REQUIRE(run_kensa({"db", "init", "--db", empty}).exit_code == 0);
  const ProcessResult none = run_kensa({"judge", "--db", empty});
  CHECK(none.exit_code == 64);
  CHECK(none.err.find("no complete sweep to judge") != std::string::npos);
  const ProcessResult named = run_kensa({"judge", "--db", empty, "--sweep", "7"});
  CHECK(named.exit_code == 64);
  CHECK(named.err.find("no sweep 7 in the database") != std::string::npos);
}

TEST_CASE("a screening entry in one spelling of a model screens a device that reports another") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  write_file(directory.path() / "register.csv",
             "vendor,model_pattern,firmware_min,firmware_max,scope,status,case_id,decided_on,"
             "expires_on,note\n"
             "Fortinet,FortiGate 60F,7.2.0,7.2.9,device,approved,SCR-2026-031,2026-04-01,,"
             "datasheet spelling\n");
  const ProcessResult imported = run_kensa(
      {"feeds", "import", "screening", (directory.path() / "register.csv").string(), "--db", db});
  INFO(imported.describe());
  REQUIRE(imported.exit_code == 0);
  // The swept spelling, the order code and the datasheet's all meet one entry.
  for (const char* model : {"FGT_60F", "FG-60F", "FortiGate-60F"}) {
    CAPTURE(model);
    const ProcessResult checked =
        run_kensa({"check", "--db", db, "--vendor", "Fortinet", "--model", model, "--os", "fortios",
                   "--firmware", "7.2.5", "--json"});
    const auto verdict = json_of(checked);
    CHECK(verdict["screening"]["status"] == "screened");
    CHECK(verdict["screening"]["case"] == "SCR-2026-031");
  }
  const ProcessResult other =
      run_kensa({"check", "--db", db, "--vendor", "Fortinet", "--model", "FGT_60E", "--os",
                 "fortios", "--firmware", "7.2.5", "--json"});
  CHECK(json_of(other)["screening"]["status"] == "unscreened");
}
