#include "scanner/credentials.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <utility>

namespace kensa::scanner {
namespace {

// USM derives keys from passwords of at least 8 characters (RFC 3414, 11.2);
// net-snmp refuses shorter ones, so kensa rejects them before sending.
constexpr std::size_t minimum_usm_password_length = 8;

std::string canonical_spelling(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == '_') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(std::string_view text,
                           const std::array<std::pair<std::string_view, Enum>, N>& table) {
  const std::string key = canonical_spelling(text);
  for (const auto& [name, value] : table)
    if (name == key) return value;
  return std::nullopt;
}

}  // namespace

SecurityLevel Credentials::security_level() const {
  if (auth == AuthProtocol::none) return SecurityLevel::no_auth_no_priv;
  if (priv == PrivProtocol::none) return SecurityLevel::auth_no_priv;
  return SecurityLevel::auth_priv;
}

void Credentials::validate() const {
  if (version != SnmpVersion::v3) {
    if (community.empty()) throw std::invalid_argument("the SNMP community is empty");
    return;
  }
  if (user.empty()) throw std::invalid_argument("SNMPv3 needs a user name (--v3-user)");
  if (auth == AuthProtocol::none && !auth_password.empty())
    throw std::invalid_argument("an authentication password is given but no --auth-proto");
  if (auth != AuthProtocol::none && auth_password.empty())
    throw std::invalid_argument(
        "--auth-proto is given but no authentication password "
        "(--auth-pass-file or KENSA_AUTH_PASS)");
  if (priv != PrivProtocol::none && auth == AuthProtocol::none)
    throw std::invalid_argument("--priv-proto needs authentication too (--auth-proto)");
  if (priv == PrivProtocol::none && !priv_password.empty())
    throw std::invalid_argument("a privacy password is given but no --priv-proto");
  if (priv != PrivProtocol::none && priv_password.empty())
    throw std::invalid_argument(
        "--priv-proto is given but no privacy password "
        "(--priv-pass-file or KENSA_PRIV_PASS)");
  if (auth != AuthProtocol::none && auth_password.reveal().size() < minimum_usm_password_length)
    throw std::invalid_argument(
        "the authentication password is shorter than 8 characters, "
        "which SNMPv3 does not allow");
  if (priv != PrivProtocol::none && priv_password.reveal().size() < minimum_usm_password_length)
    throw std::invalid_argument(
        "the privacy password is shorter than 8 characters, "
        "which SNMPv3 does not allow");
}

std::optional<SnmpVersion> parse_snmp_version(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, SnmpVersion>, 5> table{{
      {"1", SnmpVersion::v1},
      {"V1", SnmpVersion::v1},
      {"2C", SnmpVersion::v2c},
      {"V2C", SnmpVersion::v2c},
      {"3", SnmpVersion::v3},
  }};
  if (canonical_spelling(text) == "V3") return SnmpVersion::v3;
  return lookup(text, table);
}

std::optional<AuthProtocol> parse_auth_protocol(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, AuthProtocol>, 7> table{{
      {"MD5", AuthProtocol::md5},
      {"SHA", AuthProtocol::sha1},
      {"SHA1", AuthProtocol::sha1},
      {"SHA224", AuthProtocol::sha224},
      {"SHA256", AuthProtocol::sha256},
      {"SHA384", AuthProtocol::sha384},
      {"SHA512", AuthProtocol::sha512},
  }};
  return lookup(text, table);
}

std::optional<PrivProtocol> parse_priv_protocol(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, PrivProtocol>, 5> table{{
      {"DES", PrivProtocol::des},
      {"AES", PrivProtocol::aes128},
      {"AES128", PrivProtocol::aes128},
      {"AES192", PrivProtocol::aes192},
      {"AES256", PrivProtocol::aes256},
  }};
  return lookup(text, table);
}

std::string_view to_string(SnmpVersion version) {
  switch (version) {
    case SnmpVersion::v1: return "1";
    case SnmpVersion::v2c: return "2c";
    case SnmpVersion::v3: return "3";
  }
  return "?";
}

std::string_view to_string(AuthProtocol protocol) {
  switch (protocol) {
    case AuthProtocol::none: return "none";
    case AuthProtocol::md5: return "MD5";
    case AuthProtocol::sha1: return "SHA-1";
    case AuthProtocol::sha224: return "SHA-224";
    case AuthProtocol::sha256: return "SHA-256";
    case AuthProtocol::sha384: return "SHA-384";
    case AuthProtocol::sha512: return "SHA-512";
  }
  return "?";
}

std::string_view to_string(PrivProtocol protocol) {
  switch (protocol) {
    case PrivProtocol::none: return "none";
    case PrivProtocol::des: return "DES";
    case PrivProtocol::aes128: return "AES-128";
    case PrivProtocol::aes192: return "AES-192";
    case PrivProtocol::aes256: return "AES-256";
  }
  return "?";
}

std::string_view to_string(SecurityLevel level) {
  switch (level) {
    case SecurityLevel::no_auth_no_priv: return "noAuthNoPriv";
    case SecurityLevel::auth_no_priv: return "authNoPriv";
    case SecurityLevel::auth_priv: return "authPriv";
  }
  return "?";
}

}  // namespace kensa::scanner
