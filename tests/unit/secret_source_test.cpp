#include <doctest/doctest.h>

#include <cstdlib>

#include "cli/secret_source.hpp"
#include "cli/usage_error.hpp"
#include "tests/harness/child_process.hpp"

using namespace kensa::cli;
using kensa::testing::TemporaryDirectory;
using kensa::testing::write_file;
namespace fs = std::filesystem;

TEST_CASE("a secret file gives its single line without the line break") {
  TemporaryDirectory directory;
  const auto file = directory.path() / "community";
  write_file(file, "n0t-public\n");
  const auto secret = read_secret(file, "KENSA_TEST_UNSET_VARIABLE", "community");
  REQUIRE(secret.has_value());
  CHECK(secret->reveal() == "n0t-public");

  write_file(file, "windows-edited\r\n");
  CHECK(read_secret(file, "KENSA_TEST_UNSET_VARIABLE", "community")->reveal() == "windows-edited");
}

TEST_CASE("a secret file that every user can read is refused, without its content") {
  TemporaryDirectory directory;
  const auto file = directory.path() / "community";
  write_file(file, "leaky-secret\n",
             fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  try {
    (void)read_secret(file, "KENSA_TEST_UNSET_VARIABLE", "community");
    FAIL("a world-readable secret file was accepted");
  } catch (const UsageError& error) {
    const std::string message = error.what();
    CHECK(message.find("chmod 600") != std::string::npos);
    CHECK(message.find(file.string()) != std::string::npos);
    CHECK(message.find("leaky-secret") == std::string::npos);
  }
}

TEST_CASE("empty, multi-line, missing and non-regular secret files are refused") {
  TemporaryDirectory directory;
  const auto file = directory.path() / "secret";
  write_file(file, "\n");
  CHECK_THROWS_WITH_AS(read_secret(file, "X", "community"), doctest::Contains("is empty"),
                       UsageError);
  write_file(file, "one\ntwo\n");
  CHECK_THROWS_WITH_AS(read_secret(file, "X", "community"), doctest::Contains("more than one line"),
                       UsageError);
  CHECK_THROWS_WITH_AS(read_secret(directory.path() / "absent", "X", "community"),
                       doctest::Contains("cannot read"), UsageError);
  CHECK_THROWS_WITH_AS(read_secret(directory.path(), "X", "community"),
                       doctest::Contains("not a regular file"), UsageError);
}

TEST_CASE("without a file the environment variable is used; neither gives nothing") {
  setenv("KENSA_TEST_SECRET", "from-env", 1);
  CHECK(read_secret(std::nullopt, "KENSA_TEST_SECRET", "community")->reveal() == "from-env");
  setenv("KENSA_TEST_SECRET", "", 1);
  CHECK_THROWS_WITH_AS(read_secret(std::nullopt, "KENSA_TEST_SECRET", "community"),
                       doctest::Contains("KENSA_TEST_SECRET is empty"), UsageError);
  unsetenv("KENSA_TEST_SECRET");
  CHECK_FALSE(read_secret(std::nullopt, "KENSA_TEST_SECRET", "community").has_value());
}
