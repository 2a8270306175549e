// `kensa poll` as the live query tool on the engine: walks of large tables
// checked against net-snmp's own snmpbulkwalk, credential fallback, many
// targets at once, and an agent that stops in the middle of a walk.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <thread>

#include "tests/harness/snmpd_agent.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;

namespace {

// vacmViewTreeFamilyTable: every `view` line of the configuration is a row
// of several columns, which gives a large table that does not change.
const std::string view_table = "1.3.6.1.6.3.16.1.5.2";
constexpr int view_count = 1000;

SnmpdAgent& agent_with_large_table() {
  static SnmpdAgent agent([] {
    SnmpdSettings settings;
    for (int i = 1; i <= view_count; ++i)
      settings.extra_config.push_back("view kensaview" + std::to_string(i) +
                                      " included .1.3.6.1.4.1." + std::to_string(i));
    return settings;
  }());
  return agent;
}

std::set<std::string> oids_from_snmpbulkwalk(const SnmpdAgent& agent, const std::string& root) {
  const ProcessResult walk = run_process({"snmpbulkwalk", "-v2c", "-c", agent.settings().community,
                                          "-On", "-Oq", agent.endpoint(), root},
                                         {{"MIBS", ""}});
  REQUIRE_MESSAGE(walk.exit_code == 0, walk.describe());
  std::set<std::string> oids;
  std::istringstream lines(walk.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line.front() == '.') oids.insert(line.substr(1, line.find(' ') - 1));
  return oids;
}

std::set<std::string> oids_of_walk(const nlohmann::json& walk) {
  std::set<std::string> oids;
  for (const auto& row : walk["rows"]) oids.insert(row["oid"].get<std::string>());
  return oids;
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> records;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) records.push_back(nlohmann::json::parse(line));
  return records;
}

}  // namespace

TEST_CASE("walks of a table with thousands of rows match snmpbulkwalk on v1, v2c and v3") {
  SnmpdAgent& agent = agent_with_large_table();
  const std::set<std::string> expected = oids_from_snmpbulkwalk(agent, view_table);
  REQUIRE(expected.size() > 4 * view_count);

  const UsmUser& user = agent.user("kensa-sha256-aes256");
  struct Variant {
    const char* name;
    std::vector<std::string> arguments;
    EnvironmentChanges environment;
  };
  const std::vector<Variant> variants{
      {"v1 GETNEXT", {"--snmp-version", "1"}, {{"KENSA_COMMUNITY", agent.settings().community}}},
      {"v2c GETBULK", {"--snmp-version", "2c"}, {{"KENSA_COMMUNITY", agent.settings().community}}},
      {"v3 authPriv GETBULK",
       {"--snmp-version", "3", "--v3-user", user.name, "--auth-proto", user.auth_protocol,
        "--priv-proto", user.priv_protocol},
       {{"KENSA_AUTH_PASS", user.auth_password}, {"KENSA_PRIV_PASS", user.priv_password}}},
  };
  for (const auto& variant : variants) {
    CAPTURE(variant.name);
    std::vector<std::string> arguments{"poll", agent.endpoint(), "--json", "--walk", view_table};
    arguments.insert(arguments.end(), variant.arguments.begin(), variant.arguments.end());
    const ProcessResult result = run_kensa(arguments, variant.environment);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto record = nlohmann::json::parse(result.out);
    REQUIRE(record["walks"].size() == 1);
    const auto& walk = record["walks"][0];
    // The view table is the last thing net-snmp's agent has.
    CHECK((walk["end"] == "end_of_subtree" || walk["end"] == "end_of_mib_view"));
    CHECK(oids_of_walk(walk) == expected);
    CHECK(walk["rows"].size() == expected.size());
  }
}

TEST_CASE("--max-rows stops a walk and says it was truncated") {
  SnmpdAgent& agent = agent_with_large_table();
  const ProcessResult result =
      run_kensa({"poll", agent.endpoint(), "--json", "--walk", view_table, "--max-rows", "100"},
                {{"KENSA_COMMUNITY", agent.settings().community}});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  const auto walk = nlohmann::json::parse(result.out)["walks"][0];
  CHECK(walk["end"] == "row_limit");
  CHECK(walk["rows"].size() == 100);
}

