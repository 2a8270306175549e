#include "scanner/target_list.hpp"

#include <boost/asio/ip/address.hpp>

#include <array>
#include <charconv>
#include <optional>
#include <set>
#include <stdexcept>

namespace kensa::scanner {
namespace {

namespace ip = boost::asio::ip;
using Bytes16 = std::array<unsigned char, 16>;

[[noreturn]] void reject(const std::string& text, const std::string& why) {
  throw std::invalid_argument("invalid target '" + text + "': " + why);
}

// An address as a 128-bit number held in two halves, so that IPv4 and IPv6
// ranges share one piece of arithmetic.
struct Number {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  auto operator<=>(const Number&) const = default;
};

Number number_of(const ip::address& address) {
  if (address.is_v4()) return {0, address.to_v4().to_uint()};
  const Bytes16 bytes = address.to_v6().to_bytes();
  Number n;
  for (int i = 0; i < 8; ++i) n.high = (n.high << 8U) | bytes[static_cast<std::size_t>(i)];
  for (int i = 8; i < 16; ++i) n.low = (n.low << 8U) | bytes[static_cast<std::size_t>(i)];
  return n;
}

ip::address address_of(const Number& n, bool v6) {
  if (!v6) return ip::address_v4(static_cast<std::uint32_t>(n.low));
  Bytes16 bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[static_cast<std::size_t>(7 - i)] =
        static_cast<unsigned char>(n.high >> (8U * static_cast<unsigned>(i)));
    bytes[static_cast<std::size_t>(15 - i)] =
        static_cast<unsigned char>(n.low >> (8U * static_cast<unsigned>(i)));
  }
  return ip::address_v6(bytes);
}

Number plus_one(Number n) {
  if (++n.low == 0) ++n.high;
  return n;
}

// last - first + 1, saturated at limit + 1.
std::size_t span_size(const Number& first, const Number& last, std::size_t limit) {
  if (last.high != first.high) return limit + 1;
  const std::uint64_t difference = last.low - first.low;
  return difference >= limit ? limit + 1 : static_cast<std::size_t>(difference) + 1;
}

std::optional<ip::address> parse_address(const std::string& text) {
  boost::system::error_code error;
  const auto address = ip::make_address(text, error);
  if (error) return std::nullopt;
  return address;
}

struct Span {
  Number first;
  Number last;
  bool v6;
};

Span prefix_span(const std::string& text, std::size_t slash) {
  const auto base = parse_address(text.substr(0, slash));
  if (!base) reject(text, "the part before '/' is not an IP address");
  const std::string bits_text = text.substr(slash + 1);
  unsigned bits = 0;
  const auto [end, error] =
      std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
  const unsigned width = base->is_v4() ? 32 : 128;
  if (bits_text.empty() || error != std::errc{} || end != bits_text.data() + bits_text.size() ||
      bits > width)
    reject(text, "the prefix length must be a number from 0 to " + std::to_string(width));
  const unsigned host_bits = width - bits;
  Number first = number_of(*base);
  Number last = first;
  // Clear (first) and set (last) the host bits.
  for (unsigned bit = 0; bit < host_bits; ++bit) {
    std::uint64_t& half = bit < 64 ? first.low : first.high;
    std::uint64_t& half_last = bit < 64 ? last.low : last.high;
    const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    half &= ~mask;
    half_last |= mask;
  }
  if (number_of(*base) != first)
    reject(text, "host bits are set; the prefix starts at " +
                     address_of(first, base->is_v6()).to_string());
  if (base->is_v4() && host_bits >= 2) {
    first = plus_one(first);
    last.low -= 1;
  }
  return {first, last, base->is_v6()};
}

std::optional<Span> range_span(const std::string& text, std::size_t dash) {
  const auto first = parse_address(text.substr(0, dash));
  if (!first) return std::nullopt;  // maybe a host name with a hyphen
  std::string last_text = text.substr(dash + 1);
  if (first->is_v4() && last_text.find('.') == std::string::npos) {
    // A.B.C.D-E: E replaces the last octet.
    const std::string head = text.substr(0, text.rfind('.', dash) + 1);
    last_text = head + last_text;
  }
  const auto last = parse_address(last_text);
  if (!last || last->is_v4() != first->is_v4())
    reject(text, "the end of the range is not an address of the same family as its start");
  if (number_of(*last) < number_of(*first)) reject(text, "the range ends before it starts");
  return Span{number_of(*first), number_of(*last), first->is_v6()};
}

}  // namespace

std::vector<Endpoint> expand_targets(const std::vector<std::string>& texts,
                                     std::uint16_t default_port, std::size_t limit) {
  struct Planned {
    std::optional<Span> span;
    Endpoint single;
  };
  std::vector<Planned> plan;
  std::size_t total = 0;
  for (const std::string& text : texts) {
    Planned planned;
    const auto slash = text.find('/');
    const auto dash = text.find('-');
    if (slash != std::string::npos) {
      planned.span = prefix_span(text, slash);
    } else if (dash != std::string::npos && text.front() != '[') {
      planned.span = range_span(text, dash);
    }
    if (planned.span) {
      total += span_size(planned.span->first, planned.span->last, limit);
    } else {
      planned.single = parse_endpoint(text, default_port);
      total += 1;
    }
    if (total > limit)
      reject(text, "the targets come to more than " + std::to_string(limit) +
                       " addresses; raise the limit if this is intended");
    plan.push_back(std::move(planned));
  }

  std::vector<Endpoint> endpoints;
  std::set<std::pair<std::string, std::uint16_t>> seen;
  const auto add = [&](Endpoint endpoint) {
    if (seen.emplace(endpoint.host, endpoint.port).second) endpoints.push_back(std::move(endpoint));
  };
  for (const Planned& planned : plan) {
    if (!planned.span) {
      add(planned.single);
      continue;
    }
    for (Number n = planned.span->first;; n = plus_one(n)) {
      add(Endpoint{address_of(n, planned.span->v6).to_string(), default_port});
      if (n == planned.span->last) break;
    }
  }
  return endpoints;
}

}  // namespace kensa::scanner
