// The auditor's evidence from the demo's judged sweeps: manifests signed
// with Ed25519 and checked by kensa verify and by openssl itself, verify's
// refusals of manifests that prove nothing, exports that are the same bytes
// every time, the HTML report on screen and printed to PDF in Chromium,
// triage that persists into the next sweep and every format, and CycloneDX
// that holds only real vulnerabilities.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "riskdb/file_digest.hpp"
#include "tests/harness/export_checks.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* const formats[] = {"csv", "json", "jsonl", "cyclonedx", "html", "xlsx"};

void write(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
}

// A judged sweep: the demo's five devices.
std::string demo_database(const TemporaryDirectory& directory) {
  const std::string db = (directory.path() / "demo.db").string();
  const ProcessResult demo =
      run_kensa({"demo", "--db", db, "--report", (directory.path() / "demo.html").string()});
  INFO(demo.describe());
  REQUIRE(demo.exit_code == 0);
  return db;
}

ProcessResult export_to(const std::string& db, const fs::path& out, const std::string& format,
                        const std::vector<std::string>& extra = {}) {
  fs::create_directories(out.parent_path());
  std::vector<std::string> argv{"export", "--db", db, "--format", format, "--out", out.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return run_kensa(argv);
}

// An Ed25519 key pair made by openssl, as the README tells users to.
struct KeyPair {
  fs::path private_key, public_key;
};

KeyPair make_key(const fs::path& directory, const std::string& name) {
  KeyPair pair{directory / (name + ".pem"), directory / (name + ".pub.pem")};
  const ProcessResult made = run_process(
      {"openssl", "genpkey", "-algorithm", "ed25519", "-out", pair.private_key.string()});
  INFO(made.describe());
  REQUIRE(made.exit_code == 0);
  fs::permissions(pair.private_key, fs::perms::owner_read | fs::perms::owner_write);
  const ProcessResult pub = run_process({"openssl", "pkey", "-in", pair.private_key.string(),
                                         "-pubout", "-out", pair.public_key.string()});
  INFO(pub.describe());
  REQUIRE(pub.exit_code == 0);
  return pair;
}

}  // namespace

