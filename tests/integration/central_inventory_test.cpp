// The central inventory: scanners of several sites sweeping into one real
// PostgreSQL server at the same time while readers query it, compared with
// the same sweeps in SQLite; and what a scanner does when the server fails.

#include <doctest/doctest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "riskdb/database.hpp"
#include "riskdb/file_digest.hpp"
#include "tests/harness/postgresql_server.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;
namespace fs = std::filesystem;

namespace {

// The first three sweep straight into the central database; the last into
// its own file, and reaches the centre by push and by bundle.
const std::vector<std::string> sites{"Osaka", "Tokyo", "Nagoya", "Sendai"};
constexpr std::size_t direct_sites = 3;
constexpr int devices_per_site = 25;

// The fixture walks, repeated: every address a device of its own.
std::vector<std::string> fleet_arguments(int count) {
  std::vector<std::string> arguments{"--walks"};
  for (const auto& entry :
       fs::directory_iterator(fs::path(KENSA_SOURCE_DIR) / "tests" / "fixtures" / "walks"))
    arguments.push_back(entry.path().string());
  std::sort(arguments.begin() + 1, arguments.end());
  arguments.insert(arguments.end(), {"--count", std::to_string(count)});
  return arguments;
}

// Site i's addresses of the simulated fleet.
std::string site_range(std::size_t i) {
  const int first = static_cast<int>(i) * devices_per_site + 1;
  return "127.0.0." + std::to_string(first) + "-" + std::to_string(first + devices_per_site - 1);
}

std::vector<std::string> sweep_arguments(std::size_t site, std::uint16_t port,
                                         const std::string& db) {
  return {"sweep",     site_range(site),
          "--port",    std::to_string(port),
          "--site",    sites[site],
          "--db",      db,
          "--json",    "--no-progress",
          "--timeout", "2000",
          "--retries", "2"};
}

// What identifies a device and what kensa made of it, without ids and times.
// Inventory rows or export records: their fields that are not ids or times.
// Without `last_seen_fields`, also without those the sweep that saw a device
// last sets (its site and name), which differ with the order sites swept in
// when several sites see one device.
std::multiset<std::string> devices_of(const nlohmann::json& devices, bool last_seen_fields) {
  std::multiset<std::string> lines;
  for (const auto& device : devices) {
    std::string line;
    for (const char* field : {"site", "vendor", "os", "model", "firmware", "serial", "sys_name",
                              "risk", "screening", "screening_status", "address"}) {
      const std::string_view name(field);
      if ((name == "site" || name == "sys_name") && !last_seen_fields) continue;
      if (!device.contains(field)) continue;
      line += (device[field].is_null() ? "-" : device[field].dump()) + "|";
    }
    if (device.contains("addresses"))
      for (const auto& address : device["addresses"]) line += address.get<std::string>() + " ";
    if (device.contains("findings")) line += std::to_string(device["findings"].size());
    lines.insert(line);
  }
  return lines;
}

std::multiset<std::string> findings_of(const nlohmann::json& findings) {
  std::multiset<std::string> all;
  for (const auto& finding : findings)
    all.insert(finding["site"].get<std::string>() + "|" + finding["address"].dump() + "|" +
               finding["kind"].get<std::string>() + "|" + finding["severity"].get<std::string>() +
               "|" + finding["reference"].get<std::string>() + "|" +
               finding["reason"].get<std::string>());
  return all;
}

// The lines only one side has, for failure messages.
std::string difference(const std::multiset<std::string>& a, const std::multiset<std::string>& b) {
  std::string text;
  for (const auto& line : a)
    if (!b.contains(line)) text += "only in the first: " + line + "\n";
  for (const auto& line : b)
    if (!a.contains(line)) text += "only in the second: " + line + "\n";
  return text;
}

nlohmann::json json_of(const ProcessResult& result) {
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  return nlohmann::json::parse(result.out);
}

// Runs kensa and requires `exit_code`; returns its result.
ProcessResult run_kensa_expecting(int exit_code, const std::vector<std::string>& arguments) {
  const ProcessResult result = run_kensa(arguments);
  INFO(result.describe());
  REQUIRE(result.exit_code == exit_code);
  return result;
}

// Sendai sweeps into its own file and pushes, twice; then sweeps again and
// sends a signed bundle instead, which the centre checks before loading.
void send_sendai(const TemporaryDirectory& directory, std::uint16_t port,
                 const std::string& central, const std::string& comparison) {
  const std::string own = (directory.path() / "sendai.db").string();
  for (const std::string& db : {own, comparison}) {
    const ProcessResult sweep = run_kensa(sweep_arguments(3, port, db));
    INFO(sweep.describe());
    CHECK((sweep.exit_code == 0 || sweep.exit_code == 1));
  }
  const ProcessResult first = run_kensa_expecting(0, {"push", "--db", own, "--to", central});
  CHECK(first.out.find("pushed 1 sweep(s)") != std::string::npos);
  // The centre lists it as received from its site.
  const auto status = json_of(run_kensa({"db", "status", "--db", central, "--json"}));
  std::size_t received = 0;
  for (const auto& sweep : status["sweeps"])
    if (!sweep["received_at"].is_null()) {
      ++received;
      CHECK(sweep["site"] == "Sendai");
    }
  CHECK(received == 1);
  const ProcessResult second = run_kensa_expecting(0, {"push", "--db", own, "--to", central});
  CHECK(second.out.find("pushed 0 sweep(s)") != std::string::npos);
  CHECK(second.out.find("1 held already") != std::string::npos);

  for (const std::string& db : {own, comparison}) {
    const ProcessResult sweep = run_kensa(sweep_arguments(3, port, db));
    CHECK((sweep.exit_code == 0 || sweep.exit_code == 1));
  }
  const auto key = directory.path() / "sendai.key", public_key = directory.path() / "sendai.pub";
  REQUIRE(run_process({"openssl", "genpkey", "-algorithm", "ed25519", "-out", key.string()})
              .exit_code == 0);
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
  REQUIRE(
      run_process({"openssl", "pkey", "-in", key.string(), "-pubout", "-out", public_key.string()})
          .exit_code == 0);
  const auto bundle = directory.path() / "sendai.bundle";
  run_kensa_expecting(0, {"export", "--db", own, "--site", "Sendai", "--format", "bundle",
                          "--sign-key", key.string(), "--out", bundle.string()});
  const std::string bytes = read_file(bundle);
  const auto content_at = bytes.find('\n') + 1;
  // Its content is what the header's digest covers, checkable without kensa.
  const auto header = nlohmann::json::parse(bytes.substr(0, content_at));
  CHECK(header["site"] == "Sendai");
  CHECK(header["content_bytes"] == bytes.size() - content_at);

  // A changed byte, a changed byte with the digest made to match, and no signature: refused.
  std::string altered = bytes;
  const auto model = altered.find("\"model\":\"", content_at);
  REQUIRE(model != std::string::npos);
  altered[model + 9] = altered[model + 9] == 'X' ? 'Y' : 'X';
  write_file(directory.path() / "altered.bundle", altered);
  auto reforged_header = header;
  reforged_header["content_sha256"] =
      kensa::riskdb::sha256_of_bytes(std::string_view(altered).substr(content_at));
  write_file(directory.path() / "reforged.bundle",
             reforged_header.dump() + "\n" + altered.substr(content_at));
  auto unsigned_header = header;
  unsigned_header["signature"] = nullptr;
  write_file(directory.path() / "unsigned.bundle",
             unsigned_header.dump() + "\n" + bytes.substr(content_at));
  for (const auto& [name, reason] : {std::pair{"altered.bundle", "it was altered"},
                                     {"reforged.bundle", "its signature does not match"},
                                     {"unsigned.bundle", "not signed"}}) {
    const ProcessResult refused = run_kensa({"ingest", (directory.path() / name).string(), "--db",
                                             central, "--public-key", public_key.string()});
    INFO(name << ": " << refused.describe());
    CHECK(refused.exit_code == 65);
    CHECK(refused.err.find(reason) != std::string::npos);
  }
  // --allow-unsigned loads an unsigned bundle, and still checks its digest.
  const std::string elsewhere = (directory.path() / "unsigned-accepted.db").string();
  CHECK(run_kensa({"ingest", (directory.path() / "unsigned.bundle").string(), "--db", elsewhere,
                   "--allow-unsigned"})
            .exit_code == 0);
  CHECK(run_kensa({"ingest", (directory.path() / "altered.bundle").string(), "--db", elsewhere,
                   "--allow-unsigned"})
            .exit_code == 65);
  // A bundle is a whole sweep: a device filter is refused, not ignored.
  const ProcessResult filtered =
      run_kensa({"export", "--db", own, "--format", "bundle", "--vendor", "Cisco", "--out",
                 (directory.path() / "filtered.bundle").string()});
  CHECK(filtered.exit_code == 64);
  CHECK(filtered.err.find("--vendor") != std::string::npos);
  // Signed by a key the centre was not given: refused too.
  CHECK(run_kensa({"ingest", bundle.string(), "--db", central}).exit_code == 65);

  const ProcessResult loaded = run_kensa_expecting(
      0, {"ingest", bundle.string(), "--db", central, "--public-key", public_key.string()});
  CHECK(loaded.out.find("signed by key") != std::string::npos);
  const ProcessResult again = run_kensa_expecting(
      0, {"ingest", bundle.string(), "--db", central, "--public-key", public_key.string()});
  CHECK(again.out.find("held already") != std::string::npos);
  // The sweep the bundle carried is held: pushing finds nothing to send.
  const ProcessResult after = run_kensa_expecting(0, {"push", "--db", own, "--to", central});
  CHECK(after.out.find("pushed 0 sweep(s)") != std::string::npos);

  // The centre judges Sendai's sweeps by its own feeds; the site's judgement stays beside.
  const auto judged =
      json_of(run_kensa({"judge", "--db", central, "--every-site", "--json"}))["sweeps"];
  CHECK(judged.size() == sites.size());
  const auto sendai_export = directory.path() / "sendai-central.json";
  run_kensa_expecting(0, {"export", "--db", central, "--site", "Sendai", "--format", "json",
                          "--out", sendai_export.string()});
  const auto document = nlohmann::json::parse(read_file(sendai_export));
  CHECK(document["sweep"]["uid"] == header["sweep_uid"]);
  CHECK_FALSE(document["sweep"]["received_at"].is_null());
  REQUIRE(document["site_judgements"].size() == 1);
  for (const auto& judgement : judged)
    if (judgement["site"] == "Sendai")
      CHECK(judgement["after"]["findings"] ==
            document["site_judgements"][0]["summary"]["findings"]);
}

}  // namespace

