#include <doctest/doctest.h>

#include <stdexcept>

#include "scanner/endpoint.hpp"

using kensa::scanner::parse_endpoint;

TEST_CASE("targets are read as host, host:port and bracketed IPv6") {
  auto plain = parse_endpoint("192.0.2.10");
  CHECK(plain.host == "192.0.2.10");
  CHECK(plain.port == 161);
  CHECK(plain.netsnmp_peer_name() == "udp:192.0.2.10:161");

  auto with_port = parse_endpoint("192.0.2.10:1161");
  CHECK(with_port.port == 1161);
  CHECK(with_port.display() == "192.0.2.10:1161");

  auto v6 = parse_endpoint("[2001:db8::1]:16100");
  CHECK(v6.host == "2001:db8::1");
  CHECK(v6.port == 16100);
  CHECK(v6.netsnmp_peer_name() == "udp6:[2001:db8::1]:16100");

  auto bare_v6 = parse_endpoint("::1");
  CHECK(bare_v6.host == "::1");
  CHECK(bare_v6.port == 161);
  CHECK(bare_v6.display() == "[::1]:161");

  auto name = parse_endpoint("core-sw01.example.net:162");
  CHECK(name.host == "core-sw01.example.net");
  CHECK(name.port == 162);
}

TEST_CASE("invalid targets are refused with the offending text quoted") {
  CHECK_THROWS_WITH_AS(parse_endpoint("192.0.2.1:0"), doctest::Contains("'192.0.2.1:0'"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_endpoint("192.0.2.1:70000"), doctest::Contains("1 to 65535"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_endpoint("192.0.2.1:abc"), doctest::Contains("port"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_endpoint("[2001:db8::1"), doctest::Contains("closing"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_endpoint("[192.0.2.1]:161"), doctest::Contains("not an IPv6"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_endpoint("300.1.2.3"), doctest::Contains("not an IPv4"),
                       std::invalid_argument);
  CHECK_THROWS_AS(parse_endpoint(""), std::invalid_argument);
  CHECK_THROWS_AS(parse_endpoint("bad host"), std::invalid_argument);
  CHECK_THROWS_AS(parse_endpoint("-leading.example"), std::invalid_argument);
  CHECK_THROWS_AS(parse_endpoint("host;rm -rf"), std::invalid_argument);
}
