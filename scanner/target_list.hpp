#pragma once
// Target specifications as users write them, expanded to endpoints.
//
// Contract: each text is one of
//   HOST, HOST:PORT, [IPV6], [IPV6]:PORT   (see endpoint.hpp)
//   A.B.C.D/N, IPV6/N                      every address of the prefix; for
//                                          IPv4 prefixes up to /30 without
//                                          the network and broadcast address
//   A-B                                    every address from A to B, same family
//   A.B.C.D-E                              shorthand for A.B.C.D-A.B.C.E
// in that order of precedence, all on default_port unless a port is given.
// expand_targets throws std::invalid_argument quoting the offending text
// (and its origin, when one is given) when one is invalid, lies outside the
// scope's allow-list, or when all of them together would exceed `limit`
// endpoints (counted before exclusions), before producing anything.
// Addresses and host names the scope excludes are left out. Duplicates are
// kept once, in first-seen order. Host names are not resolved here: whoever
// resolves them checks the scope again.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scanner/address_scope.hpp"
#include "scanner/endpoint.hpp"

namespace kensa::scanner {

// A target as written, and where: "--target-file targets.txt:12",
// "sweep.toml: targets.include[3]"; empty for a command-line argument.
struct TargetText {
  std::string text;
  std::string origin;
};

std::vector<Endpoint> expand_targets(const std::vector<TargetText>& texts,
                                     std::uint16_t default_port, std::size_t limit,
                                     const AddressScope& scope);

std::vector<Endpoint> expand_targets(const std::vector<std::string>& texts,
                                     std::uint16_t default_port, std::size_t limit);

}  // namespace kensa::scanner
