#pragma once
// Whole SNMP messages through net-snmp, for both sides of the protocol
// (snmp_codec for kensa's requests and the replies to them, agent_codec for
// the simulator). Internal to scanner: it speaks net-snmp's own types.
//
// Contract:
// - parse_untrusted parses bytes of any content into `pdu` with net-snmp's
//   snmp_parse, from a private copy followed by zeroed slack: net-snmp 5.9
//   can read a few bytes past the end of a malformed SNMPv3 message (found
//   by tests/fuzz), and such reads must stay inside memory kensa owns.
//   Returns snmp_parse's status; `session` receives its error number.
//   Datagrams that are empty or longer than 65,535 bytes fail at once.
// - build_message serialises `pdu` (SNMPv3 security applied by net-snmp's
//   USM, as authoritative engine when `authoritative`), or returns nullopt
//   when net-snmp cannot build it (its error number in `error`, when given)
//   or it exceeds max_size.

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "scanner/snmp_codec.hpp"

namespace kensa::scanner {

struct PduFree {
  void operator()(netsnmp_pdu* pdu) const { snmp_free_pdu(pdu); }
};
using PduHandle = std::unique_ptr<netsnmp_pdu, PduFree>;

// A zeroed PDU for snmp_parse to fill.
PduHandle empty_pdu();

int parse_untrusted(std::span<const std::uint8_t> datagram, netsnmp_session& session,
                    netsnmp_pdu* pdu);

std::optional<Bytes> build_message(netsnmp_pdu* pdu, std::size_t max_size,
                                   bool authoritative = false, int* error = nullptr);

}  // namespace kensa::scanner
