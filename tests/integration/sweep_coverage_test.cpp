// What a sweep did not cover is data: one sweep over targets of every
// outcome (answered by SNMPv2c, answered by SNMPv3, refused for an unknown
// user and for a wrong digest, a silent address, an agent that answers
// garbage, a name that does not resolve, an address outside the scope)
// stores each, every export lists each, and a device that answered the
// first sweep and is silent in the second is listed there as not
// re-checked.

#include <doctest/doctest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "tests/harness/export_checks.hpp"
#include "tests/harness/snmpd_agent.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A UDP service on a free loopback port that answers every datagram with
// bytes that are not SNMP.
class GarbageAgent {
 public:
  explicit GarbageAgent(const fs::path& directory)
      : port_file_(directory / "garbage-port"),
        process_({"python3", "-c",
                  "import socket, sys\n"
                  "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                  "s.bind(('127.0.0.1', 0))\n"
                  "open(sys.argv[1], 'w').write(str(s.getsockname()[1]))\n"
                  "while True:\n"
                  "    data, peer = s.recvfrom(65535)\n"
                  "    s.sendto(b'\\x30\\x82\\xff\\xff not snmp \\x1b[2J', peer)\n",
                  port_file_.string()},
                 directory / "garbage.log") {
    // The responder writes its port once it is bound; until then there is no file.
    for (int i = 0; i < 100 && (!fs::exists(port_file_) || read_file(port_file_).empty()); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE_MESSAGE((fs::exists(port_file_) && !read_file(port_file_).empty()),
                    tail_of_file(directory / "garbage.log"));
  }
  [[nodiscard]] std::string endpoint() const { return "127.0.0.1:" + read_file(port_file_); }

 private:
  fs::path port_file_;
  BackgroundProcess process_;
};

SnmpdSettings agent_named(const std::string& name, const std::string& community,
                          const std::string& auth_password) {
  SnmpdSettings settings;
  settings.name = name;
  settings.community = community;
  settings.users = {{"kensa-ops", "SHA", auth_password, "", ""}};
  return settings;
}

}  // namespace