TEST_CASE("a signed manifest proves origin: a forged and rehashed export fails verify") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  const KeyPair signer = make_key(directory.path(), "signer");
  const KeyPair stranger = make_key(directory.path(), "stranger");
  const fs::path out = directory.path() / "signed" / "export.csv";
  const ProcessResult exported =
      export_to(db, out, "csv",
                {"--sign-key", signer.private_key.string(), "--operator", "Audit Team Osaka"});
  INFO(exported.describe());
  REQUIRE(exported.exit_code == 0);
  const fs::path manifest = out.string() + ".manifest.json";
  const fs::path signature = manifest.string() + ".sig";
  REQUIRE(fs::exists(signature));

  // The manifest says who exported, where, when, with which kensa and how.
  const json document = json::parse(read_file(manifest));
  CHECK(document["manifest_version"] == 2);
  CHECK(document["exported"]["operator"] == "Audit Team Osaka");
  char host[256] = {};
  REQUIRE(gethostname(host, sizeof host - 1) == 0);
  CHECK(document["exported"]["host"] == std::string(host));
  CHECK(document["exported"]["at"].get<std::string>().size() == 20);
  CHECK(!document["kensa_version"].get<std::string>().empty());
  const auto command_line = document["exported"]["command_line"];
  REQUIRE(command_line.size() >= 3);
  CHECK(command_line[1] == "export");
  CHECK(document["signature"]["algorithm"] == "Ed25519");
  CHECK(document["signature"]["file"] == "export.csv.manifest.json.sig");

  // kensa verifies it with the public key, and so does openssl on its own.
  const ProcessResult verified =
      run_kensa({"verify", manifest.string(), "--public-key", signer.public_key.string()});
  INFO(verified.describe());
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("OK signed by key") != std::string::npos);
  const ProcessResult openssl =
      run_process({"openssl", "pkeyutl", "-verify", "-pubin", "-inkey", signer.public_key.string(),
                   "-rawin", "-in", manifest.string(), "-sigfile", signature.string()});
  INFO(openssl.describe());
  CHECK(openssl.exit_code == 0);

  // Another key's public half does not verify it.
  const ProcessResult stranger_check =
      run_kensa({"verify", manifest.string(), "--public-key", stranger.public_key.string()});
  CHECK(stranger_check.exit_code == 1);
  CHECK(stranger_check.out.find("signature does not match") != std::string::npos);

  // Forge: change the CSV, recompute its size and SHA-256 in the manifest.
  std::string csv = read_file(out);
  const auto at = csv.find("Huawei");
  REQUIRE(at != std::string::npos);
  csv.replace(at, 6, "Nokia ");
  write(out, csv);
  json forged = document;
  forged["files"][0]["sha256"] = kensa::riskdb::sha256_of_bytes(csv);
  forged["files"][0]["bytes"] = csv.size();
  write(manifest, forged.dump(2) + "\n");
  const ProcessResult unsigned_check = run_kensa({"verify", manifest.string()});
  CHECK(unsigned_check.exit_code == 0);  // integrity alone cannot see the forgery...
  CHECK(unsigned_check.out.find("signature not checked") != std::string::npos);
  const ProcessResult forged_check =
      run_kensa({"verify", manifest.string(), "--public-key", signer.public_key.string()});
  CHECK(forged_check.exit_code == 1);  // ...the signature does
  CHECK(forged_check.out.find("MISMATCH export.csv.manifest.json: the signature does not match") !=
        std::string::npos);

  // An unsigned export checked with a public key fails: origin is unproven.
  const fs::path plain = directory.path() / "plain" / "export.json";
  REQUIRE(export_to(db, plain, "json").exit_code == 0);
  const ProcessResult plain_check = run_kensa(
      {"verify", plain.string() + ".manifest.json", "--public-key", signer.public_key.string()});
  CHECK(plain_check.exit_code == 1);
  CHECK(plain_check.out.find("not signed") != std::string::npos);
  // A removed signature file, likewise.
  fs::remove(signature);
  write(manifest, document.dump(2) + "\n");
  const ProcessResult no_signature =
      run_kensa({"verify", manifest.string(), "--public-key", signer.public_key.string()});
  CHECK(no_signature.exit_code == 1);
  CHECK(no_signature.out.find("export.csv.manifest.json.sig: missing") != std::string::npos);
}

TEST_CASE("export refuses a signing key others can read, or one that is not Ed25519") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  const KeyPair signer = make_key(directory.path(), "signer");
  fs::permissions(signer.private_key, fs::perms::others_read, fs::perm_options::add);
  const fs::path out = directory.path() / "out" / "export.csv";
  const ProcessResult readable =
      export_to(db, out, "csv", {"--sign-key", signer.private_key.string()});
  CHECK(readable.exit_code == 64);
  CHECK(readable.err.find("every user of this machine") != std::string::npos);
  CHECK(!fs::exists(out));
  const fs::path rsa = directory.path() / "rsa.pem";
  REQUIRE(run_process({"openssl", "genpkey", "-algorithm", "rsa", "-pkeyopt",
                       "rsa_keygen_bits:2048", "-out", rsa.string()})
              .exit_code == 0);
  fs::permissions(rsa, fs::perms::owner_read | fs::perms::owner_write);
  const ProcessResult wrong = export_to(db, out, "csv", {"--sign-key", rsa.string()});
  CHECK(wrong.exit_code == 64);
  CHECK(wrong.err.find("is not an Ed25519 key") != std::string::npos);
  CHECK(!fs::exists(out));
}