TEST_CASE(
    "four sites reach one PostgreSQL, three at once and one by push and bundle, and equal "
    "the same sweeps in SQLite") {
  PostgresqlServer* server = shared_postgresql_server_or_skip();
  if (server == nullptr) return;
  TemporaryDirectory directory;
  const std::string central = server->create_database("central_sites");
  {  // The schema and the catalogue first, as `kensa db init` on the central server.
    const ProcessResult init = run_kensa({"db", "init", "--db", central});
    INFO(init.describe());
    REQUIRE(init.exit_code == 0);
  }
  KensaSimulator fleet(fleet_arguments(devices_per_site * static_cast<int>(sites.size())),
                       directory.path() / "simulate.log");

  // Three scanners at once, and a reader querying the inventory meanwhile.
  std::vector<ProcessResult> results(direct_sites);
  std::atomic<bool> sweeping{true};
  std::vector<std::size_t> seen;
  std::thread reader([&] {
    while (sweeping) {
      const ProcessResult read = run_kensa({"inventory", "--db", central, "--json"});
      if (read.exit_code == 0) seen.push_back(nlohmann::json::parse(read.out).size());
    }
  });
  {
    std::vector<std::thread> scanners;
    for (std::size_t i = 0; i < direct_sites; ++i)
      scanners.emplace_back(
          [&, i] { results[i] = run_kensa(sweep_arguments(i, fleet.port(), central)); });
    for (auto& scanner : scanners) scanner.join();
  }
  sweeping = false;
  reader.join();
  for (std::size_t i = 0; i < direct_sites; ++i) {
    INFO(sites[i] << ": " << results[i].describe());
    CHECK((results[i].exit_code == 0 || results[i].exit_code == 1));  // 1: findings
    const auto summary = nlohmann::json::parse(results[i].out);
    CHECK(summary["status"] == "complete");
    CHECK(summary["addresses_answering"] == devices_per_site);
  }
  // Readers saw whole batches only: counts that never went back.
  CHECK(std::is_sorted(seen.begin(), seen.end()));

  // The same sweeps, one after the other, into SQLite.
  const std::string file = (directory.path() / "site.db").string();
  for (std::size_t i = 0; i < direct_sites; ++i) {
    const ProcessResult sweep = run_kensa(sweep_arguments(i, fleet.port(), file));
    INFO(sweep.describe());
    CHECK((sweep.exit_code == 0 || sweep.exit_code == 1));
  }
  send_sendai(directory, fleet.port(), central, file);

  // One device however many sites saw it (the simulated fleet repeats some
  // serials): which site saw it last depends on the order the scanners ran
  // in, so the whole is compared without what the last sighting sets.
  const auto central_inventory = json_of(run_kensa({"inventory", "--db", central, "--json"}));
  const auto file_inventory = json_of(run_kensa({"inventory", "--db", file, "--json"}));
  CHECK(central_inventory.size() == file_inventory.size());
  // $KENSA_DB names the central database as --db does.
  CHECK(json_of(run_kensa({"inventory", "--json"}, {{"KENSA_DB", central}})) == central_inventory);
  INFO(difference(devices_of(central_inventory, false), devices_of(file_inventory, false)));
  CHECK(devices_of(central_inventory, false) == devices_of(file_inventory, false));
  std::size_t by_site = 0;
  for (const std::string& site : sites) {
    CAPTURE(site);
    const auto at_site =
        json_of(run_kensa({"inventory", "--db", central, "--site", site, "--json"}));
    by_site += at_site.size();
    for (const auto& device : at_site) CHECK(device["site"] == site);
    const auto central_findings =
        json_of(run_kensa({"findings", "--db", central, "--site", site, "--json"}));
    CHECK_FALSE(central_findings.empty());
    CHECK(findings_of(central_findings) ==
          findings_of(json_of(run_kensa({"findings", "--db", file, "--site", site, "--json"}))));
    // The export of the site's latest sweep names the site in every device record.
    const auto out = directory.path() / (site + ".json");
    const ProcessResult exported = run_kensa(
        {"export", "--db", central, "--site", site, "--format", "json", "--out", out.string()});
    INFO(exported.describe());
    REQUIRE(exported.exit_code == 0);
    const auto document = nlohmann::json::parse(read_file(out));
    for (const auto& device : document["devices"]) CHECK(device["site"] == site);
    const auto file_out = directory.path() / (site + "-sqlite.json");
    REQUIRE(run_kensa({"export", "--db", file, "--site", site, "--format", "json", "--out",
                       file_out.string()})
                .exit_code == 0);
    CHECK(devices_of(document["devices"], true) ==
          devices_of(nlohmann::json::parse(read_file(file_out))["devices"], true));
    // The CSV's last column is the site, ending every device row (RFC 4180's CRLF).
    const auto csv = directory.path() / (site + ".csv");
    REQUIRE(run_kensa({"export", "--db", central, "--site", site, "--format", "csv", "--out",
                       csv.string()})
                .exit_code == 0);
    const std::string table = read_file(csv);
    CHECK(table.substr(0, table.find("\r\n")).ends_with(",site"));
    std::size_t csv_rows = 0;
    for (auto at = table.find("," + site + "\r\n"); at != std::string::npos;
         at = table.find("," + site + "\r\n", at + 1))
      ++csv_rows;
    CHECK(csv_rows == document["devices"].size());
  }
  CHECK(by_site == central_inventory.size());
  // The auditor's one command: every site's latest judged sweep, a file and
  // a manifest each, equal to the export of that site alone.
  const auto every = directory.path() / "central.json";
  const ProcessResult all_sites = run_kensa(
      {"export", "--db", central, "--every-site", "--format", "json", "--out", every.string()});
  INFO(all_sites.describe());
  REQUIRE(all_sites.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(every));
  for (const std::string& site : sites) {
    CAPTURE(site);
    const auto written = directory.path() / ("central." + site + ".json");
    REQUIRE(std::filesystem::exists(written));
    const auto document = nlohmann::json::parse(read_file(written));
    CHECK(document["sweep"]["site"] == site);
    CHECK(
        devices_of(document["devices"], true) ==
        devices_of(nlohmann::json::parse(read_file(directory.path() / (site + ".json")))["devices"],
                   true));
    CHECK(run_kensa({"verify", written.string() + ".manifest.json"}).exit_code == 0);
  }
  CHECK(run_kensa({"export", "--db", central, "--every-site", "--site", "Osaka", "--format", "json",
                   "--out", every.string()})
            .exit_code == 64);
  // Each site's sweep is compared with its own site's history, not another's:
  // Osaka and then Tokyo sweep again, and nothing is new at either.
  for (const std::size_t site : {0U, 1U}) {
    const ProcessResult again = run_kensa(sweep_arguments(site, fleet.port(), central));
    CHECK(nlohmann::json::parse(again.out)["changes"]["new"] == 0);
  }
  CHECK(json_of(run_kensa({"findings", "--db", central, "--site", "Osaka", "--new", "--json"}))
            .empty());
  // Without --site, findings are those of every site's latest judged sweep.
  std::multiset<std::string> every_site;
  for (const std::string& site : sites) {
    const auto at_site =
        findings_of(json_of(run_kensa({"findings", "--db", central, "--site", site, "--json"})));
    every_site.insert(at_site.begin(), at_site.end());
  }
  CHECK(findings_of(json_of(run_kensa({"findings", "--db", central, "--json"}))) == every_site);
  const auto diff = json_of(run_kensa({"diff", "--db", central, "--site", "Tokyo", "--json"}));
  CHECK(diff["new"].empty());
  CHECK(diff["gone"].empty());
  // A site name that could not be a site's, in a store altered by other
  // means, names no file: the export is refused before any site's is written.
  kensa::riskdb::Database::open(file).execute(
      "UPDATE sweeps SET site = '../escaped' WHERE site = 'Osaka'");
  const auto inside = directory.path() / "tampered" / "audit.json";
  std::filesystem::create_directories(inside.parent_path());
  const ProcessResult tampered = run_kensa(
      {"export", "--db", file, "--every-site", "--format", "json", "--out", inside.string()});
  CHECK(tampered.exit_code == 64);
  CHECK(tampered.err.find("cannot name a file") != std::string::npos);
  CHECK(std::filesystem::is_empty(inside.parent_path()));
}

