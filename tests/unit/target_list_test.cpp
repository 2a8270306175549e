#include <doctest/doctest.h>

#include <stdexcept>

#include "scanner/target_list.hpp"

using kensa::scanner::Endpoint;
using kensa::scanner::expand_targets;

namespace {

std::vector<std::string> hosts(const std::vector<Endpoint>& endpoints) {
  std::vector<std::string> out;
  for (const auto& endpoint : endpoints) out.push_back(endpoint.display());
  return out;
}

}  // namespace

TEST_CASE("IPv4 prefixes expand to their host addresses") {
  CHECK(hosts(expand_targets({"192.0.2.0/30"}, 161, 100)) ==
        std::vector<std::string>{"192.0.2.1:161", "192.0.2.2:161"});
  CHECK(hosts(expand_targets({"192.0.2.8/31"}, 161, 100)) ==
        std::vector<std::string>{"192.0.2.8:161", "192.0.2.9:161"});
  CHECK(hosts(expand_targets({"192.0.2.7/32"}, 1161, 100)) ==
        std::vector<std::string>{"192.0.2.7:1161"});
  CHECK(expand_targets({"10.0.0.0/16"}, 161, 65536).size() == 65534);
}

TEST_CASE("ranges, the last-octet shorthand and IPv6 prefixes") {
  CHECK(hosts(expand_targets({"192.0.2.250-192.0.3.1"}, 161, 100)).size() == 8);
  CHECK(hosts(expand_targets({"192.0.2.10-12"}, 161, 100)) ==
        std::vector<std::string>{"192.0.2.10:161", "192.0.2.11:161", "192.0.2.12:161"});
  CHECK(hosts(expand_targets({"2001:db8::/126"}, 161, 100)) ==
        std::vector<std::string>{"[2001:db8::]:161", "[2001:db8::1]:161", "[2001:db8::2]:161",
                                 "[2001:db8::3]:161"});
  CHECK(hosts(expand_targets({"2001:db8::fe-2001:db8::101"}, 161, 100)).size() == 4);
}

TEST_CASE("single hosts keep their port and duplicates are dropped in order") {
  CHECK(hosts(expand_targets({"core-sw01.example.net:1161", "192.0.2.1", "192.0.2.1:161"}, 161,
                             100)) ==
        std::vector<std::string>{"core-sw01.example.net:1161", "192.0.2.1:161"});
}

TEST_CASE("a target list over the limit is refused before anything is produced") {
  CHECK_THROWS_WITH_AS(expand_targets({"10.0.0.0/8"}, 161, 65536),
                       doctest::Contains("more than 65536"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(expand_targets({"192.0.2.1", "192.0.2.0/24"}, 161, 100),
                       doctest::Contains("'192.0.2.0/24'"), std::invalid_argument);
  CHECK_THROWS_AS(expand_targets({"2001:db8::/64"}, 161, 1 << 20), std::invalid_argument);
}

TEST_CASE("invalid prefixes and ranges are named") {
  CHECK_THROWS_WITH_AS(expand_targets({"192.0.2.1/24"}, 161, 1000),
                       doctest::Contains("starts at 192.0.2.0"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(expand_targets({"192.0.2.0/33"}, 161, 1000), doctest::Contains("0 to 32"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(expand_targets({"192.0.2.9-192.0.2.1"}, 161, 1000),
                       doctest::Contains("ends before it starts"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(expand_targets({"192.0.2.1-2001:db8::1"}, 161, 1000),
                       doctest::Contains("same family"), std::invalid_argument);
  CHECK_THROWS_AS(expand_targets({"nonsense/8"}, 161, 1000), std::invalid_argument);
}