TEST_CASE("verify refuses a manifest that proves nothing, and never opens a FIFO") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  const fs::path out = directory.path() / "export.json";
  REQUIRE(export_to(db, out, "json").exit_code == 0);
  const fs::path manifest = out.string() + ".manifest.json";
  const json document = json::parse(read_file(manifest));

  json empty = document;
  empty["files"] = json::array();
  write(directory.path() / "empty.manifest.json", empty.dump());
  const ProcessResult no_files =
      run_kensa({"verify", (directory.path() / "empty.manifest.json").string()});
  CHECK(no_files.exit_code == 64);
  CHECK(no_files.err.find("lists no files") != std::string::npos);

  json future = document;
  future["manifest_version"] = 99;
  write(directory.path() / "future.manifest.json", future.dump());
  const ProcessResult unknown =
      run_kensa({"verify", (directory.path() / "future.manifest.json").string()});
  CHECK(unknown.exit_code == 64);
  CHECK(unknown.err.find("unknown manifest_version 99") != std::string::npos);

  const fs::path fifo = directory.path() / "fifo.manifest.json";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  const ProcessResult piped = run_kensa({"verify", fifo.string()});
  CHECK(!piped.timed_out);
  CHECK(piped.exit_code == 64);
  CHECK(piped.err.find("is not a regular file") != std::string::npos);

  // A listed file replaced by a FIFO is a mismatch, not a hang.
  fs::remove(out);
  REQUIRE(mkfifo(out.c_str(), 0600) == 0);
  const ProcessResult listed = run_kensa({"verify", manifest.string()});
  CHECK(!listed.timed_out);
  CHECK(listed.exit_code == 1);
  CHECK(listed.out.find("export.json: not a regular file") != std::string::npos);
}

TEST_CASE("two exports of the same sweep are the same bytes in every format") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  for (const char* format : formats) {
    CAPTURE(format);
    const fs::path first = directory.path() / "first" / (std::string("export.") + format);
    const fs::path second = directory.path() / "second" / (std::string("export.") + format);
    REQUIRE(export_to(db, first, format).exit_code == 0);
    // A second apart, so that any clock time in the file would differ.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    REQUIRE(export_to(db, second, format).exit_code == 0);
    CHECK(read_file(first) == read_file(second));
  }
  const std::string csv_coverage_first =
      read_file(directory.path() / "first" / "export.csv.coverage.csv");
  CHECK(csv_coverage_first == read_file(directory.path() / "second" / "export.csv.coverage.csv"));
}

namespace {

// Appended to a copy of the report: marks the body with every word (of at
// most 24 characters) that the layout split across two lines.
const char* const broken_word_probe = R"(<script>
(function () {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("script, style, svg")) continue;
    const words = /\S+/g;
    for (let m = words.exec(node.textContent); m; m = words.exec(node.textContent)) {
      if (m[0].length > 24) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  document.body.dataset.brokenWords = broken.length + ":" + broken.slice(0, 20).join(" ");
})();
</script></body>)";

// The text of HTML, tags removed (the report wraps hyphenated words in spans).
std::string without_tags(const std::string& html) {
  std::string text;
  bool in_tag = false;
  for (const char c : html) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>') in_tag = false;
  }
  return text;
}

json findings_of(const std::string& db) {
  const ProcessResult listed = run_kensa({"findings", "--db", db, "--json"});
  INFO(listed.describe());
  REQUIRE(listed.exit_code == 0);
  return json::parse(listed.out);
}

std::string xlsx_part(const fs::path& file, const std::string& part) {
  const ProcessResult unzip = run_process(
      {"python3", "-c",
       "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
       file.string(), part});
  INFO(unzip.describe());
  REQUIRE(unzip.exit_code == 0);
  return unzip.out;
}

}  // namespace

