#pragma once
// The addresses kensa may send to: an allow-list of prefixes and ranges,
// less the excluded ones. Nothing outside the scope is ever contacted,
// crawled neighbours included.
//
// Contract: add_allowed/add_excluded take the forms of address_range.hpp and
// throw std::invalid_argument quoting the text and its origin ("--scope",
// "sweep.toml: scope.allow[2]") when one is invalid; excluded entries may
// also be host names, which exclude that target text. allows(address) is
// true when the address lies in some allowed range (any address, when no
// range was allowed) and in no excluded range. IPv4-mapped IPv6 addresses
// count as their IPv4 address.

#include <boost/asio/ip/address.hpp>

#include <string>
#include <vector>

#include "scanner/address_range.hpp"

namespace kensa::scanner {

class AddressScope {
 public:
  void add_allowed(const std::string& text, const std::string& origin);
  void add_excluded(const std::string& text, const std::string& origin);

  // An allow-list was given: without one every address is allowed.
  [[nodiscard]] bool bounded() const { return !allowed_.empty(); }
  [[nodiscard]] bool allows(const boost::asio::ip::address& address) const;
  // Every address of the range lies in one allowed range.
  [[nodiscard]] bool allows_whole(const AddressRange& range) const;
  [[nodiscard]] bool excludes(const boost::asio::ip::address& address) const;
  // An excluded host name, compared without regard to case.
  [[nodiscard]] bool excludes_name(const std::string& host) const;

 private:
  std::vector<AddressRange> allowed_;
  std::vector<AddressRange> excluded_;
  std::vector<std::string> excluded_names_;
};

}  // namespace kensa::scanner
