#pragma once
// Contiguous spans of IP addresses as users write them: the arithmetic that
// target lists and scopes share.
//
// Contract: parse_address_range accepts
//   A.B.C.D, IPV6                 one address
//   A.B.C.D/N, IPV6/N             every address of the prefix (network and
//                                 broadcast included; target lists drop them)
//   A-B                           every address from A to B, same family
//   A.B.C.D-E                     shorthand for A.B.C.D-A.B.C.E
// It returns nullopt when the text is none of these forms (a host name, a
// HOST:PORT), and throws std::invalid_argument saying what is wrong when it
// is one of them but invalid (host bits set, prefix too long, a range that
// ends before it starts or mixes families). Nothing is resolved here.

#include <boost/asio/ip/address.hpp>

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace kensa::scanner {

// An address as a 128-bit number held in two halves, so that IPv4 and IPv6
// share one piece of arithmetic. IPv4 addresses are numbers below 2^32 and
// are never compared with IPv6 ones (AddressRange keeps the family).
struct AddressNumber {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  auto operator<=>(const AddressNumber&) const = default;
};

AddressNumber number_of(const boost::asio::ip::address& address);
boost::asio::ip::address address_of(const AddressNumber& number, bool v6);
AddressNumber plus_one(AddressNumber number);

struct AddressRange {
  AddressNumber first;
  AddressNumber last;
  bool v6 = false;
  std::optional<unsigned> prefix_length;  // when written as a prefix

  [[nodiscard]] bool contains(const boost::asio::ip::address& address) const;
  [[nodiscard]] bool contains(const AddressRange& other) const;
  // last - first + 1, saturated at limit + 1.
  [[nodiscard]] std::size_t size_up_to(std::size_t limit) const;
};

std::optional<AddressRange> parse_address_range(const std::string& text);

// The text as an IP literal (IPv6 without brackets), or nullopt.
std::optional<boost::asio::ip::address> parse_ip_address(const std::string& text);

}  // namespace kensa::scanner
