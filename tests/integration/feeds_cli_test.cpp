// kensa feeds against real files and a real HTTP server on loopback.

#include <doctest/doctest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;

namespace {

const std::filesystem::path fixtures =
    std::filesystem::path(KENSA_SOURCE_DIR) / "tests/fixtures/feeds";

struct FeedServer {
  TemporaryDirectory directory;
  std::unique_ptr<BackgroundProcess> process;
  std::string base;

  FeedServer() {
    std::filesystem::copy(fixtures, directory.path() / "files",
                          std::filesystem::copy_options::recursive);
    const auto port_file = directory.path() / "port";
    process = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"python3",
                                 std::string(KENSA_SOURCE_DIR) + "/tests/harness/feed_server.py",
                                 (directory.path() / "files").string(), port_file.string()},
        directory.path() / "server.log");
    for (int i = 0; i < 200 && !std::filesystem::exists(port_file); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    REQUIRE_MESSAGE(std::filesystem::exists(port_file),
                    tail_of_file(directory.path() / "server.log"));
    std::ifstream in(port_file);
    std::string port;
    in >> port;
    base = "http://127.0.0.1:" + port + "/";
  }
};

nlohmann::json status_of(const std::string& db) {
  const ProcessResult status = run_kensa({"feeds", "status", "--db", db, "--json"});
  INFO(status.describe());
  return nlohmann::json::parse(status.out);
}

nlohmann::json dataset(const nlohmann::json& status, const std::string& kind) {
  for (const auto& item : status)
    if (item["kind"] == kind) return item;
  return nullptr;
}

}  // namespace

TEST_CASE("a fresh database holds the curated lists and names the Debian registries it reads") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const ProcessResult created = run_kensa({"db", "init", "--db", db});
  CHECK(created.err.find("created the database") != std::string::npos);
  const auto status = status_of(db);
  CHECK(dataset(status, "restrictions")["rows"].get<int>() >= 15);
  // Not copied: identification reads Debian's files until a refresh is imported.
  CHECK(dataset(status, "oui")["imported"] == false);
  CHECK(dataset(status, "oui")["source"] == "/usr/share/ieee-data");
  CHECK(dataset(status, "pen")["imported"] == false);
  CHECK(dataset(status, "pen")["source"] == "/usr/share/wireshark/enterprises.tsv");
  const ProcessResult huawei =
      run_kensa({"check", "--db", db, "--vendor", "Huawei", "--model", "S5720-28X-SI"});
  CHECK(huawei.exit_code == 3);
}

TEST_CASE("kensa feeds import: one transaction, errors name the place, nothing half-loaded") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const ProcessResult ok =
      run_kensa({"feeds", "import", "kev", (fixtures / "kev.json").string(), "--db", db});
  INFO(ok.describe());
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("kev: 3 rows") != std::string::npos);
  write_file(directory.path() / "broken.json",
             "{\"vulnerabilities\": [{\"cveID\": \"CVE-2024-1\",");
  const ProcessResult broken = run_kensa(
      {"feeds", "import", "kev", (directory.path() / "broken.json").string(), "--db", db});
  CHECK(broken.exit_code == 64);
  CHECK(broken.err.find("nothing imported") != std::string::npos);
  CHECK(broken.err.find("broken.json line 1") != std::string::npos);
  CHECK(dataset(status_of(db), "kev")["rows"] == 3);
  const ProcessResult unknown = run_kensa({"feeds", "import", "cves", "x", "--db", db});
  CHECK(unknown.exit_code == 64);
}

