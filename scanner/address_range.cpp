#include "scanner/address_range.hpp"

#include <array>
#include <charconv>
#include <stdexcept>

namespace kensa::scanner {
namespace {

namespace ip = boost::asio::ip;
using Bytes16 = std::array<unsigned char, 16>;

AddressRange prefix_range(const std::string& text, std::size_t slash) {
  const auto base = parse_ip_address(text.substr(0, slash));
  if (!base) throw std::invalid_argument("the part before '/' is not an IP address");
  const std::string bits_text = text.substr(slash + 1);
  unsigned bits = 0;
  const auto [end, error] =
      std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
  const unsigned width = base->is_v4() ? 32 : 128;
  if (bits_text.empty() || error != std::errc{} || end != bits_text.data() + bits_text.size() ||
      bits > width)
    throw std::invalid_argument("the prefix length must be a number from 0 to " +
                                std::to_string(width));
  const unsigned host_bits = width - bits;
  AddressNumber first = number_of(*base);
  AddressNumber last = first;
  // Clear (first) and set (last) the host bits.
  for (unsigned bit = 0; bit < host_bits; ++bit) {
    std::uint64_t& half = bit < 64 ? first.low : first.high;
    std::uint64_t& half_last = bit < 64 ? last.low : last.high;
    const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    half &= ~mask;
    half_last |= mask;
  }
  if (number_of(*base) != first)
    throw std::invalid_argument("host bits are set; the prefix starts at " +
                                address_of(first, base->is_v6()).to_string());
  return {first, last, base->is_v6(), bits};
}

std::optional<AddressRange> dash_range(const std::string& text, std::size_t dash) {
  const auto first = parse_ip_address(text.substr(0, dash));
  if (!first) return std::nullopt;  // maybe a host name with a hyphen
  std::string last_text = text.substr(dash + 1);
  if (first->is_v4() && last_text.find('.') == std::string::npos) {
    // A.B.C.D-E: E replaces the last octet.
    const std::string head = text.substr(0, text.rfind('.', dash) + 1);
    last_text = head + last_text;
  }
  const auto last = parse_ip_address(last_text);
  if (!last || last->is_v4() != first->is_v4())
    throw std::invalid_argument(
        "the end of the range is not an address of the same family as its start");
  if (number_of(*last) < number_of(*first))
    throw std::invalid_argument("the range ends before it starts");
  return AddressRange{number_of(*first), number_of(*last), first->is_v6(), std::nullopt};
}

}  // namespace

AddressNumber number_of(const ip::address& address) {
  if (address.is_v4()) return {0, address.to_v4().to_uint()};
  const Bytes16 bytes = address.to_v6().to_bytes();
  AddressNumber n;
  for (int i = 0; i < 8; ++i) n.high = (n.high << 8U) | bytes[static_cast<std::size_t>(i)];
  for (int i = 8; i < 16; ++i) n.low = (n.low << 8U) | bytes[static_cast<std::size_t>(i)];
  return n;
}

ip::address address_of(const AddressNumber& n, bool v6) {
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

AddressNumber plus_one(AddressNumber n) {
  if (++n.low == 0) ++n.high;
  return n;
}

bool AddressRange::contains(const ip::address& address) const {
  const ip::address plain = address.is_v6() && address.to_v6().is_v4_mapped()
                                ? ip::address(ip::make_address_v4(ip::v4_mapped, address.to_v6()))
                                : address;
  if (plain.is_v6() != v6) return false;
  const AddressNumber n = number_of(plain);
  return first <= n && n <= last;
}

bool AddressRange::contains(const AddressRange& other) const {
  return other.v6 == v6 && first <= other.first && other.last <= last;
}

std::size_t AddressRange::size_up_to(std::size_t limit) const {
  if (last.high != first.high) return limit + 1;
  const std::uint64_t difference = last.low - first.low;
  return difference >= limit ? limit + 1 : static_cast<std::size_t>(difference) + 1;
}

std::optional<ip::address> parse_ip_address(const std::string& text) {
  boost::system::error_code error;
  const auto address = ip::make_address(text, error);
  if (error) return std::nullopt;
  return address;
}

std::optional<AddressRange> parse_address_range(const std::string& text) {
  if (const auto slash = text.find('/'); slash != std::string::npos)
    return prefix_range(text, slash);
  if (const auto dash = text.find('-'); dash != std::string::npos && text.front() != '[')
    return dash_range(text, dash);
  if (const auto single = parse_ip_address(text))
    return AddressRange{number_of(*single), number_of(*single), single->is_v6(), std::nullopt};
  return std::nullopt;
}

}  // namespace kensa::scanner
