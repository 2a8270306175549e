#include <doctest/doctest.h>

#include "scanner/walk_file.hpp"

using namespace kensa::scanner;

TEST_CASE("snmprec rows of every tag form are read, in any order") {
  const WalkFile file = parse_walk_text(
      "1.3.6.1.2.1.1.5.0|4|core-sw01\n"
      "1.3.6.1.2.1.1.1.0|4x|4a554e4f53203138\n"
      "1.3.6.1.2.1.1.4.0|4e|line one\\nline two \\x41\\\\\n"
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2636.1.1.1.2.25. \n"
      "1.3.6.1.2.1.1.3.0|67|123456\n"
      "1.3.6.1.2.1.2.2.1.10.1|65|4294967295\n"
      "1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615\n"
      "1.3.6.1.2.1.4.20.1.1.10.0.0.1|64|10.0.0.1\n"
      "1.3.6.1.2.1.4.20.1.1.10.0.0.2|64x|0a000002\n"
      "1.3.6.1.2.1.2.2.1.7.1|2|-1\n"
      "1.3.6.1.2.1.99.0|5|\n",
      "fixture.snmprec");
  CHECK(file.format == "snmprec");
  CHECK(file.rows == 11);
  CHECK(file.skipped == 0);
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.1.1.0"))->octets == "JUNOS 18");
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.1.4.0"))->octets == "line one\nline two A\\");
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.1.2.0"))->oid ==
        *parse_oid("1.3.6.1.4.1.2636.1.1.1.2.25"));
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.1.3.0"))->type == ValueType::timeticks);
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.31.1.1.1.6.1"))->unsigned_number() ==
        18446744073709551615ULL);
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.4.20.1.1.10.0.0.2"))->octets ==
        std::string("\x0a\x00\x00\x02", 4));
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.2.2.1.7.1"))->number == -1);
  // Walks come back in OID order whatever the file's order.
  const auto system = file.values.walk(*parse_oid("1.3.6.1.2.1.1"));
  REQUIRE(system.size() == 5);
  CHECK(system.front().oid == *parse_oid("1.3.6.1.2.1.1.1.0"));
  CHECK(system.back().oid == *parse_oid("1.3.6.1.2.1.1.5.0"));
}

TEST_CASE("invalid snmprec rows are skipped, counted and located") {
  const WalkFile file = parse_walk_text(
      "1.3.6.1.2.1.1.1.0|4|fine\n"
      "1.3.6.1.2.1.1.2.0|40|not a tag\n"
      "1.3.6.1.2.1.1.3.0|4xx|abcd\n"
      "1.3.6.1.2.1.1.4.0|4x|abc\n"
      "garbage\n"
      "1.3.6.1.2.1.1.5.0|2|twelve\n",
      "broken.snmprec");
  CHECK(file.rows == 1);
  CHECK(file.skipped == 5);
  REQUIRE(file.warnings.size() == 5);
  CHECK(file.warnings[0].find("broken.snmprec:2:") == 0);
}

TEST_CASE("snmpwalk -On output, including values over several lines, is read") {
  const WalkFile file = parse_walk_text(
      ".1.3.6.1.2.1.1.1.0 = STRING: \"Cisco IOS Software, Version 15.0(2)SE11\n"
      "Technical Support: http://www.cisco.com/techsupport\"\n"
      ".1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.9.1.1208\n"
      ".1.3.6.1.2.1.1.3.0 = Timeticks: (8640000) 1 day, 0:00:00.00\n"
      ".1.3.6.1.2.1.2.2.1.6.1 = Hex-STRING: 00 1B 2C 3D 4E 5F \n"
      ".1.3.6.1.2.1.2.2.1.8.1 = INTEGER: up(1)\n"
      ".1.3.6.1.2.1.2.2.1.10.1 = Counter32: 123\n"
      ".1.3.6.1.2.1.4.20.1.1.192.0.2.1 = IpAddress: 192.0.2.1\n"
      ".1.3.6.1.2.1.1.6.0 = \"\"\n"
      ".1.3.6.1.2.1.1.9.0 = No Such Object available on this agent at this OID\n",
      "walk.txt");
  CHECK(file.format == "snmpwalk");
  CHECK(file.skipped == 0);
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.1.1.0"))->octets ==
        "Cisco IOS Software, Version 15.0(2)SE11\nTechnical Support: "
        "http://www.cisco.com/techsupport");
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.1.3.0"))->number == 8640000);
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.2.2.1.6.1"))->octets ==
        std::string("\x00\x1b\x2c\x3d\x4e\x5f", 6));
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.2.2.1.8.1"))->number == 1);
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.4.20.1.1.192.0.2.1"))->octets ==
        std::string("\xc0\x00\x02\x01", 4));
  CHECK(file.values.get(*parse_oid("1.3.6.1.2.1.1.6.0"))->octets.empty());
  CHECK_FALSE(file.values.get(*parse_oid("1.3.6.1.2.1.1.9.0")).has_value());
}
