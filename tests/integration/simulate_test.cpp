// kensa simulate: a read-only agent serving recorded walks, checked against
// snmpsim on the same recordings with net-snmp's own tools, and against the
// protocol's rules for exceptions, errors and writes.

#include <doctest/doctest.h>
#include <signal.h>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <thread>

#include "tests/harness/snmpd_agent.hpp"
#include "tests/harness/snmpsim_agent.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;
namespace fs = std::filesystem;

namespace {

// net-snmp's walk of everything an agent holds, one line per varbind, with
// trailing white space dropped (snmpsim drops it from values).
std::string walk(const std::string& endpoint, const std::string& community,
                 const std::string& tool = "snmpbulkwalk") {
  const ProcessResult result =
      run_process({tool, "-v2c", "-c", community, "-On", "-t", "2", "-r", "1", endpoint, ".1"},
                  {{"MIBS", ""}}, std::chrono::seconds(120));
  std::istringstream lines(result.out);
  std::string out;
  const auto trim = [](std::string& text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
      text.pop_back();
  };
  for (std::string line; std::getline(lines, line);) {
    trim(line);
    if (line.size() >= 2 && line.back() == '"') {  // inside the quotes too
      line.pop_back();
      trim(line);
      line += '"';
    }
    out += line + '\n';
  }
  return out + "exit " + std::to_string(result.exit_code) + "\n";
}

ProcessResult snmp(const std::vector<std::string>& argv) {
  return run_process(argv, {{"MIBS", ""}}, std::chrono::seconds(30));
}

}  // namespace

TEST_CASE("kensa simulate answers walks exactly as snmpsim does, for GETNEXT and GETBULK") {
  if (const auto reason = SnmpsimAgent::unavailable_reason()) {
    std::cout << "SKIPPED: " << *reason << '\n';
    return;
  }
  std::vector<fs::path> recordings;
  for (const auto& entry : fs::directory_iterator(fs::path(KENSA_SOURCE_DIR) / "cli/demo/walks"))
    recordings.push_back(entry.path());
  recordings.push_back(fs::path(KENSA_SOURCE_DIR) / "tests/fixtures/walks/edge-router.snmprec");
  const fs::path corpus = fs::path(KENSA_SOURCE_DIR) / ".." / "shared" / "corpus" / "snmprec";
  if (fs::is_directory(corpus)) {
    std::vector<fs::path> all;
    for (const auto& entry : fs::directory_iterator(corpus)) all.push_back(entry.path());
    std::sort(all.begin(), all.end());
    for (std::size_t i = 0; i < all.size() && recordings.size() < 40; i += all.size() / 30 + 1)
      recordings.push_back(all[i]);
  } else {
    std::cout << "(no corpus at " << corpus << ": the project's own walks only)\n";
  }
  std::sort(recordings.begin(), recordings.end());
  TemporaryDirectory directory;
  SnmpsimAgent reference(recordings, recordings.front().stem().string());
  std::vector<std::string> arguments{"--walks"};
  for (const auto& recording : recordings) arguments.push_back(recording.string());
  KensaSimulator simulator(arguments, directory.path() / "simulate.log");
  // Rows kensa cannot read are skipped with a warning naming the file;
  // snmpsim ends its walk at such a row instead. Those recordings are left
  // out of the comparison (the walk-file tests cover the skipping).
  const std::string warnings = tail_of_file(directory.path() / "simulate.log", 100000);
  std::size_t compared = 0, with_bad_rows = 0;
  for (const auto& recording : recordings) {
    const std::string community = recording.stem().string();
    CAPTURE(community);
    if (warnings.find(recording.filename().string() + ":") != std::string::npos) {
      ++with_bad_rows;
      continue;
    }
    const std::string expected = walk(reference.endpoint(), community);
    if (expected.find("exit 0") == std::string::npos) continue;  // snmpsim cannot serve it
    const std::string served = walk(simulator.endpoint(), community);
    if (served != expected) {
      // The first line where they part, rather than two whole walks.
      std::istringstream a(served), b(expected);
      std::string line_a, line_b;
      std::size_t line = 0;
      while (std::getline(a, line_a) && std::getline(b, line_b) && line_a == line_b) ++line;
      CAPTURE(line);
      CHECK(line_a == line_b);
    }
    ++compared;
  }
  // GETNEXT, one varbind at a time, on the project's own router.
  CHECK(walk(simulator.endpoint(), "edge-router", "snmpwalk") ==
        walk(reference.endpoint(), "edge-router", "snmpwalk"));
  std::cout << "compared " << compared << " recordings with snmpsim (" << with_bad_rows
            << " left out for rows kensa skips)\n";
  CHECK(compared >= (fs::is_directory(corpus) ? 20U : recordings.size()));
}

