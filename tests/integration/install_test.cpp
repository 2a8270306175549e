// kensa as a packager installs it: the installed binary reads its data from
// the install prefix and works with the source tree out of reach.

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;

TEST_CASE("an installed kensa identifies and judges with the source tree out of reach") {
  if (geteuid() != 0) {
    std::cout << "SKIPPED: hiding the source tree needs root (a private mount namespace)\n";
    return;
  }
  TemporaryDirectory prefix;
  const ProcessResult installed =
      run_process({"cmake", "--install", KENSA_BINARY_DIR, "--prefix", prefix.path().string()}, {},
                  std::chrono::seconds(120));
  INFO(installed.describe());
  REQUIRE(installed.exit_code == 0);
  const auto walk = prefix.path() / "edge-router.snmprec";
  std::filesystem::copy_file(
      std::filesystem::path(KENSA_SOURCE_DIR) / "tests/fixtures/walks/edge-router.snmprec", walk);
  const std::string kensa = (prefix.path() / "bin" / "kensa").string();
  const std::string db = (prefix.path() / "kensa.db").string();
  // An empty file system over the source tree (and the build tree inside it).
  const std::string script =
      "mount -t tmpfs kensa-hidden \"$1\" || exit 99; cd /; "
      "\"$2\" identify --walk \"$3\" --json && "
      "\"$2\" check --db \"$4\" --vendor Huawei --model S5720-28X-SI; echo \"check $?\"";
  const ProcessResult hidden =
      run_process({"unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                   KENSA_SOURCE_DIR, kensa, walk.string(), db},
                  {{"KENSA_DATA_DIR", std::nullopt},
                   {"KENSA_DEMO_DIR", std::nullopt},
                   {"KENSA_DB", std::nullopt}},
                  std::chrono::seconds(60));
  INFO(hidden.describe());
  if (hidden.exit_code == 99) {
    std::cout << "SKIPPED: cannot mount a tmpfs in a private mount namespace here\n";
    return;
  }
  CHECK(hidden.err.find(KENSA_SOURCE_DIR) == std::string::npos);
  CHECK(hidden.out.find("\"model\": \"mx480\"") != std::string::npos);
  CHECK(hidden.out.find("check 3") != std::string::npos);  // block: a restricted vendor
}
