#pragma once
// The agent's side of SNMP messages, for `kensa simulate`: requests from
// bytes, responses to bytes, with net-snmp as the BER codec.
//
// Contract:
// - decode_request accepts untrusted bytes of any length and content (it
//   parses a private copy followed by zeroed slack, as decode_reply does)
//   and returns the request, or nullopt for anything that is not a
//   well-formed request. It never throws for bad input.
// - SNMPv3: the agent is authoritative, with the engine id
//   local_engine_id() returns and the users enable_v3_user entered (keys
//   localised to that engine). A v3 message that USM refuses (discovery
//   without an engine id, an unknown user, a wrong digest, a message out
//   of the time window, a decryption error) decodes to a request whose
//   `report` holds the Report to send back (RFC 3414, 3.2); one that USM
//   accepts decodes like any request, and encode_response answers it with
//   the same user and security level.
// - encode_response answers a request with its varbinds (values or the
//   exceptions noSuchObject, noSuchInstance, endOfMibView), error status and
//   index. It returns nullopt when the message would exceed max_size: the
//   caller then answers GETBULK with fewer varbinds, or tooBig.
// - A SET or any other write arrives as RequestKind::write: the simulator
//   answers it with an error and changes nothing.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scanner/credentials.hpp"
#include "scanner/snmp_codec.hpp"
#include "scanner/snmp_value.hpp"

namespace kensa::scanner {

enum class RequestKind { get, get_next, get_bulk, write };

struct AgentRequest {
  SnmpVersion version = SnmpVersion::v2c;
  // SNMPv3: the parsed message the response reuses (type-erased net-snmp
  // PDU), or the Report to send instead of any response.
  std::shared_ptr<void> v3_message;
  std::optional<Bytes> report;
  // SNMPv3 at a lower security level than its user was enabled with: to be
  // refused with authorizationError, as an agent's access rules would.
  bool below_required_level = false;
  std::string community;
  std::int32_t request_id = 0;
  RequestKind kind = RequestKind::get;
  long bulk_non_repeaters = 0, bulk_max_repetitions = 0;  // net-snmp #defines the plain names
  std::vector<Oid> oids;
};

std::optional<AgentRequest> decode_request(std::span<const std::uint8_t> datagram);

// The agent's SNMPv3 engine id (net-snmp's local engine id).
std::string local_engine_id();
// Lets `credentials` (an SNMPv3 user) talk to this agent.
void enable_v3_user(const Credentials& credentials);

// error_status values of RFC 3416 the simulator uses.
inline constexpr long snmp_error_too_big = 1;
inline constexpr long snmp_error_no_such_name = 2;  // SNMPv1 only
inline constexpr long snmp_error_read_only = 4;     // SNMPv1 only
inline constexpr long snmp_error_no_access = 6;
inline constexpr long snmp_error_authorization = 16;

std::optional<Bytes> encode_response(const AgentRequest& request, std::span<const VarBind> varbinds,
                                     long error_status, long error_index, std::size_t max_size);

}  // namespace kensa::scanner
