// kensa sweep and kensa diff against real agents: a recorded Juniper router
// served by snmpsim (with LLDP and CDP neighbours that are not polled) and a
// net-snmp snmpd presenting itself as a Cisco switch.

#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>

#include "tests/harness/snmpd_agent.hpp"
#include "tests/harness/snmpsim_agent.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;

namespace {

SnmpdSettings cisco_switch(const std::string& release) {
  SnmpdSettings settings;
  settings.descr = "Cisco IOS Software, C3750E Software (C3750E-UNIVERSALK9-M), Version " +
                   release + ", RELEASE SOFTWARE (fc2)";
  settings.object_id = ".1.3.6.1.4.1.9.1.1227";
  settings.name = "access-sw01";
  return settings;
}

nlohmann::json sweep(const std::vector<std::string>& arguments, const std::string& community,
                     int expected_exit) {
  std::vector<std::string> all{"sweep", "--json", "--timeout", "2000", "--retries", "2"};
  all.insert(all.end(), arguments.begin(), arguments.end());
  const ProcessResult result = run_kensa(all, {{"KENSA_COMMUNITY", community}});
  INFO(result.describe());
  REQUIRE(result.exit_code == expected_exit);
  return nlohmann::json::parse(result.out);
}

}  // namespace

TEST_CASE(
    "a sweep stores, identifies and judges what answers, and records neighbours it could not "
    "poll") {
  if (const auto reason = SnmpsimAgent::unavailable_reason()) {
    std::cout << "SKIPPED: " << *reason << '\n';
    return;
  }
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  SnmpsimAgent router(
      {std::filesystem::path(KENSA_SOURCE_DIR) / "tests/fixtures/walks/edge-router.snmprec"},
      "edge-router");
  const auto summary = sweep({router.endpoint(), "127.0.0.1:9", "--db", db}, "edge-router", 0);
  CHECK(summary["status"] == "complete");
  CHECK(summary["addresses_probed"] == 2);
  CHECK(summary["addresses_answering"] == 1);
  CHECK(summary["devices_found"] == 3);  // the router and its two neighbours
  CHECK(summary["neighbor_only"] == 2);
  CHECK(summary["by_vendor"]["Juniper Networks"] == 1);
  CHECK(summary["changes"]["since"].is_null());

  const ProcessResult inventory = run_kensa({"inventory", "--db", db, "--json"});
  const auto devices = nlohmann::json::parse(inventory.out);
  REQUIRE(devices.size() == 3);
  int shadows = 0;
  for (const auto& device : devices) {
    if (device["neighbor_only"].get<bool>()) {
      ++shadows;
      continue;
    }
    CHECK(device["serial"] == "JN11AB2CDAFA");
    CHECK(device["model"] == "mx480");
    CHECK(device["addresses"][0] == router.endpoint());
  }
  CHECK(shadows == 2);
  const ProcessResult findings =
      run_kensa({"findings", "--db", db, "--kind", "neighbor_only", "--json"});
  CHECK(nlohmann::json::parse(findings.out).size() == 2);

  // The neighbour core-sw02 describes itself as Huawei VRP: named, and judged.
  const ProcessResult restricted =
      run_kensa({"findings", "--db", db, "--kind", "restricted_vendor", "--json"});
  const auto restricted_findings = nlohmann::json::parse(restricted.out);
  REQUIRE_FALSE(restricted_findings.empty());
  CHECK(restricted_findings[0]["device_name"] == "core-sw02");
  CHECK(restricted_findings[0]["vendor"] == "Huawei");
  CHECK(summary["findings"]["critical"].get<int>() >= 1);
  // Nothing triaged yet: every finding of the sweep is counted untriaged.
  int findings_total = 0;
  for (const auto& [severity, count] : summary["findings"].items())
    findings_total += count.get<int>();
  CHECK(summary["triage"]["untriaged"] == findings_total);

  // --fail-on: exit 1 when a finding is at or above it.
  const auto again =
      sweep({router.endpoint(), "--db", db, "--fail-on", "critical"}, "edge-router", 1);
  CHECK(again["changes"]["since"] == 1);
  CHECK(again["changes"]["new"] == 0);
  CHECK(again["changes"]["gone"] == 0);
}

