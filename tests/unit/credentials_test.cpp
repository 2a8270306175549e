#include <doctest/doctest.h>

#include <stdexcept>

#include "scanner/credentials.hpp"

using namespace kensa::scanner;

TEST_CASE("protocol names are read in net-snmp's spellings, case-insensitively") {
  CHECK(parse_auth_protocol("SHA") == AuthProtocol::sha1);
  CHECK(parse_auth_protocol("sha-1") == AuthProtocol::sha1);
  CHECK(parse_auth_protocol("SHA-256") == AuthProtocol::sha256);
  CHECK(parse_auth_protocol("sha512") == AuthProtocol::sha512);
  CHECK(parse_auth_protocol("md5") == AuthProtocol::md5);
  CHECK_FALSE(parse_auth_protocol("SHA-3").has_value());
  CHECK(parse_priv_protocol("AES") == PrivProtocol::aes128);
  CHECK(parse_priv_protocol("aes-256") == PrivProtocol::aes256);
  CHECK(parse_priv_protocol("DES") == PrivProtocol::des);
  CHECK_FALSE(parse_priv_protocol("3DES").has_value());
  CHECK(parse_snmp_version("2c") == SnmpVersion::v2c);
  CHECK(parse_snmp_version("v3") == SnmpVersion::v3);
  CHECK(parse_snmp_version("1") == SnmpVersion::v1);
  CHECK_FALSE(parse_snmp_version("2").has_value());
}

TEST_CASE("the security level follows from the protocols given") {
  Credentials credentials;
  credentials.version = SnmpVersion::v3;
  CHECK(credentials.security_level() == SecurityLevel::no_auth_no_priv);
  credentials.auth = AuthProtocol::sha256;
  CHECK(credentials.security_level() == SecurityLevel::auth_no_priv);
  credentials.priv = PrivProtocol::aes256;
  CHECK(credentials.security_level() == SecurityLevel::auth_priv);
}

TEST_CASE("invalid SNMPv3 credentials are refused without revealing the secret") {
  Credentials credentials;
  credentials.version = SnmpVersion::v3;
  credentials.user = "ops";
  credentials.auth = AuthProtocol::sha1;
  credentials.auth_password = Secret("short7!");
  try {
    credentials.validate();
    FAIL("a 7-character password was accepted");
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    CHECK(message.find("shorter than 8") != std::string::npos);
    CHECK(message.find("short7!") == std::string::npos);
  }

  credentials.auth_password = Secret("long-enough-1");
  credentials.priv = PrivProtocol::aes128;
  CHECK_THROWS_WITH_AS(credentials.validate(), doctest::Contains("no privacy password"),
                       std::invalid_argument);

  Credentials no_user;
  no_user.version = SnmpVersion::v3;
  CHECK_THROWS_WITH_AS(no_user.validate(), doctest::Contains("--v3-user"), std::invalid_argument);

  Credentials priv_without_auth;
  priv_without_auth.version = SnmpVersion::v3;
  priv_without_auth.user = "ops";
  priv_without_auth.priv = PrivProtocol::aes128;
  priv_without_auth.priv_password = Secret("long-enough-2");
  CHECK_THROWS_WITH_AS(priv_without_auth.validate(), doctest::Contains("needs authentication"),
                       std::invalid_argument);
}

TEST_CASE("an empty community is refused") {
  Credentials credentials;
  credentials.version = SnmpVersion::v2c;
  CHECK_THROWS_AS(credentials.validate(), std::invalid_argument);
  credentials.community = Secret("public");
  CHECK_NOTHROW(credentials.validate());
}