TEST_CASE("the HTML report lists actions first, holds every finding, breaks no word, and prints") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  const fs::path report = directory.path() / "report.html";
  REQUIRE(export_to(db, report, "html").exit_code == 0);
  const std::string page = read_file(report);

  // Every finding's reference is in the page itself, after the action list.
  const auto actions = page.find("<h2>Action list</h2>");
  const auto devices = page.find("<h2>Devices</h2>");
  const auto by_device = page.find("<h2>Findings by device</h2>");
  REQUIRE(actions != std::string::npos);
  CHECK(actions < devices);
  CHECK(devices < by_device);
  std::set<std::string> cves, lists;
  for (const auto& finding : findings_of(db)) {
    const std::string reference = finding["reference"];
    if (reference.rfind("CVE-", 0) == 0) cves.insert(reference);
    if (finding["kind"] == "restricted_vendor")
      for (std::size_t at = 0; at < reference.size();) {
        const auto comma = reference.find(", ", at);
        lists.insert(reference.substr(at, comma - at));
        at = comma == std::string::npos ? reference.size() : comma + 2;
      }
  }
  REQUIRE(cves.contains("CVE-2023-20198"));
  REQUIRE(lists.contains("NDAA section 889"));
  // The action list names the known-exploited switch and both restricted makers.
  const std::string action_list = without_tags(page.substr(actions, devices - actions));
  CHECK(action_list.find("known-exploited vulnerability") != std::string::npos);
  CHECK(action_list.find("CVE-2023-20198") != std::string::npos);
  CHECK(action_list.find("access-sw3.demo.example") != std::string::npos);
  CHECK(action_list.find("cam-lobby") != std::string::npos);
  CHECK(action_list.find("rejected in the screening register") != std::string::npos);
  CHECK(action_list.find("drifted in the screening register") != std::string::npos);

  // Within each device, most severe first.
  const std::vector<std::string> order{"critical", "high", "medium", "low", "info"};
  std::size_t sections = 0;
  for (auto at = page.find("<section class=\"device-findings\"", by_device);
       at != std::string::npos; at = page.find("<section class=\"device-findings\"", at + 1)) {
    ++sections;
    const std::string section = page.substr(at, page.find("</section>", at) - at);
    std::size_t last = 0;
    for (auto cell = section.find("<td class=\"nowrap risk-"); cell != std::string::npos;
         cell = section.find("<td class=\"nowrap risk-", cell + 1)) {
      const auto start = cell + std::string("<td class=\"nowrap risk-").size();
      const std::string severity = section.substr(start, section.find('"', start) - start);
      const auto rank =
          static_cast<std::size_t>(std::find(order.begin(), order.end(), severity) - order.begin());
      CHECK(rank >= last);
      last = rank;
    }
  }
  CHECK(sections == 5);

  if (const auto reason = pdf_unavailable_reason()) {
    std::cout << "SKIPPED (the report in a browser): " << *reason << '\n';
    return;
  }
  // On screen, in Chromium's default 800-pixel window: no word broken.
  std::string probed = page;
  probed.replace(probed.rfind("</body>"), 7, broken_word_probe);
  write(directory.path() / "probed.html", probed);
  const BrowserPage loaded = load_in_chromium(directory.path() / "probed.html", std::nullopt);
  INFO(loaded.log);
  CHECK(loaded.console_problems.empty());
  CHECK(loaded.dom.find("data-ready=\"yes\"") != std::string::npos);
  CHECK(loaded.dom.find("data-broken-words=\"0:\"") != std::string::npos);
  // Printed to PDF: every CVE id and every restriction list of the findings.
  const std::string printed = print_to_pdf_text(report, directory.path() / "report.pdf");
  INFO(printed.substr(0, 2000));
  for (const auto& id : cves) CHECK_MESSAGE(printed.find(id) != std::string::npos, id);
  for (const auto& list : lists) CHECK_MESSAGE(printed.find(list) != std::string::npos, list);
  CHECK(printed.find("Action list") != std::string::npos);
}