TEST_CASE(
    "kensa feeds fetch downloads, asks again conditionally, and refuses truncated or failed "
    "downloads") {
  FeedServer server;
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const ProcessResult first =
      run_kensa({"feeds", "fetch", "kev", "--url", "kev=" + server.base + "kev.json", "--db", db});
  INFO(first.describe());
  CHECK(first.exit_code == 0);
  CHECK(first.out.find("kev: 3 rows from " + server.base + "kev.json") != std::string::npos);
  const ProcessResult again =
      run_kensa({"feeds", "fetch", "kev", "--url", "kev=" + server.base + "kev.json", "--db", db});
  CHECK(again.out.find("not modified") != std::string::npos);

  const ProcessResult truncated = run_kensa(
      {"feeds", "fetch", "kev", "--url", "kev=" + server.base + "truncated/kev.csv", "--db", db});
  CHECK(truncated.exit_code == 2);
  CHECK(truncated.err.find("truncated") != std::string::npos);
  const ProcessResult failing = run_kensa(
      {"feeds", "fetch", "kev", "--url", "kev=" + server.base + "error/kev.json", "--db", db});
  CHECK(failing.exit_code == 2);
  CHECK(failing.err.find("500") != std::string::npos);
  CHECK(failing.err.find("attempts") != std::string::npos);
  // The catalogue loaded first is still the one in force.
  CHECK(dataset(status_of(db), "kev")["source"] == server.base + "kev.json");

  const ProcessResult nvd = run_kensa(
      {"feeds", "fetch", "nvd", "--url", "nvd=" + server.base + "nvd-page.json", "--db", db});
  INFO(nvd.describe());
  CHECK(nvd.exit_code == 0);
  CHECK(nvd.out.find("nvd: 2 rows") != std::string::npos);
}

TEST_CASE(
    "kensa feeds fetch --from a directory, status ages, and the screening register round trip") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const auto from = directory.path() / "downloaded";
  std::filesystem::create_directories(from / "oui");
  std::filesystem::copy(fixtures / "kev.csv", from / "kev.csv");
  std::filesystem::copy(fixtures / "pen.txt", from / "pen.txt");
  std::filesystem::copy(fixtures / "oui", from / "oui");
  const ProcessResult fetched =
      run_kensa({"feeds", "fetch", "kev", "pen", "oui", "--from", from.string(), "--db", db});
  INFO(fetched.describe());
  CHECK(fetched.exit_code == 0);
  CHECK(dataset(status_of(db), "pen")["rows"] == 4);
  const ProcessResult missing =
      run_kensa({"feeds", "fetch", "eol", "--from", from.string(), "--db", db});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no eol file") != std::string::npos);

  CHECK(
      run_kensa({"feeds", "import", "screening", (fixtures / "screening.csv").string(), "--db", db})
          .exit_code == 0);
  const auto exported = directory.path() / "register.csv";
  CHECK(run_kensa({"feeds", "export", "screening", "--out", exported.string(), "--db", db})
            .exit_code == 0);
  CHECK(run_kensa({"feeds", "import", "screening", exported.string(), "--db", db}).exit_code == 0);
  const ProcessResult second = run_kensa({"feeds", "export", "screening", "--db", db});
  std::ifstream in(exported, std::ios::binary);
  const std::string first((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(second.out == first);

  // Ages count from the data: the KEV CSV, imported a moment ago, is as old
  // as its newest entry (2023-11-13); the registry from its "last updated".
  const nlohmann::json status = status_of(db);
  CHECK(dataset(status, "kev")["data_date"] == "2023-11-13");
  CHECK(dataset(status, "kev")["age_days"].get<int>() > 365);
  CHECK(dataset(status, "kev")["stale"] == true);
  CHECK(dataset(status, "pen")["data_date"] == "2026-11-01");
  // Judging datasets never loaded fail the check as stale ones do.
  CHECK(dataset(status, "nvd")["missing"] == true);
  CHECK(dataset(status, "eol")["missing"] == true);
  const ProcessResult text = run_kensa({"feeds", "status", "--db", db});
  CHECK(text.exit_code == 1);
  CHECK(text.err.find("kev is ") != std::string::npos);
  CHECK(text.err.find("refresh it with kensa feeds fetch kev") != std::string::npos);
  CHECK(text.err.find("nvd is not loaded") != std::string::npos);
  CHECK(text.out.find("eol: MISSING") != std::string::npos);
}

TEST_CASE("feeds status dates a KEV catalogue by its release, not by its import") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  REQUIRE(run_kensa({"feeds", "import", "kev", (fixtures / "kev.json").string(), "--db", db})
              .exit_code == 0);
  const nlohmann::json status = status_of(db);
  CHECK(dataset(status, "kev")["data_date"] == "2026-11-20T12:00:00.0000Z");
  const ProcessResult week = run_kensa({"feeds", "status", "--max-age", "7", "--db", db, "--json"});
  CHECK(week.exit_code == 1);
  const ProcessResult year =
      run_kensa({"feeds", "status", "--max-age", "3650", "--db", db, "--json"});
  const nlohmann::json lenient = nlohmann::json::parse(year.out);
  CHECK(dataset(lenient, "kev")["stale"] == false);
  CHECK(dataset(week.out.empty() ? lenient : nlohmann::json::parse(week.out), "kev")["stale"] ==
        true);
}

