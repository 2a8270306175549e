// The kensa command's own surface: help, version, and usage errors.

#include <doctest/doctest.h>

#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;

TEST_CASE("--version prints the version and exits 0") {
  const ProcessResult result = run_kensa({"--version"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("kensa 0.") != std::string::npos);
}

TEST_CASE("--help lists the poll command, and poll --help lists its options") {
  const ProcessResult top = run_kensa({"--help"});
  INFO(top.describe());
  CHECK(top.exit_code == 0);
  CHECK(top.out.find("poll") != std::string::npos);

  const ProcessResult poll = run_kensa({"poll", "--help"});
  INFO(poll.describe());
  CHECK(poll.exit_code == 0);
  for (const char* option :
       {"--snmp-version", "--community-file", "--v3-user", "--auth-proto", "--auth-pass-file",
        "--priv-proto", "--priv-pass-file", "--timeout", "--retries", "--json"})
    CHECK_MESSAGE(poll.out.find(option) != std::string::npos, "missing option ", option);
}

TEST_CASE("usage errors exit 64 and name what was wrong") {
  const auto expect_usage_error = [](const std::vector<std::string>& arguments,
                                     const std::string& expected) {
    const ProcessResult result = run_kensa(arguments);
    INFO(result.describe());
    CHECK(result.exit_code == 64);
    CHECK(result.err.find(expected) != std::string::npos);
  };
  expect_usage_error({}, "subcommand");
  expect_usage_error({"poll"}, "target");
  expect_usage_error({"poll", "127.0.0.1", "--snmp-version", "4"}, "'4'");
  expect_usage_error({"poll", "127.0.0.1:99999"}, "'127.0.0.1:99999'");
  expect_usage_error({"poll", "127.0.0.1", "--snmp-version", "3"}, "--v3-user");
  expect_usage_error(
      {"poll", "127.0.0.1", "--snmp-version", "3", "--v3-user", "u", "--auth-proto", "SHA"},
      "no authentication password");
  expect_usage_error(
      {"poll", "127.0.0.1", "--snmp-version", "3", "--v3-user", "u", "--auth-proto", "SHA3"},
      "'SHA3'");
  expect_usage_error({"poll", "127.0.0.1", "--timeout", "0"}, "--timeout");
  expect_usage_error({"poll", "127.0.0.1", "--community-file", "/nonexistent/community"},
                     "/nonexistent/community");
}

TEST_CASE("a secret on the command line is not an option") {
  // There is deliberately no --community or --auth-pass flag.
  const ProcessResult result = run_kensa({"poll", "127.0.0.1", "--community", "public"});
  INFO(result.describe());
  CHECK(result.exit_code == 64);
}