TEST_CASE("two devices of one cloned image, one engine id, different keys, are read at once") {
  // The same SNMPv3 engine id and user name with different passwords: USM
  // keys are per (engine id, user), so one device's keys must never be used
  // for the other's messages while both are in flight.
  const auto clone = [](const std::string& name, const std::string& secret) {
    SnmpdSettings settings;
    settings.name = name;
    settings.users = {{"kensa-clone", "SHA", "auth-" + secret, "AES", "priv-" + secret}};
    settings.extra_config = {"engineID kensa-cloned-image"};
    return settings;
  };
  SnmpdAgent first(clone("clone-a", "first-Secret-71"));
  SnmpdAgent second(clone("clone-b", "second-Secret-72"));
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const auto config = directory.path() / "sweep.toml";
  {
    std::ofstream out(config);
    for (const char* secret : {"first-Secret-71", "second-Secret-72"}) {
      const std::string name(secret);
      secret_file(directory, "auth-" + name, "auth-" + name);
      secret_file(directory, "priv-" + name, "priv-" + name);
      out << "[[credentials]]\nversion = \"3\"\nuser = \"kensa-clone\"\n"
          << "auth_protocol = \"SHA\"\nauth_password_file = \"auth-" << name << "\"\n"
          << "priv_protocol = \"AES\"\npriv_password_file = \"priv-" << name << "\"\n";
    }
  }
  const ProcessResult result =
      run_kensa({"sweep", "--config", config.string(), "--json", "--timeout", "2000", "--retries",
                 "0", "--db", db, first.endpoint(), second.endpoint()});
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  const auto summary = nlohmann::json::parse(result.out);
  CHECK(summary["addresses_answering"] == 2);
  CHECK(summary["counters"]["dropped_security"] == 0);
  CHECK(summary["counters"]["timeouts"] == 0);
  const auto devices = nlohmann::json::parse(run_kensa({"inventory", "--db", db, "--json"}).out);
  std::set<std::string> names;
  for (const auto& device : devices) names.insert(device["sys_name"].get<std::string>());
  CHECK(names == std::set<std::string>{"clone-a", "clone-b"});
}

TEST_CASE("kensa diff names what changed between two sweeps") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  std::string endpoint;
  {
    SnmpdAgent agent(cisco_switch("12.2(55)SE11"));
    endpoint = agent.endpoint();
    const auto first = sweep({endpoint, "--db", db}, agent.settings().community, 0);
    CHECK(first["by_vendor"]["Cisco"] == 1);
  }
  {
    SnmpdSettings upgraded = cisco_switch("12.2(55)SE12");
    SnmpdAgent agent(upgraded);
    const auto second = sweep({agent.endpoint(), "--db", db}, agent.settings().community, 0);
    if (agent.endpoint() == endpoint) CHECK(second["changes"]["changed"] == 1);
  }
  const ProcessResult diff = run_kensa({"diff", "--db", db, "--json"});
  INFO(diff.describe());
  REQUIRE(diff.exit_code == 0);
  const auto out = nlohmann::json::parse(diff.out);
  CHECK(out["from"] == 1);
  CHECK(out["to"] == 2);
  bool firmware_changed = false;
  for (const auto& change : out["changed"])
    for (const auto& text : change["changes"])
      firmware_changed |= text.get<std::string>() == "firmware 12.2(55)SE11 -> 12.2(55)SE12";
  // The second agent may get another port; then the switch is new and the first one gone.
  CHECK((firmware_changed || (out["new"].size() == 1 && out["gone"].size() == 1)));
  const ProcessResult text = run_kensa({"diff", "1", "2", "--db", db});
  CHECK(text.out.find("sweep 1 -> 2") != std::string::npos);
  CHECK(run_kensa({"diff", "1", "--db", db}).exit_code == 64);
}

