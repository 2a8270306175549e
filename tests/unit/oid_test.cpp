#include <doctest/doctest.h>

#include "scanner/engine_id.hpp"
#include "scanner/oid.hpp"

using namespace kensa::scanner;

TEST_CASE("OIDs are parsed from dotted decimal and printed back") {
  CHECK(parse_oid("1.3.6.1.2.1.1.1.0") == Oid{1, 3, 6, 1, 2, 1, 1, 1, 0});
  CHECK(parse_oid(".1.3.6.1") == Oid{1, 3, 6, 1});
  CHECK(to_string(*parse_oid("1.3.6.1.4.1.4294967295")) == "1.3.6.1.4.1.4294967295");
  CHECK_FALSE(parse_oid("1").has_value());
  CHECK_FALSE(parse_oid("1.3.").has_value());
  CHECK_FALSE(parse_oid("1..3").has_value());
  CHECK_FALSE(parse_oid("1.3.6.1.4.1.4294967296").has_value());
  CHECK_FALSE(parse_oid("iso.3.6").has_value());
  CHECK(oid_starts_with(Oid{1, 3, 6, 1, 2}, Oid{1, 3, 6}));
  CHECK_FALSE(oid_starts_with(Oid{1, 3}, Oid{1, 3, 6}));
  // Walk order compares sub-identifiers as numbers: ...1.2.1 comes before ...1.10.
  CHECK(Oid{1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1} < Oid{1, 3, 6, 1, 2, 1, 2, 2, 1, 10});
}

TEST_CASE("the enterprise number is read from both engine id formats") {
  // RFC 3411: net-snmp (8072), format 128 (random) + 8 octets.
  CHECK(engine_id_enterprise(std::string("\x80\x00\x1f\x88\x80\x12\x34\x56\x78", 9)) == 8072U);
  // Cisco (9), MAC format.
  CHECK(engine_id_enterprise(std::string("\x80\x00\x00\x09\x03\x00\x1b\x2c\x3d\x4e\x5f", 11)) ==
        9U);
  // RFC 1910 style: high bit clear, 12 octets.
  CHECK(engine_id_enterprise(std::string("\x00\x00\x07\xdb\x0a\x00\x00\x01\x00\x00\x00\x01", 12)) ==
        2011U);
  CHECK_FALSE(engine_id_enterprise(std::string("\x80\x00\x1f", 3)).has_value());
}