TEST_CASE("a scanner killed mid-sweep leaves its PostgreSQL sweep aborted, and the site free") {
  PostgresqlServer* server = shared_postgresql_server_or_skip();
  if (server == nullptr) return;
  TemporaryDirectory directory;
  const std::string central = server->create_database("killed_scanner");
  const auto log = directory.path() / "first.log";
  BackgroundProcess first({KENSA_BINARY, "sweep", "127.1.0.0/22", "--window", "2", "--timeout",
                           "5000", "--retries", "0", "--site", "Osaka", "--db", central},
                          log);
  for (int i = 0; i < 600 && tail_of_file(log).find("started") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE_MESSAGE(tail_of_file(log).find("started") != std::string::npos, tail_of_file(log));
  // Another site sweeps meanwhile; the same site may not.
  CHECK(run_kensa({"sweep", "127.1.4.1", "--timeout", "200", "--retries", "0", "--site", "Tokyo",
                   "--db", central})
            .exit_code == 0);
  const ProcessResult same = run_kensa({"sweep", "127.1.4.1", "--site", "Osaka", "--db", central});
  CHECK(same.exit_code == 64);
  CHECK(same.err.find("is still writing site Osaka") != std::string::npos);

  first.signal(SIGKILL);
  for (int i = 0; i < 100 && first.running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  // The server ends the dead scanner's session, and its lease with it.
  nlohmann::json status;
  for (int i = 0; i < 100; ++i) {
    status = json_of(run_kensa({"db", "status", "--db", central, "--json"}));
    if (status["sweeps"][0]["status"] == "aborted") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(status["sweeps"][0]["status"] == "aborted");
  CHECK(run_kensa({"sweep", "127.1.4.1", "--timeout", "200", "--retries", "0", "--site", "Osaka",
                   "--db", central})
            .exit_code == 0);
}

TEST_CASE(
    "PostgreSQL refusals come before any packet, and a server gone mid-sweep ends it with 74") {
  PostgresqlServer* server = shared_postgresql_server_or_skip();
  if (server == nullptr) return;
  TemporaryDirectory directory;
  // No server there: an error naming it, before the sweep starts.
  const ProcessResult unreachable =
      run_kensa({"sweep", "127.1.4.1", "--db", "postgresql://kensa@127.0.0.1:1/kensa"});
  CHECK(unreachable.exit_code == 74);
  CHECK(unreachable.err.find("postgresql://kensa@127.0.0.1:1/kensa") != std::string::npos);
  CHECK(unreachable.out.find("started") == std::string::npos);
  const ProcessResult with_password =
      run_kensa({"inventory", "--db", "postgresql://kensa:hunter2@127.0.0.1:1/kensa"});
  CHECK(with_password.exit_code == 64);
  CHECK(with_password.err.find("hunter2") == std::string::npos);
  CHECK(with_password.err.find("password") != std::string::npos);

  const std::string central = server->create_database("server_goes_away");
  ProcessResult swept;
  std::thread scanner([&] {
    swept = run_kensa({"sweep", "127.1.0.0/22", "--window", "64", "--timeout", "700", "--retries",
                       "0", "--no-progress", "--db", central});
  });
  bool running = false;
  for (int i = 0; i < 600 && !running; ++i) {
    try {
      running = server->run_sql("server_goes_away",
                                "SELECT count(*) FROM sweeps WHERE status = 'running'") == "1\n";
    } catch (const std::exception&) {
      // The schema is not there yet.
    }
    if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(running);
  server->stop();
  scanner.join();
  server->start();
  INFO(swept.describe());
  CHECK(swept.exit_code == 74);
  CHECK(swept.err.find("cannot write " + central) != std::string::npos);
  // The scanner's lease went with its session: the sweep reads as aborted.
  const auto status = json_of(run_kensa({"db", "status", "--db", central, "--json"}));
  CHECK(status["sweeps"][0]["status"] == "aborted");
}

TEST_CASE("a server that refuses a sweep's second session stops it before its first target") {
  PostgresqlServer* server = shared_postgresql_server_or_skip();
  if (server == nullptr) return;
  // A role allowed one session: the sweep's own, not the one beside it that
  // its writer opens for lookups. The same path as a server gone while the
  // writer is being set up.
  server->run_sql("postgres", "CREATE ROLE one_session LOGIN");
  server->run_sql("postgres", "CREATE DATABASE one_session OWNER one_session");
  const std::string central =
      "postgresql://one_session@127.0.0.1:" + std::to_string(server->port()) + "/one_session";
  run_kensa_expecting(0, {"db", "init", "--db", central});
  server->run_sql("postgres", "ALTER ROLE one_session CONNECTION LIMIT 1");
  const ProcessResult swept =
      run_kensa({"sweep", "127.1.4.1", "--timeout", "200", "--retries", "0", "--db", central});
  INFO(swept.describe());
  CHECK(swept.exit_code == 74);
  CHECK(swept.err.find("cannot write " + central) != std::string::npos);
  CHECK(swept.err.find("too many connections") != std::string::npos);
  server->run_sql("postgres", "ALTER ROLE one_session CONNECTION LIMIT -1");
  const auto status = json_of(run_kensa({"db", "status", "--db", central, "--json"}));
  REQUIRE(status["sweeps"].size() == 1);
  CHECK(status["sweeps"][0]["status"] == "aborted");
  CHECK(status["sweeps"][0]["note"].get<std::string>().find("too many connections") !=
        std::string::npos);
  const auto inventory = json_of(run_kensa({"inventory", "--db", central, "--json"}));
  CHECK(inventory.empty());
}

TEST_CASE(
    "a push cut off mid-sweep by a dropped connection leaves nothing half-sent, and resumes") {
  PostgresqlServer* server = shared_postgresql_server_or_skip();
  if (server == nullptr) return;
  TemporaryDirectory directory;
  const std::string name = "interrupted_push";
  const std::string central = server->create_database(name);
  run_kensa_expecting(0, {"db", "init", "--db", central});
  KensaSimulator fleet(fleet_arguments(devices_per_site), directory.path() / "simulate.log");
  const std::string own = (directory.path() / "kobe.db").string();
  const auto sweep_kobe = [&] {
    const ProcessResult sweep =
        run_kensa({"sweep", site_range(0), "--port", std::to_string(fleet.port()), "--site", "Kobe",
                   "--db", own, "--no-progress", "--timeout", "2000"});
    INFO(sweep.describe());
    CHECK((sweep.exit_code == 0 || sweep.exit_code == 1));
  };
  const auto count = [&](const std::string& sql) { return server->run_sql(name, sql); };
  sweep_kobe();
  CHECK(run_kensa_expecting(0, {"push", "--db", own, "--to", central})
            .out.find("pushed 1 sweep(s)") != std::string::npos);
  const int observed = std::stoi(count("SELECT count(*) FROM observations"));
  sweep_kobe();
  sweep_kobe();

  // Another session holds the site judgements against writers: the push's
  // next sweep waits on it mid-transaction, and there its connection drops.
  BackgroundProcess blocker = server->start_sql(
      name, "BEGIN; LOCK TABLE site_judgements IN EXCLUSIVE MODE; SELECT pg_sleep(600);",
      directory.path() / "blocker.log");
  const std::string locked =
      "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = "
      "'site_judgements' AND l.mode = 'ExclusiveLock' AND l.granted";
  for (int i = 0; i < 200 && count(locked) != "1\n"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE_MESSAGE(count(locked) == "1\n", tail_of_file(blocker.log()));
  ProcessResult cut_off;
  std::thread push([&] { cut_off = run_kensa({"push", "--db", own, "--to", central}); });
  const std::string waiting =
      "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
      "AND datname = '" +
      name + "'";
  std::string pid;
  for (int i = 0; i < 400 && pid.empty(); ++i) {
    pid = count(waiting);
    if (pid.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK_FALSE(pid.empty());
  if (!pid.empty()) count("SELECT pg_terminate_backend(" + pid.substr(0, pid.find('\n')) + ")");
  push.join();
  count(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep%' "
      "AND pid <> pg_backend_pid()");
  INFO(cut_off.describe());
  CHECK(cut_off.exit_code == 74);
  CHECK(cut_off.out.find("held already") != std::string::npos);  // the first, before it stopped
  // Nothing of the sweep it was sending is there.
  CHECK(count("SELECT count(*) FROM sweeps") == "1\n");
  CHECK(count("SELECT count(*) FROM observations") == std::to_string(observed) + "\n");

  const ProcessResult resumed = run_kensa_expecting(0, {"push", "--db", own, "--to", central});
  CHECK(resumed.out.find("pushed 2 sweep(s)") != std::string::npos);
  CHECK(resumed.out.find("1 held already") != std::string::npos);
  CHECK(count("SELECT count(*) FROM sweeps WHERE site = 'Kobe' AND status = 'complete'") == "3\n");
  CHECK(count("SELECT count(*) FROM observations") == std::to_string(3 * observed) + "\n");
  // One device each, however many sweeps saw it: the same as in the site's own file.
  CHECK(json_of(run_kensa({"inventory", "--db", central, "--json"})).size() ==
        json_of(run_kensa({"inventory", "--db", own, "--json"})).size());
}
