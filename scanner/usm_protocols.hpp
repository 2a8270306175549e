#pragma once
// kensa's SNMPv3 protocol names mapped to net-snmp's identifiers. Internal
// to scanner/: only files that already speak net-snmp include this.

#include <span>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "scanner/credentials.hpp"

namespace kensa::scanner {

std::span<oid> auth_protocol_oid(AuthProtocol protocol);
std::span<oid> priv_protocol_oid(PrivProtocol protocol);
int netsnmp_security_level(SecurityLevel level);

}  // namespace kensa::scanner
