#include "riskdb/query_filters.hpp"

#include <stdexcept>

#include "riskdb/inventory.hpp"

namespace kensa::riskdb {

// A glob as a LIKE pattern with `\` as escape.
std::string like_pattern(std::string_view glob) {
  std::string out;
  for (const char c : glob) {
    if (c == '*')
      out += '%';
    else if (c == '?')
      out += '_';
    else if (c == '%' || c == '_' || c == '\\')
      (out += '\\') += c;
    else
      out += c;
  }
  return out;
}

ByteRange subnet_range(const std::string& cidr) {
  const auto slash = cidr.find('/');
  const std::string host = cidr.substr(0, slash);
  std::vector<unsigned char> low = address_bytes(host);
  if (low.empty()) throw std::invalid_argument("not an IPv4 or IPv6 prefix: " + cidr);
  const bool v4 = host.find(':') == std::string::npos;
  int length = v4 ? 32 : 128;
  if (slash != std::string::npos) {
    try {
      std::size_t used = 0;
      length = std::stoi(cidr.substr(slash + 1), &used);
      if (used != cidr.size() - slash - 1) throw std::invalid_argument("");
    } catch (const std::exception&) {
      throw std::invalid_argument("bad prefix length in " + cidr);
    }
  }
  if (length < 0 || length > (v4 ? 32 : 128))
    throw std::invalid_argument("bad prefix length in " + cidr);
  const int bits = v4 ? length + 96 : length;
  std::vector<unsigned char> high = low;
  for (int bit = bits; bit < 128; ++bit) {
    const auto byte = static_cast<std::size_t>(bit / 8);
    const auto mask = static_cast<unsigned char>(0x80U >> (bit % 8));
    low[byte] = static_cast<unsigned char>(low[byte] & ~mask);
    high[byte] = static_cast<unsigned char>(high[byte] | mask);
  }
  return {low, high};
}

std::vector<std::string> severities_at_least(Severity minimum) {
  std::vector<std::string> names;
  for (int s = static_cast<int>(minimum); s <= static_cast<int>(Severity::critical); ++s)
    names.emplace_back(severity_name(static_cast<Severity>(s)));
  return names;
}

std::string placeholders(std::size_t first, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (i ? ", ?" : "?") + std::to_string(first + i);
  return out;
}

}  // namespace kensa::riskdb
