#pragma once
// What kensa presents to an SNMP agent: a version and either a community
// (v1, v2c) or a USM user with its protocols and passwords (v3).
//
// Contract: parse_* accept the spellings of net-snmp's own tools,
// case-insensitively (SHA, SHA-1, SHA1, SHA-256, AES, AES-128, AES-256, ...)
// and return nullopt for anything else. validate() throws
// std::invalid_argument naming the option that is wrong; it never includes a
// secret in its message.

#include <optional>
#include <string>
#include <string_view>

#include "scanner/secret.hpp"

namespace kensa::scanner {

enum class SnmpVersion { v1, v2c, v3 };
enum class AuthProtocol { none, md5, sha1, sha224, sha256, sha384, sha512 };
enum class PrivProtocol { none, des, aes128, aes192, aes256 };
enum class SecurityLevel { no_auth_no_priv, auth_no_priv, auth_priv };

struct Credentials {
  SnmpVersion version = SnmpVersion::v2c;
  Secret community;  // v1 and v2c

  std::string user;  // v3 from here on
  AuthProtocol auth = AuthProtocol::none;
  Secret auth_password;
  PrivProtocol priv = PrivProtocol::none;
  Secret priv_password;

  [[nodiscard]] SecurityLevel security_level() const;
  void validate() const;
};

std::optional<SnmpVersion> parse_snmp_version(std::string_view text);
std::optional<AuthProtocol> parse_auth_protocol(std::string_view text);
std::optional<PrivProtocol> parse_priv_protocol(std::string_view text);

std::string_view to_string(SnmpVersion version);
std::string_view to_string(AuthProtocol protocol);
std::string_view to_string(PrivProtocol protocol);
std::string_view to_string(SecurityLevel level);

}  // namespace kensa::scanner
