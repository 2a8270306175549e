// `kensa poll` against a real net-snmp snmpd on loopback: every SNMP version
// and SNMPv3 security level, and each way a poll can fail.

#include <doctest/doctest.h>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "tests/harness/snmpd_agent.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;

namespace {

SnmpdAgent& shared_agent() {
  static SnmpdAgent agent;
  return agent;
}

// Every password of the test agent: none may ever appear in kensa's output.
void check_no_secret_in(const ProcessResult& result) {
  const SnmpdAgent& agent = shared_agent();
  std::vector<std::string> secrets{agent.settings().community};
  for (const auto& user : agent.settings().users) {
    if (!user.auth_password.empty()) secrets.push_back(user.auth_password);
    if (!user.priv_password.empty()) secrets.push_back(user.priv_password);
  }
  for (const auto& secret : secrets) {
    CHECK_MESSAGE(result.out.find(secret) == std::string::npos, "secret printed on stdout");
    CHECK_MESSAGE(result.err.find(secret) == std::string::npos, "secret printed on stderr");
  }
}

struct V3Poll {
  std::vector<std::string> arguments;
  EnvironmentChanges environment;
};

// Arguments for `kensa poll` as `user_name` of the shared agent, passwords
// taken from the environment.
V3Poll v3_poll_as(const UsmUser& user, const std::string& endpoint) {
  V3Poll poll{{"poll", endpoint, "--json", "--snmp-version", "3", "--v3-user", user.name}, {}};
  if (!user.auth_protocol.empty()) {
    poll.arguments.insert(poll.arguments.end(), {"--auth-proto", user.auth_protocol});
    poll.environment["KENSA_AUTH_PASS"] = user.auth_password;
  }
  if (!user.priv_protocol.empty()) {
    poll.arguments.insert(poll.arguments.end(), {"--priv-proto", user.priv_protocol});
    poll.environment["KENSA_PRIV_PASS"] = user.priv_password;
  }
  return poll;
}

void check_system_group(const nlohmann::json& record, const SnmpdAgent& agent) {
  const auto& settings = agent.settings();
  CHECK(record["status"] == "ok");
  CHECK(record["system"]["sysDescr"] == settings.descr);
  CHECK(record["system"]["sysObjectID"] == settings.object_id.substr(1));
  CHECK(record["system"]["sysName"] == settings.name);
  CHECK(record["system"]["sysContact"] == settings.contact);
  CHECK(record["system"]["sysLocation"] == settings.location);
  CHECK(record["system"]["sysUpTime"].is_number_unsigned());
}

}  // namespace

TEST_CASE("poll reads the system group over SNMPv2c and prints a table") {
  SnmpdAgent& agent = shared_agent();
  TemporaryDirectory secrets;
  const auto community = secret_file(secrets, "community", agent.settings().community);
  const ProcessResult result =
      run_kensa({"poll", agent.endpoint(), "--community-file", community.string()});
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("sysDescr     " + agent.settings().descr) != std::string::npos);
  CHECK(result.out.find("sysObjectID  1.3.6.1.4.1.8072.3.2.10") != std::string::npos);
  CHECK(result.out.find("sysName      " + agent.settings().name) != std::string::npos);
  CHECK(result.out.find("sysLocation  " + agent.settings().location) != std::string::npos);
  CHECK(result.out.find("sysUpTime    ") != std::string::npos);
  check_no_secret_in(result);
}

TEST_CASE("poll reads the system group as JSON over SNMPv1 and SNMPv2c") {
  SnmpdAgent& agent = shared_agent();
  for (const std::string version : {"1", "2c"}) {
    CAPTURE(version);
    const ProcessResult result =
        run_kensa({"poll", agent.endpoint(), "--json", "--snmp-version", version},
                  {{"KENSA_COMMUNITY", agent.settings().community}});
    INFO(result.describe());
    REQUIRE(result.exit_code == 0);
    const auto record = nlohmann::json::parse(result.out);
    CHECK(record["snmp_version"] == version);
    CHECK(record["port"] == agent.port());
    check_system_group(record, agent);
    CHECK_FALSE(record.contains("engine_id"));
    check_no_secret_in(result);
  }
}

