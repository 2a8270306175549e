#include <doctest/doctest.h>

#include "scanner/address_scope.hpp"
#include "scanner/target_list.hpp"

using namespace kensa::scanner;

namespace {

boost::asio::ip::address ip(const char* text) { return boost::asio::ip::make_address(text); }

std::vector<std::string> hosts(const std::vector<Endpoint>& endpoints) {
  std::vector<std::string> result;
  for (const auto& endpoint : endpoints) result.push_back(endpoint.display());
  return result;
}

}  // namespace

TEST_CASE("a scope allows its prefixes and ranges, less its exclusions") {
  AddressScope scope;
  CHECK_FALSE(scope.bounded());
  CHECK(scope.allows(ip("203.0.113.9")));  // no allow-list: everything
  scope.add_allowed("10.0.0.0/8", "--scope");
  scope.add_allowed("192.0.2.10-192.0.2.20", "--scope");
  scope.add_allowed("2001:db8::/32", "--scope");
  scope.add_excluded("10.9.0.0/16", "--exclude");
  scope.add_excluded("192.0.2.15", "--exclude");
  CHECK(scope.bounded());
  CHECK(scope.allows(ip("10.1.2.3")));
  CHECK_FALSE(scope.allows(ip("10.9.0.1")));
  CHECK(scope.allows(ip("192.0.2.10")));
  CHECK(scope.allows(ip("192.0.2.20")));
  CHECK_FALSE(scope.allows(ip("192.0.2.15")));
  CHECK_FALSE(scope.allows(ip("192.0.2.21")));
  CHECK(scope.allows(ip("2001:db8:1::1")));
  CHECK_FALSE(scope.allows(ip("2001:db9::1")));
  // An IPv4-mapped IPv6 address is its IPv4 address.
  CHECK(scope.allows(ip("::ffff:10.1.2.3")));
  CHECK_FALSE(scope.allows(ip("::ffff:192.0.2.15")));
  // An IPv4 number never matches an IPv6 range of the same value.
  CHECK_FALSE(scope.allows(ip("::a01:203")));
}

TEST_CASE("a range is wholly in scope only when abutting allowed ranges cover every address") {
  AddressScope scope;
  scope.add_allowed("192.0.2.0/25", "test");
  scope.add_allowed("192.0.2.128-192.0.2.200", "test");
  CHECK(scope.allows_whole(*parse_address_range("192.0.2.0/24")) == false);
  CHECK(scope.allows_whole(*parse_address_range("192.0.2.100-192.0.2.200")));
  scope.add_allowed("192.0.2.190-192.0.2.255", "test");
  CHECK(scope.allows_whole(*parse_address_range("192.0.2.0/24")));
  CHECK_FALSE(scope.allows_whole(*parse_address_range("192.0.2.0/23")));
}

TEST_CASE("scope and exclusion errors quote the text and where it came from") {
  AddressScope scope;
  CHECK_THROWS_WITH_AS(scope.add_allowed("10.0.0.1/8", "sweep.toml: scope.allow[2]"),
                       doctest::Contains("'10.0.0.1/8' (sweep.toml: scope.allow[2]): host bits"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(scope.add_allowed("core-sw1", "--scope"),
                       doctest::Contains("not an address, prefix or range"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(scope.add_excluded("a b", "targets.txt:4"),
                       doctest::Contains("'a b' (targets.txt:4)"), std::invalid_argument);
  scope.add_excluded("Printer-3.example.net", "--exclude");
  CHECK(scope.excludes_name("printer-3.EXAMPLE.net"));
}

TEST_CASE("targets outside the scope are refused before anything is expanded") {
  AddressScope scope;
  scope.add_allowed("192.0.2.0/24", "--scope");
  scope.add_excluded("192.0.2.2", "--exclude");
  scope.add_excluded("printer.example.net", "--exclude");
  CHECK(
      hosts(expand_targets({{"192.0.2.0/29", ""}, {"printer.example.net", ""}}, 161, 100, scope)) ==
      std::vector<std::string>{"192.0.2.1:161", "192.0.2.3:161", "192.0.2.4:161", "192.0.2.5:161",
                               "192.0.2.6:161"});
  CHECK(hosts(expand_targets({{"192.0.2.9:1161", ""}}, 161, 100, scope)) ==
        std::vector<std::string>{"192.0.2.9:1161"});
  CHECK_THROWS_WITH_AS(
      expand_targets({{"192.0.2.9", ""}, {"198.51.100.7", "hosts.txt:3"}}, 161, 100, scope),
      doctest::Contains("'198.51.100.7' (hosts.txt:3): it lies outside the scope"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(expand_targets({{"192.0.2.0/23", "--target-file t:1"}}, 161, 1000, scope),
                       doctest::Contains("outside the scope"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(expand_targets({{"192.0.2.300", "hosts.txt:9"}}, 161, 100, scope),
                       doctest::Contains("'192.0.2.300' (hosts.txt:9)"), std::invalid_argument);
}