TEST_CASE("kensa simulate keeps to the protocol: exceptions, v1 errors, no writes, fleets") {
  TemporaryDirectory directory;
  KensaSimulator simulator(
      {"--walks",
       (fs::path(KENSA_SOURCE_DIR) / "tests/fixtures/walks/edge-router.snmprec").string(),
       "--count", "3"},
      directory.path() / "simulate.log");
  const ProcessResult exceptions =
      snmp({"snmpget", "-v2c", "-c", "public", "-On", simulator.endpoint(), "1.3.6.1.2.1.1.5.0",
            "1.3.6.1.2.1.1.5.1", "1.3.6.1.2.1.99.1.0"});
  INFO(exceptions.describe());
  CHECK(exceptions.out.find("No Such Instance") != std::string::npos);
  CHECK(exceptions.out.find("No Such Object") != std::string::npos);
  const ProcessResult v1 =
      snmp({"snmpget", "-v1", "-c", "public", "-On", simulator.endpoint(), "1.3.6.1.2.1.1.5.1"});
  CHECK(v1.err.find("noSuchName") != std::string::npos);
  const ProcessResult write = snmp({"snmpset", "-v2c", "-c", "public", simulator.endpoint(),
                                    "1.3.6.1.2.1.1.5.0", "s", "changed"});
  CHECK(write.exit_code != 0);
  CHECK(write.err.find("noAccess") != std::string::npos);
  CHECK(snmp({"snmpget", "-v2c", "-c", "public", "-Oqv", simulator.endpoint(), "1.3.6.1.2.1.1.5.0"})
            .out.find("edge-rt01") != std::string::npos);
  // A wrong community gets no answer, as from a real agent.
  CHECK(snmp({"snmpget", "-v2c", "-c", "wrong", "-t", "0.3", "-r", "0", simulator.endpoint(),
              "1.3.6.1.2.1.1.5.0"})
            .exit_code != 0);
  // Three addresses, three devices: names and serials vary by copy.
  const ProcessResult third =
      snmp({"snmpget", "-v2c", "-c", "public", "-Oqv", simulator.endpoint(3), "1.3.6.1.2.1.1.5.0",
            "1.3.6.1.2.1.47.1.1.1.1.11.1"});
  CHECK(third.out == "\"edge-rt01-2\"\n\"JN11AB2CDAFA-2\"\n");
  CHECK(snmp({"snmpget", "-v2c", "-c", "public", "-t", "0.3", "-r", "0", simulator.endpoint(4),
              "1.3.6.1.2.1.1.5.0"})
            .exit_code != 0);
  // A GETBULK answer larger than the largest message is cut, never refused.
  const ProcessResult bulk = snmp({"snmpbulkget", "-v2c", "-c", "public", "-On", "-Cr1000",
                                   simulator.endpoint(), "1.3.6.1.2.1"});
  INFO(bulk.describe());
  CHECK(bulk.exit_code == 0);
  CHECK(bulk.out.size() > 1000);
}

