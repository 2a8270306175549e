// `kensa identify` on recorded walks: the JSON a user gets, bad rows, and
// (where ../shared/corpus exists) every real recording of the corpus.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;

TEST_CASE("identify --json gives one object per walk file with the documented fields") {
  TemporaryDirectory directory;
  const auto snmprec = directory.path() / "switch.snmprec";
  write_file(snmprec,
             "1.3.6.1.2.1.1.1.0|4|ALAXALA AX3640S AX-3640-24TE-A [AX3640S-24T] Switching "
             "software Ver. 11.7.A [OS-L3A]\n"
             "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.21839.1.2.11\n"
             "1.3.6.1.2.1.1.5.0|4|\x1b[31mcore\n"
             "1.3.6.1.2.1.1.6.0|40|bad tag\n");
  const auto walk = directory.path() / "router.walk";
  write_file(walk,
             ".1.3.6.1.2.1.1.1.0 = STRING: \"Juniper Networks, Inc. mx204 internet router, "
             "kernel JUNOS 22.2R3.15\"\n"
             ".1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.2636.1.1.1.2.164\n");
  const ProcessResult result =
      run_kensa({"identify", "--json", "--walk", snmprec.string(), walk.string()});
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.find("skipped 1 unreadable row(s) of 4") != std::string::npos);
  CHECK(result.err.find("switch.snmprec:4:") != std::string::npos);
  const auto devices = nlohmann::json::parse(result.out);
  REQUIRE(devices.size() == 2);
  for (const char* field : {"source", "sys_descr", "sys_object_id", "sys_name", "vendor", "os",
                            "model", "firmware", "serial", "modules", "neighbors", "evidence"})
    CHECK_MESSAGE(devices[0].contains(field), "missing ", field);
  CHECK(devices[0]["vendor"] == "ALAXALA");
  CHECK(devices[0]["model"] == "AX3640S-24T");
  CHECK(devices[0]["firmware"] == "11.7.A");
  CHECK(devices[0]["serial"].is_null());
  CHECK(devices[0]["sys_name"] == "\x1b[31mcore");  // JSON escapes it; the terminal view must too
  CHECK(devices[1]["vendor"] == "Juniper Networks");
  CHECK(devices[1]["firmware"] == "22.2R3.15");
  CHECK(devices[1]["model"] == "mx204");

  const ProcessResult table = run_kensa({"identify", "--walk", snmprec.string()});
  CHECK(table.out.find('\x1b') == std::string::npos);
  CHECK(table.out.find("\\x1b[31mcore") != std::string::npos);
}

TEST_CASE("every recording of the shared corpus is identified without a crash or a hang") {
  const std::filesystem::path corpus =
      std::filesystem::path(KENSA_SOURCE_DIR) / ".." / "shared" / "corpus" / "snmprec";
  if (!std::filesystem::is_directory(corpus)) {
    std::cout << "SKIPPED: no corpus at " << corpus << '\n';
    return;
  }
  std::vector<std::string> arguments{"identify", "--json", "--walk"};
  for (const auto& entry : std::filesystem::directory_iterator(corpus))
    if (entry.path().extension() == ".snmprec") arguments.push_back(entry.path().string());
  const std::size_t files = arguments.size() - 3;
  const ProcessResult result = run_kensa(arguments);
  INFO(result.err.substr(0, 2000));
  REQUIRE(result.exit_code == 0);
  CHECK(nlohmann::json::parse(result.out).size() == files);
}