TEST_CASE("every target's outcome is stored, exported, and a silent known device is listed") {
  if (geteuid() != 0) {
    std::cout << "SKIPPED: a private /etc/hosts for names in and out of the scope needs root\n";
    return;
  }
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  // Profile 1: SNMPv2c "kensa-right-7"; profile 2: SNMPv3 user kensa-ops
  // with authentication password "ops-Secret-41".
  secret_file(directory, "community", "kensa-right-7");
  secret_file(directory, "auth", "ops-Secret-41");
  const auto config = directory.path() / "sweep.toml";
  std::ofstream(config) << "[[credentials]]\nversion = \"2c\"\ncommunity_file = \"community\"\n"
                        << "[[credentials]]\nversion = \"3\"\nuser = \"kensa-ops\"\n"
                        << "auth_protocol = \"SHA\"\nauth_password_file = \"auth\"\n";

  auto by_v2c = std::make_unique<SnmpdAgent>(agent_named("by-v2c", "kensa-right-7", "other-1"));
  SnmpdAgent by_v3(agent_named("by-v3", "kensa-other-1", "ops-Secret-41"));
  SnmpdAgent wrong_digest(agent_named("wrong-digest", "kensa-other-2", "not-the-Secret-42"));
  SnmpdSettings stranger = agent_named("stranger", "kensa-other-3", "unused-Secret-43");
  stranger.users = {{"somebody-else", "SHA", "unused-Secret-43", "", ""}};
  SnmpdAgent unknown_user(stranger);
  GarbageAgent garbage(directory.path());
  const std::string v2c_endpoint = by_v2c->endpoint();
  const std::string silent = "127.0.0.1:9";  // discard: nothing answers there
  // Names come from a private /etc/hosts: one outside the scope
  // (127.0.0.1/32), one nowhere; no name server answers for the rest.
  const std::string unresolved = "no-such-host.kensa.test";
  const std::string outside = "outside-scope.kensa.test";
  const auto hosts = directory.path() / "hosts";
  const auto resolv_conf = directory.path() / "resolv.conf";
  std::ofstream(hosts) << "127.0.0.1 localhost\n127.0.0.2 " << outside << "\n";
  std::ofstream(resolv_conf) << "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n";
  const auto in_namespace = [&](const std::vector<std::string>& arguments) {
    std::vector<std::string> argv{"unshare",
                                  "--mount",
                                  "--propagation",
                                  "private",
                                  "sh",
                                  "-c",
                                  "mount --bind \"$1\" /etc/hosts && mount --bind \"$2\" "
                                  "/etc/resolv.conf || exit 99; shift 2; exec \"$@\"",
                                  "sh",
                                  hosts.string(),
                                  resolv_conf.string(),
                                  KENSA_BINARY};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return run_process(argv, {{"KENSA_DB", std::nullopt}}, std::chrono::seconds(120));
  };

  const ProcessResult first = in_namespace({"sweep",
                                            v2c_endpoint,
                                            by_v3.endpoint(),
                                            wrong_digest.endpoint(),
                                            unknown_user.endpoint(),
                                            garbage.endpoint(),
                                            silent,
                                            unresolved,
                                            outside,
                                            "--config",
                                            config.string(),
                                            "--db",
                                            db,
                                            "--json",
                                            "--timeout",
                                            "400",
                                            "--retries",
                                            "0",
                                            "--scope",
                                            "127.0.0.1/32"});
  if (first.exit_code == 99) {
    std::cout << "SKIPPED: cannot bind a private /etc/hosts in a mount namespace here\n";
    return;
  }
  INFO(first.describe());
  const json summary = json::parse(first.out);
  CHECK(summary["outcomes"]["answered"] == 2);
  CHECK(summary["outcomes"]["refused"] == 2);
  CHECK(summary["outcomes"]["malformed"] == 1);
  CHECK(summary["outcomes"]["silent"] == 1);
  CHECK(summary["outcomes"]["not_resolved"] == 1);
  CHECK(summary["outcomes"]["out_of_scope"] == 1);
  // Skipped targets are named on stderr as they happen.
  CHECK(first.err.find("skipped " + unresolved) != std::string::npos);
  CHECK(first.err.find("skipped " + outside) != std::string::npos);

  const ProcessResult listed = run_kensa({"inventory", "--unreached", "--db", db, "--json"});
  INFO(listed.describe());
  const json unreached = json::parse(listed.out);
  std::map<std::string, json> by_target;
  for (const auto& target : unreached["unreached"])
    by_target[target["target"].get<std::string>()] = target;
  CHECK(by_target.size() == 6);
  CHECK(by_target[wrong_digest.endpoint()]["detail"] == "wrong_auth_password");
  CHECK(by_target[unknown_user.endpoint()]["detail"] == "unknown_user");
  CHECK(by_target[garbage.endpoint()]["outcome"] == "malformed");
  CHECK(by_target[garbage.endpoint()]["message"].get<std::string>().find("malformed") !=
        std::string::npos);
  CHECK(by_target[silent]["outcome"] == "silent");
  CHECK(by_target[unresolved + ":161"]["outcome"] == "not_resolved");
  CHECK(by_target[outside + ":161"]["outcome"] == "out_of_scope");

  // Sweep 1's export lists all eight targets with their outcomes.
  const fs::path first_export = directory.path() / "sweep-1.json";
  REQUIRE(run_kensa({"export", "--db", db, "--sweep", "1", "--format", "json", "--out",
                     first_export.string()})
              .exit_code == 0);
  const json first_coverage = json::parse(read_file(first_export))["coverage"];
  CHECK(first_coverage["targets"].size() == 8);
  CHECK(first_coverage["outcomes"] == summary["outcomes"]);

  // Sweep 2: the v2c device has gone silent.
  by_v2c.reset();
  const ProcessResult second =
      run_kensa({"sweep", v2c_endpoint, by_v3.endpoint(), "--config", config.string(), "--db", db,
                 "--json", "--timeout", "400", "--retries", "0", "--scope", "127.0.0.1/32"});
  INFO(second.describe());
  const json second_summary = json::parse(second.out);
  CHECK(second_summary["outcomes"]["silent"] == 1);
  CHECK(second_summary["not_rechecked"] == 1);

  // Every export of sweep 2 lists each target and the device not re-checked.
  const fs::path out = directory.path() / "out";
  fs::create_directories(out);
  for (const char* format : {"csv", "json", "xlsx", "html"}) {
    const fs::path file = out / (std::string("export.") + format);
    const ProcessResult exported =
        run_kensa({"export", "--db", db, "--format", format, "--out", file.string()});
    INFO(exported.describe());
    REQUIRE(exported.exit_code == 0);
  }
  const json document = json::parse(read_file(out / "export.json"));
  const json& coverage = document["coverage"];
  REQUIRE(coverage["targets"].size() == 2);
  CHECK(coverage["outcomes"]["silent"] == 1);
  REQUIRE(coverage["not_rechecked"].size() == 1);
  CHECK(coverage["not_rechecked"][0]["sys_name"] == "by-v2c");
  CHECK(coverage["not_rechecked"][0]["outcome_here"] == "silent");
  CHECK(coverage["not_rechecked"][0]["last_checked_sweep"] == 1);

  const auto rows = parse_csv(read_file(out / "export.csv.coverage.csv"));
  bool csv_not_rechecked = false, csv_silent = false;
  for (const auto& row : rows) {
    csv_not_rechecked |= row.size() > 10 && row[0] == "not_rechecked" && row[10] == "by-v2c";
    csv_silent |=
        row.size() > 2 && row[0] == "target" && row[1] == v2c_endpoint && row[2] == "silent";
  }
  CHECK(csv_not_rechecked);
  CHECK(csv_silent);
  CHECK(run_kensa({"verify", (out / "export.csv.manifest.json").string()}).exit_code == 0);

  const std::string html = read_file(out / "export.html");
  CHECK(html.find("<h2>Coverage</h2>") != std::string::npos);
  CHECK(html.find("by-v2c") != std::string::npos);
  CHECK(html.find(v2c_endpoint) != std::string::npos);

  const ProcessResult sheets = run_process(
      {"python3", "-c",
       "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\n"
       "print(z.read('xl/workbook.xml').decode())\n"
       "print(z.read('xl/sharedStrings.xml').decode() if 'xl/sharedStrings.xml' in z.namelist() "
       "else '')\n"
       "for name in z.namelist():\n"
       "    if name.startswith('xl/worksheets/'): print(z.read(name).decode())",
       (out / "export.xlsx").string()});
  INFO(sheets.describe());
  REQUIRE(sheets.exit_code == 0);
  CHECK(sheets.out.find("name=\"Coverage\"") != std::string::npos);
  CHECK(sheets.out.find("not_rechecked") != std::string::npos);
  CHECK(sheets.out.find("by-v2c") != std::string::npos);
}
