#pragma once
// SNMP messages to and from bytes, with net-snmp as the BER codec and the
// SNMPv3 USM security engine. No sockets, no sessions: the caller owns I/O.
//
// Contract:
// - Only GET, GETNEXT and GETBULK can be encoded. There is no way to ask
//   this codec for a SET: kensa is read-only by construction.
// - encode_request for SNMPv3 needs prepare_usm_user(credentials, engine_id)
//   first; it throws std::runtime_error when net-snmp cannot build the
//   message. Messages never contain anything but the request and the
//   credentials' own protocol fields.
// - decode_reply accepts untrusted bytes of any length and content. It
//   returns a Reply for a well-formed Response or Report, and otherwise the
//   reason it was dropped; it never throws for bad input.
// - Not thread-safe: net-snmp's USM user list and engine state are process
//   globals. prepare_usm_user makes one (engine id, user) current; encode
//   and decode use whatever is current at that moment, so a caller that
//   suspends between them must make its user current again (the engine's
//   before_decode does). Call every function from one thread.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "scanner/credentials.hpp"
#include "scanner/snmp_value.hpp"

namespace kensa::scanner {

enum class RequestType { get, get_next, get_bulk };

struct Request {
  RequestType type = RequestType::get;
  std::int32_t request_id = 0;
  std::span<const Oid> oids;  // not owned: the caller keeps them alive until encoded
  int repetitions = 0;        // GETBULK max-repetitions; non-repeaters is always 0
};

using Bytes = std::vector<std::uint8_t>;

Bytes encode_request(const Request& request, const Credentials& credentials,
                     std::string_view engine_id = {});

// An SNMPv3 GET with no user and no engine id: the agent answers with a
// Report that reveals its engine id, boots and time (RFC 3414, 4).
Bytes encode_discovery(std::int32_t request_id);

// Makes `credentials` usable with the agent whose engine id is `engine_id`:
// keys are derived from the passwords once per credential and localised per
// engine. Repeated calls are cheap.
void prepare_usm_user(const Credentials& credentials, std::string_view engine_id);

// Which usmStats counter an SNMPv3 Report names.
enum class ReportKind {
  none,
  unknown_engine_id,
  not_in_time_window,
  unknown_user_name,
  wrong_digest,
  decryption_error,
  unsupported_security_level,
  other,
};

struct Reply {
  std::int32_t request_id = 0;
  std::int32_t message_id = 0;  // SNMPv3 msgID, which kensa sets equal to the request-id
  bool is_report = false;
  ReportKind report = ReportKind::none;
  long error_status = 0;
  long error_index = 0;
  std::vector<VarBind> varbinds;
  std::string engine_id;  // SNMPv3 authoritative engine id; empty for v1/v2c
};

enum class DropReason {
  malformed,    // not BER, not SNMP, or a field out of range
  security,     // SNMPv3: authentication or decryption of the reply failed
  oversized,    // a value or the varbind list is larger than the limits
  not_a_reply,  // a well-formed message that is not a Response or Report
};

struct DecodeLimits {
  std::size_t max_value_octets = 16384;
  std::size_t max_varbinds = 4096;
};

std::variant<Reply, DropReason> decode_reply(std::span<const std::uint8_t> datagram,
                                             const DecodeLimits& limits);

// The msgID of an SNMPv3 message (RFC 3412, 6: the first field of
// msgGlobalData, never encrypted), read without decoding anything else:
// which exchange a reply belongs to, before its security is checked.
// nullopt for anything that is not an SNMPv3 message with a msgID in
// 1..2^31-1; accepts untrusted bytes.
std::optional<std::int32_t> snmpv3_message_id(std::span<const std::uint8_t> datagram);

std::string_view to_string(DropReason reason);

}  // namespace kensa::scanner