TEST_CASE("a full disk at a database's first use and during an import exits 74") {
  if (geteuid() != 0) {
    std::cout << "SKIPPED: a small file system for the database needs root (a private tmpfs)\n";
    return;
  }
  TemporaryDirectory directory;
  // A catalogue of 40,000 entries: more rows than the small file system holds.
  const auto big = directory.path() / "kev.json";
  {
    nlohmann::json catalogue{{"title", "generated for kensa's tests"},
                             {"catalogVersion", "2026.11.20"},
                             {"dateReleased", "2026-11-20T12:00:00.0000Z"},
                             {"vulnerabilities", nlohmann::json::array()}};
    for (int i = 0; i < 40000; ++i)
      catalogue["vulnerabilities"].push_back(
          {{"cveID", "CVE-2024-" + std::to_string(10000 + i)},
           {"vendorProject", "Example"},
           {"product", "Router " + std::to_string(i)},
           {"vulnerabilityName", "A generated vulnerability with a long enough name"},
           {"dateAdded", "2024-01-01"},
           {"shortDescription", std::string(200, 'd')},
           {"requiredAction", "Apply updates per vendor instructions."},
           {"dueDate", "2024-01-22"},
           {"knownRansomwareCampaignUse", "Unknown"},
           {"notes", ""}});
    catalogue["count"] = 40000;
    std::ofstream(big) << catalogue.dump();
  }
  const auto full_db = directory.path() / "ready.db";
  REQUIRE(run_kensa({"db", "init", "--db", full_db.string()}).exit_code == 0);
  const auto mount = directory.path() / "small";
  const auto out = directory.path() / "after";
  std::filesystem::create_directories(mount);
  std::filesystem::create_directories(out);
  // First use on 64 KiB; then the ready database with 256 KiB to spare, and
  // the import; the file is copied out for inspection.
  const auto size_kib = std::filesystem::file_size(full_db) / 1024 + 256;
  const std::string script =
      "mount -t tmpfs -o size=64k kensa-first \"$1\" || exit 99; "
      "\"$5\" db init --db \"$1/new.db\" 2> \"$3/first.err\"; echo $? > \"$3/first-rc\"; "
      "umount \"$1\"; mount -t tmpfs -o size=" +
      std::to_string(size_kib) +
      "k kensa-import \"$1\" && cp \"$2\" \"$1/kensa.db\" && "
      "{ \"$5\" feeds import kev \"$4\" --db \"$1/kensa.db\" 2> \"$3/import.err\"; "
      "echo $? > \"$3/import-rc\"; cp \"$1\"/kensa.db* \"$3/\"; }";
  const ProcessResult run =
      run_process({"unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                   mount.string(), full_db.string(), out.string(), big.string(), KENSA_BINARY},
                  {{"KENSA_DB", std::nullopt}}, std::chrono::seconds(120));
  INFO(run.describe());
  if (run.exit_code == 99) {
    std::cout << "SKIPPED: cannot mount a tmpfs in a private mount namespace here\n";
    return;
  }
  REQUIRE(std::filesystem::exists(out / "first-rc"));
  INFO(tail_of_file(out / "first.err"));
  CHECK(tail_of_file(out / "first-rc").find("74") == 0);
  CHECK(tail_of_file(out / "first.err").find("full") != std::string::npos);
  REQUIRE(std::filesystem::exists(out / "import-rc"));
  INFO(tail_of_file(out / "import.err"));
  CHECK(tail_of_file(out / "import-rc").find("74") == 0);
  CHECK(tail_of_file(out / "import.err").find("full") != std::string::npos);
  // The import was one transaction: the file holds the catalogue it had before.
  const auto after = (out / "kensa.db").string();
  CHECK(run_kensa({"db", "status", "--db", after, "--json"}).exit_code == 0);
  CHECK(dataset(status_of(after), "kev")["rows"] ==
        dataset(status_of(full_db.string()), "kev")["rows"]);
}

TEST_CASE("a refreshed enterprise registry is what identification reads from then on") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const auto walk = directory.path() / "device.snmprec";
  std::ofstream(walk) << "1.3.6.1.2.1.1.1.0|4|Managed switch\n"
                         "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.987654.1.1\n"
                         "1.3.6.1.2.1.1.5.0|4|sw-refresh\n";
  REQUIRE(run_kensa({"db", "init", "--db", db}).exit_code == 0);  // identify only reads it
  // 987654 is not (yet) registered: Debian's copy does not name it.
  const auto vendor = [&] {
    const ProcessResult identified =
        run_kensa({"identify", "--walk", walk.string(), "--db", db, "--json"});
    INFO(identified.describe());
    REQUIRE(identified.exit_code == 0);
    return nlohmann::json::parse(identified.out).at(0).value("vendor", nlohmann::json());
  };
  CHECK(vendor().is_null());
  const auto registry = directory.path() / "enterprise-numbers.txt";
  std::ofstream(registry) << "PRIVATE ENTERPRISE NUMBERS\n\n(last updated 2026-11-01)\n\n"
                             "Decimal\n| Organization\n| | Contact\n| | | Email\n| | | | \n"
                             "0\n  Reserved\n    Internet Assigned Numbers Authority\n"
                             "      iana&iana.org\n"
                             "987654\n  Kensa Refresh Test Devices GmbH\n    Test Contact\n"
                             "      ---none---\n";
  const ProcessResult imported =
      run_kensa({"feeds", "import", "pen", registry.string(), "--db", db});
  INFO(imported.describe());
  REQUIRE(imported.exit_code == 0);
  CHECK(vendor() == "Kensa Refresh Test Devices GmbH");
  CHECK(dataset(status_of(db), "pen")["rows"] == 2);
}