TEST_CASE("a sweep stopped by SIGTERM stores what it found and is marked aborted") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  SnmpdAgent agent(cisco_switch("15.0(2)SE11"));
  // The agent first, then a silent /22: the sweep is still waiting when the signal comes.
  BackgroundProcess process({KENSA_BINARY, "sweep", agent.endpoint(), "127.1.0.0/22", "--window",
                             "4", "--timeout", "3000", "--retries", "0", "--db", db, "--json"},
                            directory.path() / "sweep.log",
                            {{"KENSA_COMMUNITY", agent.settings().community}});
  // Once the sweep has started, the agent (first of four in flight) answers within moments.
  for (int i = 0;
       i < 600 && tail_of_file(directory.path() / "sweep.log").find("started") == std::string::npos;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  process.signal(SIGTERM);
  for (int i = 0; i < 200 && process.running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE_FALSE(process.running());
  const std::string log = tail_of_file(directory.path() / "sweep.log", 200);
  INFO(log);
  CHECK(log.find("stopping") != std::string::npos);
  CHECK(log.find("\"status\": \"aborted\"") != std::string::npos);
  const ProcessResult status = run_kensa({"db", "status", "--db", db, "--json"});
  const auto out = nlohmann::json::parse(status.out);
  REQUIRE(out["sweeps"].size() == 1);
  CHECK(out["sweeps"][0]["status"] == "aborted");
  CHECK(out["sweeps"][0]["note"].get<std::string>().find("interrupted after") == 0);
  CHECK(out["devices"] == 1);
}

TEST_CASE("a hang-up under a rate limit abandons the requests in flight and waiting at once") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  // 1024 silent targets in flight, ten packets a second: without abandoning
  // them the stop would wait more than a minute and a half for the limiter.
  BackgroundProcess process({KENSA_BINARY, "sweep", "127.1.8.0/22", "--window", "1024", "--rate",
                             "10", "--timeout", "60000", "--retries", "0", "--db", db, "--json"},
                            directory.path() / "sweep.log");
  for (int i = 0;
       i < 600 && tail_of_file(directory.path() / "sweep.log").find("started") == std::string::npos;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  process.signal(SIGHUP);
  for (int i = 0; i < 400 && process.running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE_FALSE(process.running());
  const std::string log = tail_of_file(directory.path() / "sweep.log", 200);
  INFO(log);
  CHECK(log.find("\"status\": \"aborted\"") != std::string::npos);
  const auto summary = nlohmann::json::parse(log.substr(log.find('{')));
  // Only what the limiter let out was sent: about ten a second.
  CHECK(summary["counters"]["requests"].get<int>() < 100);
  CHECK(summary["counters"]["timeouts"] == 0);
  CHECK(summary["addresses_answering"] == 0);
}

TEST_CASE(
    "one sweep writes a database at a time; a killed sweep is found aborted at the next open") {
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const auto wait_started = [&](const std::filesystem::path& log) {
    for (int i = 0; i < 600 && tail_of_file(log).find("started") == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE_MESSAGE(tail_of_file(log).find("started") != std::string::npos, tail_of_file(log));
  };
  BackgroundProcess first({KENSA_BINARY, "sweep", "127.1.0.0/22", "--window", "2", "--timeout",
                           "5000", "--retries", "0", "--db", db},
                          directory.path() / "first.log");
  wait_started(directory.path() / "first.log");
  const ProcessResult second = run_kensa({"sweep", "127.1.4.1", "--db", db});
  INFO(second.describe());
  CHECK(second.exit_code == 64);
  CHECK(second.err.find("sweep 1") != std::string::npos);
  CHECK(second.err.find("is still writing") != std::string::npos);

  first.signal(SIGKILL);
  for (int i = 0; i < 100 && first.running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const ProcessResult status = run_kensa({"db", "status", "--db", db, "--json"});
  INFO(status.describe());
  CHECK(status.err.find("sweep 1 was interrupted") != std::string::npos);
  const auto out = nlohmann::json::parse(status.out);
  CHECK(out["integrity"] == "ok");
  CHECK(out["sweeps"][0]["status"] == "aborted");
  // The database is free again.
  CHECK(run_kensa({"sweep", "127.1.4.1", "--timeout", "200", "--retries", "0", "--db", db})
            .exit_code == 0);
}

TEST_CASE("a sweep that fills the disk stops, says so, and loses nothing committed before") {
  if (geteuid() != 0) {
    std::cout << "SKIPPED: a small file system for the database needs root (a private tmpfs)\n";
    return;
  }
  TemporaryDirectory directory;
  {
    const auto probe = directory.path() / "probe";
    std::filesystem::create_directories(probe);
    const ProcessResult mounted =
        run_process({"unshare", "--mount", "--propagation", "private", "sh", "-c",
                     "mount -t tmpfs -o size=64k kensa-probe \"$1\"", "sh", probe.string()});
    if (mounted.exit_code != 0) {
      std::cout << "SKIPPED: cannot mount a tmpfs in a private mount namespace here: "
                << mounted.err << '\n';
      return;
    }
  }
  const auto db = directory.path() / "kensa.db";
  SnmpdSettings settings = cisco_switch("15.0(2)SE11");
  settings.listen_address = "0.0.0.0";  // every 127.x.y.z is a device
  SnmpdAgent agent(settings);
  const std::string port = std::to_string(agent.port());
  const auto first =
      sweep({"127.0.3.1-20", "--port", port, "--db", db.string()}, agent.settings().community, 0);
  REQUIRE(first["addresses_answering"] == 20);

  // The database goes onto a tmpfs with 160 KiB to spare, in a mount
  // namespace of its own; kensa sweeps 250 more devices into it, and what is
  // left of the file system is copied out for inspection.
  const auto mount = directory.path() / "small";
  const auto out = directory.path() / "after";
  std::filesystem::create_directories(mount);
  std::filesystem::create_directories(out);
  const auto size_kib = std::filesystem::file_size(db) / 1024 + 160;
  const std::string script =
      "mount -t tmpfs -o size=" + std::to_string(size_kib) + "k kensa-full \"$1\" && " +
      "cp \"$2\" \"$1/kensa.db\" && { \"$4\" sweep 127.0.4.1-250 --port " + port +
      " --timeout 2000 --db \"$1/kensa.db\" --json; echo $? > \"$3/rc\"; cp \"$1\"/kensa.db* "
      "\"$3/\"; }";
  const ProcessResult full =
      run_process({"unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                   mount.string(), db.string(), out.string(), KENSA_BINARY},
                  {{"KENSA_COMMUNITY", agent.settings().community}, {"KENSA_DB", std::nullopt}},
                  std::chrono::seconds(120));
  INFO(full.describe());
  REQUIRE(std::filesystem::exists(out / "rc"));
  CHECK(tail_of_file(out / "rc").find("74") == 0);
  CHECK(full.err.find("cannot write " + (mount / "kensa.db").string()) != std::string::npos);
  CHECK(full.err.find("full") != std::string::npos);

  // The copy opens, is intact, and still holds the first sweep whole.
  const ProcessResult status =
      run_kensa({"db", "status", "--db", (out / "kensa.db").string(), "--json"});
  INFO(status.describe());
  REQUIRE(status.exit_code == 0);
  const auto report = nlohmann::json::parse(status.out);
  CHECK(report["integrity"] == "ok");
  REQUIRE(report["sweeps"].size() == 2);
  CHECK(report["sweeps"][0]["status"] == "complete");
  CHECK(report["sweeps"][1]["status"] == "aborted");
  const auto devices = nlohmann::json::parse(
      run_kensa({"inventory", "--db", (out / "kensa.db").string(), "--json"}).out);
  CHECK(devices.size() == 20);
}
