#include "scanner/usm_protocols.hpp"

namespace kensa::scanner {

std::span<oid> auth_protocol_oid(AuthProtocol protocol) {
  switch (protocol) {
    case AuthProtocol::md5: return usmHMACMD5AuthProtocol;
    case AuthProtocol::sha1: return usmHMACSHA1AuthProtocol;
    case AuthProtocol::sha224: return usmHMAC128SHA224AuthProtocol;
    case AuthProtocol::sha256: return usmHMAC192SHA256AuthProtocol;
    case AuthProtocol::sha384: return usmHMAC256SHA384AuthProtocol;
    case AuthProtocol::sha512: return usmHMAC384SHA512AuthProtocol;
    case AuthProtocol::none: break;
  }
  return usmNoAuthProtocol;
}

std::span<oid> priv_protocol_oid(PrivProtocol protocol) {
  switch (protocol) {
    case PrivProtocol::des: return usmDESPrivProtocol;
    case PrivProtocol::aes128: return usmAESPrivProtocol;
    // Blumenthal key extension (draft-blumenthal-aes-usm-04), as net-snmp's
    // own tools use for "AES-192" and "AES-256".
    case PrivProtocol::aes192: return usmAES192PrivProtocol;
    case PrivProtocol::aes256: return usmAES256PrivProtocol;
    case PrivProtocol::none: break;
  }
  return usmNoPrivProtocol;
}

int netsnmp_security_level(SecurityLevel level) {
  switch (level) {
    case SecurityLevel::no_auth_no_priv: return SNMP_SEC_LEVEL_NOAUTH;
    case SecurityLevel::auth_no_priv: return SNMP_SEC_LEVEL_AUTHNOPRIV;
    case SecurityLevel::auth_priv: return SNMP_SEC_LEVEL_AUTHPRIV;
  }
  return SNMP_SEC_LEVEL_NOAUTH;
}

}  // namespace kensa::scanner