TEST_CASE("poll works over SNMPv3 at every security level and protocol pair") {
  SnmpdAgent& agent = shared_agent();
  for (const auto& user : agent.settings().users) {
    CAPTURE(user.name);
    const V3Poll poll = v3_poll_as(user, agent.endpoint());
    const ProcessResult result = run_kensa(poll.arguments, poll.environment);
    INFO(result.describe());
    REQUIRE(result.exit_code == 0);
    const auto record = nlohmann::json::parse(result.out);
    check_system_group(record, agent);
    // net-snmp's engine ids start with its enterprise number 8072 (0x1f88)
    // in RFC 3411 format: 0x80001f88.
    CHECK(record["engine_id"].get<std::string>().rfind("80001f88", 0) == 0);
    check_no_secret_in(result);
  }
}

TEST_CASE("password files work for SNMPv3 as well as environment variables") {
  SnmpdAgent& agent = shared_agent();
  const UsmUser& user = agent.user("kensa-sha256-aes256");
  TemporaryDirectory secrets;
  const auto auth = secret_file(secrets, "auth", user.auth_password);
  const auto priv = secret_file(secrets, "priv", user.priv_password);
  const ProcessResult result =
      run_kensa({"poll", agent.endpoint(), "--snmp-version", "3", "--v3-user", user.name,
                 "--auth-proto", user.auth_protocol, "--auth-pass-file", auth.string(),
                 "--priv-proto", user.priv_protocol, "--priv-pass-file", priv.string()});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.out.find(agent.settings().name) != std::string::npos);
  check_no_secret_in(result);
}

TEST_CASE("a wrong community looks like silence, and the message says it may be the cause") {
  SnmpdAgent& agent = shared_agent();
  const ProcessResult result =
      run_kensa({"poll", agent.endpoint(), "--timeout", "200", "--retries", "0"},
                {{"KENSA_COMMUNITY", "not-the-community"}});
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("no answer from " + agent.endpoint()) != std::string::npos);
  CHECK(result.err.find("community may be wrong") != std::string::npos);
  CHECK(result.out.empty());
  check_no_secret_in(result);
}

TEST_CASE("a silent host gets exactly the configured number of attempts, then exit code 2") {
  SilentUdpPort silent;
  const ProcessResult result =
      run_kensa({"poll", silent.endpoint(), "--json", "--timeout", "150", "--retries", "2"},
                {{"KENSA_COMMUNITY", "public"}});
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK(silent.datagrams_received() == 3);
  // 150 ms, then 300 ms, then 600 ms: the wait doubles with each retry.
  CHECK(result.err.find("after 3 attempt(s) over 1050 ms") != std::string::npos);
  const auto record = nlohmann::json::parse(result.out);
  CHECK(record["status"] == "no_response");
  CHECK(record["target"] == silent.endpoint());
}

TEST_CASE("each wrong SNMPv3 credential is named") {
  SnmpdAgent& agent = shared_agent();
  const UsmUser& good = agent.user("kensa-sha-aes");

  struct Case {
    const char* what;
    UsmUser user;
    const char* status;
    const char* message;
  };
  UsmUser unknown = good;
  unknown.name = "kensa-nobody";
  UsmUser wrong_auth = good;
  wrong_auth.auth_password = "not-the-auth-password";
  UsmUser wrong_auth_protocol = good;
  wrong_auth_protocol.auth_protocol = "SHA-256";
  UsmUser wrong_priv = good;
  wrong_priv.priv_password = "not-the-priv-password";
  UsmUser wrong_priv_protocol = good;
  wrong_priv_protocol.priv_protocol = "DES";
  UsmUser too_low = agent.user("kensa-sha-aes");
  too_low.priv_protocol.clear();
  too_low.priv_password.clear();

  const std::vector<Case> cases{
      {"unknown user", unknown, "unknown_user", "does not know SNMPv3 user 'kensa-nobody'"},
      {"wrong auth password", wrong_auth, "wrong_auth_password",
       "wrong authentication password or protocol"},
      {"wrong auth protocol", wrong_auth_protocol, "wrong_auth_password",
       "wrong authentication password or protocol (SHA-256 was used"},
      {"wrong priv password", wrong_priv, "wrong_priv_password",
       "wrong privacy password or protocol"},
      {"wrong priv protocol", wrong_priv_protocol, "wrong_priv_password",
       "wrong privacy password or protocol (DES was used)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    V3Poll poll = v3_poll_as(c.user, agent.endpoint());
    poll.arguments.insert(poll.arguments.end(), {"--timeout", "300", "--retries", "0"});
    const ProcessResult result = run_kensa(poll.arguments, poll.environment);
    INFO(result.describe());
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(c.message) != std::string::npos);
    const auto record = nlohmann::json::parse(result.out);
    CHECK(record["status"] == c.status);
    check_no_secret_in(result);
    CHECK(result.err.find(c.user.auth_password) == std::string::npos);
    CHECK(result.err.find(c.user.priv_password) == std::string::npos);
  }

  // A user that the agent only admits with privacy, asked without: the agent
  // answers, but refuses access.
  const V3Poll poll = v3_poll_as(too_low, agent.endpoint());
  const ProcessResult result = run_kensa(poll.arguments, poll.environment);
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK(nlohmann::json::parse(result.out)["status"] == "agent_error");
  CHECK(result.err.find("authorizationError") != std::string::npos);
}

