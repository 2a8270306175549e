#pragma once
// Where an SNMP agent listens: a host (IPv4, IPv6 or DNS name) and a UDP port.
//
// Contract: parse_endpoint accepts HOST, HOST:PORT, [IPV6] and [IPV6]:PORT,
// and a bare IPv6 address (several colons, no brackets) as a host without a
// port. It throws std::invalid_argument whose message quotes the offending
// text. Nothing is resolved here.

#include <cstdint>
#include <string>
#include <string_view>

namespace kensa::scanner {

struct Endpoint {
  std::string host;
  std::uint16_t port = 161;

  [[nodiscard]] bool is_ipv6() const;
  // "udp:HOST:PORT" or "udp6:[HOST]:PORT", as net-snmp's transports expect.
  [[nodiscard]] std::string netsnmp_peer_name() const;
  // HOST:PORT or [HOST]:PORT, for people.
  [[nodiscard]] std::string display() const;
};

inline constexpr std::uint16_t default_snmp_port = 161;

Endpoint parse_endpoint(std::string_view text, std::uint16_t default_port = default_snmp_port);

}  // namespace kensa::scanner
