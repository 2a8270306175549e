// `kensa feeds import mibs DIR`: an operator's own MIB module, read with
// net-snmp's parser, identifies a device without a rule or a recompile.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;
namespace fs = std::filesystem;

namespace {

// A vendor MIB module written for the test: a system serial number, and a
// fan's, which is not the device's.
constexpr const char* example_module = R"(EXAMPLE-NAS-MIB DEFINITIONS ::= BEGIN

exampleVendor OBJECT IDENTIFIER ::= { iso 3 6 1 4 1 99999 }
exampleNasSystem OBJECT IDENTIFIER ::= { exampleVendor 1 }

exampleNasSerialNumber OBJECT-TYPE
    SYNTAX      OCTET STRING (SIZE (0..32))
    MAX-ACCESS  read-only
    STATUS      current
    ::= { exampleNasSystem 1 }

exampleNasFanSerialNumber OBJECT-TYPE
    SYNTAX      OCTET STRING (SIZE (0..32))
    MAX-ACCESS  read-only
    STATUS      current
    ::= { exampleNasSystem 2 }

END
)";

constexpr const char* example_walk =
    "1.3.6.1.2.1.1.1.0|4|Example storage appliance\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.7\n"
    "1.3.6.1.4.1.99999.1.1.0|4|EXNAS-0042\n"
    "1.3.6.1.4.1.99999.1.2.0|4|FAN-7\n";

}  // namespace

TEST_CASE("an imported MIB module gives the serial its object holds, with evidence naming it") {
  TemporaryDirectory work;
  fs::create_directories(work.path() / "mibs");
  write_file(work.path() / "mibs" / "EXAMPLE-NAS-MIB", example_module);
  write_file(work.path() / "nas.snmprec", example_walk);
  const std::string db = (work.path() / "kensa.db").string();

  const ProcessResult before =
      run_kensa({"identify", "--json", "--walk", (work.path() / "nas.snmprec").string()});
  REQUIRE_MESSAGE(before.exit_code == 0, before.describe());
  CHECK(nlohmann::json::parse(before.out).at(0)["serial"].is_null());

  const ProcessResult imported =
      run_kensa({"feeds", "import", "mibs", (work.path() / "mibs").string(), "--db", db});
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.describe());
  CHECK(imported.out.find("mibs: 1 rows") != std::string::npos);

  const ProcessResult after = run_kensa(
      {"identify", "--json", "--db", db, "--walk", (work.path() / "nas.snmprec").string()});
  REQUIRE_MESSAGE(after.exit_code == 0, after.describe());
  const auto device = nlohmann::json::parse(after.out).at(0);
  CHECK(device["serial"] == "EXNAS-0042");
  bool named = false;
  for (const auto& evidence : device["evidence"])
    if (evidence["field"] == "serial")
      named = evidence["rule"] ==
                  "generic: vendor MIB object EXAMPLE-NAS-MIB::exampleNasSerialNumber" &&
              evidence["source"] == "1.3.6.1.4.1.99999.1.1.0";
  CHECK(named);

  // The same judgement written as an index file, as scripts/generate-mib-index does.
  const fs::path index = work.path() / "index.json";
  const ProcessResult indexed =
      run_kensa({"feeds", "mib-index", (work.path() / "mibs").string(), "--out", index.string()});
  REQUIRE_MESSAGE(indexed.exit_code == 0, indexed.describe());
  std::ifstream index_file(index);
  const auto written = nlohmann::json::parse(index_file);
  REQUIRE(written["objects"].size() == 1);
  CHECK(written["objects"][0]["descriptor"] == "exampleNasSerialNumber");
  CHECK(written["objects"][0]["oid"] == "1.3.6.1.4.1.99999.1.1");

  // A directory with no identity object in it is refused and changes nothing.
  fs::create_directories(work.path() / "empty");
  write_file(work.path() / "empty" / "README", "no modules here\n");
  const ProcessResult refused =
      run_kensa({"feeds", "import", "mibs", (work.path() / "empty").string(), "--db", db});
  CHECK(refused.exit_code == 64);
  CHECK(refused.err.find("nothing imported") != std::string::npos);
  const ProcessResult still = run_kensa(
      {"identify", "--json", "--db", db, "--walk", (work.path() / "nas.snmprec").string()});
  CHECK(nlohmann::json::parse(still.out).at(0)["serial"] == "EXNAS-0042");
}