namespace {

// A PEN registry of `count` organisations in IANA's layout.
std::string enterprise_registry(int count) {
  std::string text =
      "PRIVATE ENTERPRISE NUMBERS\n\n(last updated 2026-11-01)\n\n"
      "Decimal\n| Organization\n| | Contact\n| | | Email\n| | | | \n";
  for (int number = 1; number <= count; ++number)
    text += std::to_string(number) + "\n  Organisation " + std::to_string(number) +
            "\n    Someone\n      someone&example.test\n";
  return text;
}

}  // namespace

TEST_CASE("an import that would empty a dataset or halve it is refused with both counts") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  REQUIRE(run_kensa({"feeds", "import", "kev", (fixtures / "kev.json").string(), "--db", db})
              .exit_code == 0);
  const auto full = directory.path() / "pen-full.txt";
  const auto cut = directory.path() / "pen-cut.txt";
  write_file(full, enterprise_registry(40));
  write_file(cut, enterprise_registry(2));
  REQUIRE(run_kensa({"feeds", "import", "pen", full.string(), "--db", db}).exit_code == 0);
  REQUIRE(
      run_kensa({"feeds", "import", "screening", (fixtures / "screening.csv").string(), "--db", db})
          .exit_code == 0);
  const ProcessResult status_before = run_kensa({"db", "status", "--db", db, "--json"});
  REQUIRE(status_before.exit_code == 0);

  // A KEV CSV that is only its header; a JSON catalogue with an empty list;
  // a registry cut after two records; a screening register that is only
  // its header.
  const auto kev_header = directory.path() / "kev-header.csv";
  {
    std::ifstream in(fixtures / "kev.csv");
    std::string header;
    std::getline(in, header);
    write_file(kev_header, header + "\n");
  }
  const auto kev_empty = directory.path() / "kev-empty.json";
  write_file(kev_empty,
             R"({"title": "CISA Catalog of Known Exploited Vulnerabilities", )"
             R"("catalogVersion": "2026.11.30", "dateReleased": "2026-11-30T12:00:00.0000Z", )"
             R"("count": 0, "vulnerabilities": []})");
  const auto register_header = directory.path() / "screening-header.csv";
  {
    std::ifstream in(fixtures / "screening.csv");
    std::string header;
    std::getline(in, header);
    write_file(register_header, header + "\n");
  }
  struct Refused {
    std::string kind;
    std::filesystem::path file;
    std::string counts;
  };
  for (const Refused& refused :
       {Refused{"kev", kev_header, "leave 0 row(s) where the database holds 3"},
        Refused{"kev", kev_empty, "leave 0 row(s) where the database holds 3"},
        Refused{"pen", cut, "leave 2 row(s) where the database holds 40"},
        Refused{"screening", register_header, "leave 0 row(s)"}}) {
    const ProcessResult result =
        run_kensa({"feeds", "import", refused.kind, refused.file.string(), "--db", db});
    INFO(result.describe());
    CHECK(result.exit_code == 64);
    CHECK(result.err.find(refused.counts) != std::string::npos);
    CHECK(result.err.find("--allow-shrink") != std::string::npos);
  }
  const ProcessResult status_after = run_kensa({"db", "status", "--db", db, "--json"});
  CHECK(status_after.out == status_before.out);

  // Asked for, it is imported.
  const ProcessResult allowed =
      run_kensa({"feeds", "import", "pen", cut.string(), "--db", db, "--allow-shrink"});
  INFO(allowed.describe());
  CHECK(allowed.exit_code == 0);
  CHECK(dataset(status_of(db), "pen")["rows"] == 2);
}