TEST_CASE("an agent that stops answering is reported as silent, not as a crash") {
  SnmpdAgent agent;
  agent.pause();
  const ProcessResult result =
      run_kensa({"poll", agent.endpoint(), "--timeout", "200", "--retries", "1"},
                {{"KENSA_COMMUNITY", agent.settings().community}});
  agent.resume();
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("no answer") != std::string::npos);
}

TEST_CASE("hostile device strings are escaped on the terminal and valid in JSON") {
  SnmpdSettings settings;
  settings.users.clear();
  settings.descr =
      "Evil OS \x1b[2J\x1b[31mPWNED\x1b[0m \xe2\x80\xae"
      "gnp.exe \xff\xfe end";
  settings.location = "=HYPERLINK(\"http://x\")";
  SnmpdAgent agent(settings);
  const EnvironmentChanges community{{"KENSA_COMMUNITY", settings.community}};

  const ProcessResult table = run_kensa({"poll", agent.endpoint()}, community);
  INFO(table.describe());
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find('\x1b') == std::string::npos);
  CHECK(table.out.find("\xe2\x80\xae") == std::string::npos);
  CHECK(table.out.find("Evil OS \\x1b[2J\\x1b[31mPWNED\\x1b[0m \\u{202e}gnp.exe \\xff\\xfe end") !=
        std::string::npos);

  const ProcessResult json = run_kensa({"poll", agent.endpoint(), "--json"}, community);
  INFO(json.describe());
  REQUIRE(json.exit_code == 0);
  CHECK(json.out.find('\x1b') == std::string::npos);
  const auto record = nlohmann::json::parse(json.out);  // throws on invalid UTF-8
  CHECK(record["system"]["sysLocation"] == settings.location);
  // The octets that are not UTF-8 are kept, in hex, beside the readable text.
  CHECK(record["system_hex"]["sysDescr"].get<std::string>().find("fffe") != std::string::npos);
  CHECK_FALSE(record["system_hex"].contains("sysLocation"));
}

TEST_CASE("a name server that does not answer delays only the name it was asked for") {
  if (geteuid() != 0) {
    std::cout << "SKIPPED: a name server on port 53 and a private /etc/resolv.conf need root\n";
    return;
  }
  SilentUdpPort name_server("127.0.53.53", 53);
  TemporaryDirectory directory;
  const auto resolv_conf = directory.path() / "resolv.conf";
  std::ofstream(resolv_conf) << "nameserver 127.0.53.53\noptions timeout:3 attempts:1\n";
  const SnmpdAgent& agent = shared_agent();
  // The name comes first: a lookup on the engine's thread would hold the
  // agent's poll until the name server had been given up on.
  const ProcessResult result =
      run_process({"unshare", "--mount", "--propagation", "private", "sh", "-c",
                   "mount --bind \"$1\" /etc/resolv.conf && shift && exec \"$@\"", "sh",
                   resolv_conf.string(), KENSA_BINARY, "poll", "silent-name-server.kensa.test",
                   agent.endpoint(), "--json", "--timeout", "1000", "--retries", "0"},
                  {{"KENSA_COMMUNITY", agent.settings().community}});
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  std::istringstream lines(result.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  REQUIRE_FALSE(second.empty());
  // The agent's answer is printed first, as soon as it comes.
  const auto answered = nlohmann::json::parse(first);
  CHECK(answered["status"] == "ok");
  CHECK(answered["target"] == agent.endpoint());
  const auto unresolved = nlohmann::json::parse(second);
  CHECK(unresolved["status"] == "not_resolved");
  CHECK(result.err.find("cannot resolve the host name 'silent-name-server.kensa.test'") !=
        std::string::npos);
  CHECK(name_server.datagrams_received() >= 1);
}
