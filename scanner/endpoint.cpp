#include "scanner/endpoint.hpp"

#include <arpa/inet.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace kensa::scanner {
namespace {

[[noreturn]] void reject(std::string_view text, std::string_view why) {
  throw std::invalid_argument("invalid target '" + std::string(text) + "': " + std::string(why));
}

std::uint16_t parse_port(std::string_view whole, std::string_view digits) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size() ||
      value == 0 || value > 65535)
    reject(whole, "the port must be a number from 1 to 65535");
  return static_cast<std::uint16_t>(value);
}

bool is_ipv6_literal(const std::string& host) {
  in6_addr address{};
  return inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

bool is_ipv4_literal(const std::string& host) {
  in_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

// RFC 1123 host names: labels of letters, digits and hyphens, dot-separated.
// Underscores are accepted too, since internal DNS zones often contain them.
bool is_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  // All digits and dots is a mistyped IPv4 address, never a name.
  if (host.find_first_not_of("0123456789.") == std::string_view::npos) return false;
  std::size_t label_length = 0;
  for (std::size_t i = 0; i < host.size(); ++i) {
    const char c = host[i];
    if (c == '.') {
      if (label_length == 0) return false;
      label_length = 0;
      continue;
    }
    const bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    if (!allowed || ++label_length > 63) return false;
    if (c == '-' && (label_length == 1 || i + 1 == host.size() || host[i + 1] == '.')) return false;
  }
  return true;
}

}  // namespace

bool Endpoint::is_ipv6() const { return is_ipv6_literal(host); }

std::string Endpoint::netsnmp_peer_name() const {
  if (is_ipv6()) return "udp6:[" + host + "]:" + std::to_string(port);
  return "udp:" + host + ":" + std::to_string(port);
}

std::string Endpoint::display() const {
  if (is_ipv6()) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

Endpoint parse_endpoint(std::string_view text, std::uint16_t default_port) {
  Endpoint endpoint;
  endpoint.port = default_port;
  if (text.empty()) reject(text, "it is empty");

  if (text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) reject(text, "'[' without a closing ']'");
    endpoint.host = std::string(text.substr(1, close - 1));
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') reject(text, "expected ':PORT' after ']'");
      endpoint.port = parse_port(text, rest.substr(1));
    }
    if (!is_ipv6_literal(endpoint.host)) reject(text, "the bracketed part is not an IPv6 address");
    return endpoint;
  }

  const auto colons = std::count(text.begin(), text.end(), ':');
  if (colons > 1) {
    endpoint.host = std::string(text);
    if (!is_ipv6_literal(endpoint.host))
      reject(text, "not an IPv6 address (write [ADDRESS]:PORT for a port)");
    return endpoint;
  }
  if (colons == 1) {
    const auto colon = text.find(':');
    endpoint.host = std::string(text.substr(0, colon));
    endpoint.port = parse_port(text, text.substr(colon + 1));
  } else {
    endpoint.host = std::string(text);
  }
  if (!is_ipv4_literal(endpoint.host) && !is_host_name(endpoint.host))
    reject(text, "not an IPv4 address, IPv6 address or host name");
  return endpoint;
}

}  // namespace kensa::scanner
