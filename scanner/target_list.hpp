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
// when one is invalid, or when all of them together would exceed `limit`
// endpoints, before producing anything. Duplicates are kept once, in first-
// seen order.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scanner/endpoint.hpp"

namespace kensa::scanner {

std::vector<Endpoint> expand_targets(const std::vector<std::string>& texts,
                                     std::uint16_t default_port, std::size_t limit);

}  // namespace kensa::scanner
