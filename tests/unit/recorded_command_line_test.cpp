#include <doctest/doctest.h>

#include "cli/recorded_command_line.hpp"

using kensa::cli::recorded_command_line;

TEST_CASE("the recorded command line keeps arguments and redacts secrets") {
  const char* argv[] = {"kensa",
                        "export",
                        "--format",
                        "csv",
                        "--community",
                        "s3cret",
                        "--auth-pass=hunter2",
                        "--db",
                        "postgresql://kensa:pa55w0rd@db.example/kensa",
                        "--sign-key",
                        "/etc/kensa/sign.pem",
                        "--operator",
                        "NOC"};
  const auto recorded = recorded_command_line(static_cast<int>(std::size(argv)), argv);
  REQUIRE(recorded.size() == std::size(argv));
  CHECK(recorded[3] == "csv");
  CHECK(recorded[4] == "--community");
  CHECK(recorded[5] == "<redacted>");
  CHECK(recorded[6] == "--auth-pass=<redacted>");
  CHECK(recorded[8] == "postgresql://kensa:<redacted>@db.example/kensa");
  CHECK(recorded[10] == "/etc/kensa/sign.pem");  // a key's path is not the key
  CHECK(recorded[12] == "NOC");
  const char* parameter[] = {"kensa", "inventory", "--db",
                             "postgresql://kensa@db.example/kensa?sslmode=require&password=x&a=b"};
  CHECK(recorded_command_line(4, parameter)[3] ==
        "postgresql://kensa@db.example/kensa?sslmode=require&password=<redacted>&a=b");
  const char* plain[] = {"kensa", "verify", "https://example.net/a:b@c", "x://host/p:q@r"};
  const auto kept = recorded_command_line(4, plain);
  CHECK(kept[2] == "https://example.net/a:b@c");
  CHECK(kept[3] == "x://host/p:q@r");
}
