#include <doctest/doctest.h>

#include "scanner/system_group.hpp"

TEST_CASE("sysUpTime ticks are shown as days and clock time") {
  using kensa::scanner::format_uptime;
  CHECK(format_uptime(0) == "0d 00:00:00.00");
  CHECK(format_uptime(12345) == "0d 00:02:03.45");
  CHECK(format_uptime(8640000) == "1d 00:00:00.00");
  CHECK(format_uptime(4294967295U) == "497d 02:27:52.95");
}