TEST_CASE("credential profiles are tried in order until one answers") {
  SnmpdAgent& agent = agent_with_large_table();
  TemporaryDirectory secrets;
  const auto wrong = secret_file(secrets, "wrong", "not-the-community");
  const auto right = secret_file(secrets, "right", agent.settings().community);

  const ProcessResult communities =
      run_kensa({"poll", agent.endpoint(), "--json", "--timeout", "200", "--retries", "0",
                 "--community-file", wrong.string(), "--community-file", right.string()});
  INFO(communities.describe());
  REQUIRE(communities.exit_code == 0);
  const auto first = nlohmann::json::parse(communities.out);
  CHECK(first["credential"] == 2);
  CHECK(first["snmp_version"] == "2c");
  CHECK(first["system"]["sysName"] == agent.settings().name);

  // An unknown SNMPv3 user first, then SNMPv2c: the engine id found during
  // the failed v3 attempt is kept.
  const ProcessResult versions =
      run_kensa({"poll", agent.endpoint(), "--json", "--snmp-version", "3,2c", "--v3-user",
                 "nobody", "--community-file", right.string()});
  INFO(versions.describe());
  REQUIRE(versions.exit_code == 0);
  const auto second = nlohmann::json::parse(versions.out);
  CHECK(second["credential"] == 2);
  CHECK(second["snmp_version"] == "2c");
  CHECK(second["engine_enterprise"] == 8072);
  CHECK(communities.err.find("not-the-community") == std::string::npos);
  CHECK(communities.out.find(agent.settings().community) == std::string::npos);
}

TEST_CASE("many targets are polled at once and each gets its own line") {
  SnmpdAgent& first = agent_with_large_table();
  SnmpdSettings other_settings;
  other_settings.name = "second-agent";
  other_settings.community = first.settings().community;
  other_settings.users.clear();
  SnmpdAgent second(other_settings);
  SilentUdpPort silent;

  const ProcessResult result =
      run_kensa({"poll", first.endpoint(), second.endpoint(), silent.endpoint(), "--json",
                 "--timeout", "300", "--retries", "0", "--stats"},
                {{"KENSA_COMMUNITY", first.settings().community}});
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  const auto records = json_lines(result.out);
  REQUIRE(records.size() == 3);
  std::map<std::string, nlohmann::json> by_target;
  for (const auto& record : records) by_target[record["target"]] = record;
  CHECK(by_target[first.endpoint()]["system"]["sysName"] == first.settings().name);
  CHECK(by_target[second.endpoint()]["system"]["sysName"] == "second-agent");
  CHECK(by_target[silent.endpoint()]["status"] == "no_response");
  CHECK(result.err.find("3 target(s), 2 answered") != std::string::npos);
  CHECK(result.err.find("timeouts 1") != std::string::npos);
}

TEST_CASE("an agent that stops in the middle of a walk leaves the rows read so far") {
  SnmpdAgent& agent = agent_with_large_table();
  // One row per request at 400 requests a second: the walk takes seconds,
  // and the agent stops long before its end.
  std::thread stopper([&agent] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    agent.pause();
  });
  const ProcessResult result =
      run_kensa({"poll", agent.endpoint(), "--json", "--walk", view_table, "--max-repetitions", "1",
                 "--rate", "400", "--timeout", "200", "--retries", "0"},
                {{"KENSA_COMMUNITY", agent.settings().community}});
  stopper.join();
  agent.resume();
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  const auto walk = nlohmann::json::parse(result.out)["walks"][0];
  CHECK(walk["end"] == "failed");
  CHECK(walk["rows"].size() > 0);
  CHECK(walk["rows"].size() < 4 * view_count);
  CHECK(result.err.find("stopped: no answer") != std::string::npos);
}