TEST_CASE("a finding marked not_affected stays so in the next sweep, in every export") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  const ProcessResult triaged = run_kensa(
      {"triage", "3", "--db", db, "--kind", "known_exploited", "--reference", "CVE-2023-20198",
       "--state", "not_affected", "--justification", "requires_configuration", "--reason",
       "HTTP server disabled (no ip http server)", "--by", "A. Sato"});
  INFO(triaged.describe());
  REQUIRE(triaged.exit_code == 0);
  // Refusals name what is wrong and record nothing.
  const ProcessResult unjustified =
      run_kensa({"triage", "3", "--db", db, "--kind", "known_exploited", "--state", "not_affected",
                 "--reason", "x"});
  CHECK(unjustified.exit_code == 64);
  CHECK(unjustified.err.find("needs a justification") != std::string::npos);
  const ProcessResult absent = run_kensa(
      {"triage", "3", "--db", db, "--kind", "rejected", "--state", "resolved", "--reason", "x"});
  CHECK(absent.exit_code == 64);
  CHECK(absent.err.find("has no rejected finding") != std::string::npos);

  // The next sweep finds the vulnerability again, with the decision in force.
  const ProcessResult again =
      run_kensa({"demo", "--db", db, "--report", (directory.path() / "again.html").string()});
  INFO(again.describe());
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("sweep 2: complete") != std::string::npos);
  CHECK(again.out.find("triage: not_affected 1") != std::string::npos);
  const json findings = findings_of(db);
  bool seen = false;
  for (const auto& finding : findings)
    if (finding["reference"] == "CVE-2023-20198") {
      seen = true;
      CHECK(finding["sweep"] == 2);
      CHECK(finding["analysis"]["state"] == "not_affected");
      CHECK(finding["analysis"]["justification"] == "requires_configuration");
      CHECK(finding["analysis"]["decided_by"] == "A. Sato");
    }
  CHECK(seen);
  // --new: nothing appeared between the two sweeps of the same network.
  const ProcessResult fresh = run_kensa({"findings", "--db", db, "--new"});
  CHECK(fresh.out.find("0 finding(s) new since sweep 1") != std::string::npos);

  const fs::path out = directory.path() / "out";
  for (const char* format : {"csv", "xlsx", "html", "cyclonedx", "json"})
    REQUIRE(export_to(db, out / (std::string("export.") + format), format).exit_code == 0);
  const auto csv = parse_csv(read_file(out / "export.csv"));
  const auto column =
      static_cast<std::size_t>(std::find(csv[0].begin(), csv[0].end(), "triage") - csv[0].begin());
  REQUIRE(column < csv[0].size());
  bool csv_seen = false;
  for (const auto& row : csv)
    if (row[column].find("CVE-2023-20198: not_affected (requires_configuration)") !=
        std::string::npos)
      csv_seen = true;
  CHECK(csv_seen);
  const std::string workbook = xlsx_part(out / "export.xlsx", "xl/workbook.xml");
  CHECK(workbook.find("name=\"Triage\"") != std::string::npos);
  const std::string triage_sheet = xlsx_part(out / "export.xlsx", "xl/worksheets/sheet5.xml");
  CHECK(triage_sheet.find("not_affected") != std::string::npos);
  CHECK(triage_sheet.find("HTTP server disabled (no ip http server)") != std::string::npos);
  const std::string html = without_tags(read_file(out / "export.html"));
  CHECK(html.find("not_affected (requires_configuration)") != std::string::npos);
  const json bom = json::parse(read_file(out / "export.cyclonedx"));
  bool analysed = false;
  for (const auto& vulnerability : bom["vulnerabilities"])
    if (vulnerability["id"] == "CVE-2023-20198") {
      analysed = true;
      CHECK(vulnerability["analysis"]["state"] == "not_affected");
      CHECK(vulnerability["analysis"]["justification"] == "requires_configuration");
    }
  CHECK(analysed);
  const json document = json::parse(read_file(out / "export.json"));
  bool exported = false;
  for (const auto& device : document["devices"])
    for (const auto& decision : device["triage"])
      if (decision["reference"] == "CVE-2023-20198" && decision["state"] == "not_affected")
        exported = true;
  CHECK(exported);

  // A register entry in the datasheet's spelling screens the FortiGate that
  // reports FortiGate-60F; judged again, diff lists the closed finding.
  write(directory.path() / "register.csv",
        "vendor,model_pattern,firmware_min,firmware_max,scope,status,case_id,decided_on,"
        "expires_on,note\nFortinet,FortiGate 60F,7.2.0,7.2.9,device,approved,SCR-2026-031,"
        "2026-04-01,,datasheet spelling\n");
  REQUIRE(run_kensa({"feeds", "import", "screening", (directory.path() / "register.csv").string(),
                     "--db", db, "--allow-shrink"})
              .exit_code == 0);
  const ProcessResult judged = run_kensa({"judge", "--db", db});
  INFO(judged.describe());
  REQUIRE(judged.exit_code == 0);
  const ProcessResult diffed = run_kensa({"diff", "--db", db, "--json"});
  INFO(diffed.describe());
  REQUIRE(diffed.exit_code == 0);
  const json changes = json::parse(diffed.out);
  CHECK(changes["findings_compared"] == true);
  bool closed = false;
  for (const auto& finding : changes["findings_closed"])
    if (finding["model"] == "FortiGate-60F" && finding["kind"] == "unscreened") {
      closed = true;
      CHECK(finding["name"] == "fw1.demo.example");
      CHECK(!finding["address"].is_null());
    }
  CHECK(closed);
  const ProcessResult table = run_kensa({"diff", "--db", db});
  CHECK(table.out.find("FINDINGS CLOSED") != std::string::npos);
  CHECK(table.out.find("SEVERITY  ID  NAME") != std::string::npos);
}

