#pragma once
// SNMP engine identifiers (RFC 3411, SnmpEngineID).
//
// Contract: engine_id_enterprise returns the IANA private enterprise number
// that the first four octets carry, in both the RFC 3411 format (high bit
// set) and the older RFC 1910 format (high bit clear), or nullopt when the
// identifier is shorter than five octets. It names the vendor of an agent
// before any credential works, since agents reveal their engine id to
// anyone during discovery.

#include <cstdint>
#include <optional>
#include <string_view>

namespace kensa::scanner {

std::optional<std::uint32_t> engine_id_enterprise(std::string_view engine_id);

}  // namespace kensa::scanner