TEST_CASE("kensa demo sweeps the simulated network and shows every kind of finding") {
  TemporaryDirectory directory;
  const fs::path report = directory.path() / "report.html";
  const ProcessResult demo = run_kensa(
      {"demo", "--db", (directory.path() / "demo.db").string(), "--report", report.string()});
  INFO(demo.describe());
  REQUIRE(demo.exit_code == 0);
  // Four polled (three of them found by LLDP from one seed), one camera seen only as a neighbour.
  CHECK(demo.out.find("addresses probed 4, answering 4") != std::string::npos);
  CHECK(demo.out.find("devices found 5") != std::string::npos);
  CHECK(demo.out.find("seen only as neighbours 1") != std::string::npos);
  // The findings table: a header, then a row per finding with its kind as a column.
  const auto table = demo.out.find("SEVERITY  ID  NAME");
  REQUIRE(table != std::string::npos);
  for (const char* kind : {"restricted_vendor", "known_exploited", "unscreened", "neighbor_only",
                           "drifted", "rejected"})
    CHECK_MESSAGE(demo.out.find(std::string("  ") + kind + "  ", table) != std::string::npos, kind);
  CHECK(demo.out.find("CVE-2023-20198") != std::string::npos);
  CHECK(fs::exists(report));
  CHECK(run_kensa({"verify", report.string() + ".manifest.json"}).exit_code == 0);
  // The simulator it started is gone: nothing answers there any more.
  CHECK(snmp({"snmpget", "-v2c", "-c", "public", "-t", "0.3", "-r", "0", "127.77.0.1:161",
              "1.3.6.1.2.1.1.5.0"})
            .exit_code != 0);
}

TEST_CASE("kensa simulate speaks SNMPv3 with a configured user, and reports what USM refuses") {
  TemporaryDirectory directory;
  const auto auth = secret_file(directory, "auth", "sim-auth-passphrase");
  const auto priv = secret_file(directory, "priv", "sim-priv-passphrase");
  const std::string router =
      (fs::path(KENSA_SOURCE_DIR) / "tests/fixtures/walks/edge-router.snmprec").string();
  KensaSimulator simulator(
      {"--walks", router, "--v3-user", "ops", "--auth-proto", "SHA-256", "--auth-pass-file",
       auth.string(), "--priv-proto", "AES-256", "--priv-pass-file", priv.string()},
      directory.path() / "simulate.log");
  const auto v3 = [&](const std::string& level, const std::string& user,
                      const std::string& auth_pass) {
    return snmp({"snmpbulkwalk",
                 "-v3",
                 "-l",
                 level,
                 "-u",
                 user,
                 "-a",
                 "SHA-256",
                 "-A",
                 auth_pass,
                 "-x",
                 "AES-256",
                 "-X",
                 "sim-priv-passphrase",
                 "-On",
                 "-t",
                 "1",
                 "-r",
                 "0",
                 simulator.endpoint(),
                 ".1"});
  };
  const ProcessResult private_walk = v3("authPriv", "ops", "sim-auth-passphrase");
  INFO(private_walk.describe());
  CHECK(private_walk.exit_code == 0);
  const ProcessResult community_walk =
      snmp({"snmpbulkwalk", "-v2c", "-c", "public", "-On", simulator.endpoint(), ".1"});
  CHECK(private_walk.out == community_walk.out);

  CHECK(v3("authPriv", "ops", "wrong-passphrase").err.find("Authentication failure") !=
        std::string::npos);
  const ProcessResult intruder =
      snmp({"snmpget", "-v3", "-l", "noAuthNoPriv", "-u", "intruder", "-t", "1", "-r", "0",
            simulator.endpoint(), "1.3.6.1.2.1.1.5.0"});
  CHECK(intruder.err.find("Unknown user name") != std::string::npos);
  // The user was enabled for authPriv: less is refused, as snmpd's "rouser ops priv" would.
  const ProcessResult plain = snmp({"snmpget", "-v3", "-l", "noAuthNoPriv", "-u", "ops", "-t", "1",
                                    "-r", "0", simulator.endpoint(), "1.3.6.1.2.1.1.5.0"});
  CHECK(plain.exit_code != 0);
  CHECK(plain.err.find("authorizationError") != std::string::npos);
  // kensa's own engine against kensa's own agent, over SNMPv3 authPriv.
  const ProcessResult poll =
      run_kensa({"poll", simulator.endpoint(), "--snmp-version", "3", "--v3-user", "ops",
                 "--auth-proto", "SHA-256", "--auth-pass-file", auth.string(), "--priv-proto",
                 "AES-256", "--priv-pass-file", priv.string(), "--identify", "--json"});
  INFO(poll.describe());
  CHECK(poll.exit_code == 0);
  CHECK(poll.out.find("JN11AB2CDAFA") != std::string::npos);
}