TEST_CASE("CycloneDX holds only real vulnerabilities, rated by CVSS, and stays valid") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  const fs::path out = directory.path() / "bom.cdx.json";
  REQUIRE(export_to(db, out, "cyclonedx").exit_code == 0);
  const json bom = json::parse(read_file(out));
  REQUIRE(!bom["vulnerabilities"].empty());
  for (const auto& vulnerability : bom["vulnerabilities"]) {
    const std::string id = vulnerability["id"];
    CAPTURE(id);
    CHECK(id.rfind("CVE-", 0) == 0);
    bool cvss = false;
    for (const auto& rating : vulnerability["ratings"])
      if (rating["method"] == "CVSSv31" || rating["method"] == "CVSSv3" ||
          rating["method"] == "CVSSv2" || rating["method"] == "CVSSv4") {
        cvss = true;
        CHECK(rating["score"].is_number());
        CHECK(rating["vector"].get<std::string>().rfind("CVSS:3", 0) == 0);
        CHECK(rating["source"]["name"] == "NVD");
      }
    CHECK(cvss);
  }
  // The other findings are properties of the component they are about.
  std::set<std::string> kinds;
  const std::function<void(const json&)> collect = [&](const json& components) {
    for (const auto& component : components) {
      for (const auto& property : component.value("properties", json::array()))
        if (property["name"].get<std::string>().rfind("kensa:finding:", 0) == 0)
          kinds.insert(property["name"].get<std::string>().substr(14));
      collect(component.value("components", json::array()));
    }
  };
  collect(bom["components"]);
  for (const char* kind :
       {"restricted_vendor", "unscreened", "neighbor_only", "rejected", "drifted", "unidentified"})
    CHECK_MESSAGE(kinds.contains(kind), kind);
  const ProcessResult validated = validate_cyclonedx(KENSA_NPM_PREFIX, {out});
  INFO(validated.describe());
  CHECK(validated.exit_code == 0);
}