TEST_CASE("an import error quotes the feed file's bytes escaped") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const auto hostile = directory.path() / "kev.json";
  write_file(hostile,
             "{\"title\": \"x\", \"catalogVersion\": \"1\", \"dateReleased\": "
             "\"2026-11-30T12:00:00.0000Z\", \"count\": 1, \"vulnerabilities\": [{\"cveID\": "
             "\"\\u001b]0;owned\\u0007\\u001b[2JCVE\", \"vendorProject\": \"v\", \"product\": "
             "\"p\", \"vulnerabilityName\": \"n\", \"dateAdded\": \"2024-01-01\", "
             "\"shortDescription\": \"d\", \"requiredAction\": \"a\", \"dueDate\": "
             "\"2024-01-02\", \"knownRansomwareCampaignUse\": \"Unknown\", \"notes\": \"\"}]}");
  const ProcessResult result = run_kensa({"feeds", "import", "kev", hostile.string(), "--db", db});
  INFO(result.describe());
  CHECK(result.exit_code == 64);
  CHECK(result.err.find("is not a CVE id") != std::string::npos);
  CHECK(result.err.find('\x1b') == std::string::npos);
  CHECK(result.err.find('\x07') == std::string::npos);
  CHECK(result.err.find("\\x1b") != std::string::npos);
}
