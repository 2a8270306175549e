#include "scanner/snmp_codec.hpp"

#include <openssl/crypto.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "scanner/netsnmp_library.hpp"
#include "scanner/netsnmp_message.hpp"
#include "scanner/usm_protocols.hpp"

namespace kensa::scanner {
namespace {

constexpr std::size_t largest_request = 65535;

// net-snmp frees these fields with free(): give it malloc'd copies.
u_char* malloc_copy(std::string_view bytes) {
  auto* copy = static_cast<u_char*>(std::malloc(bytes.empty() ? 1 : bytes.size()));
  if (copy == nullptr) throw std::bad_alloc();
  if (!bytes.empty()) std::memcpy(copy, bytes.data(), bytes.size());
  return copy;
}

char* malloc_string(std::string_view text) {
  auto* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) throw std::bad_alloc();
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

int pdu_command(RequestType type) {
  switch (type) {
    case RequestType::get: return SNMP_MSG_GET;
    case RequestType::get_next: return SNMP_MSG_GETNEXT;
    case RequestType::get_bulk: return SNMP_MSG_GETBULK;
  }
  return SNMP_MSG_GET;
}

long netsnmp_version(SnmpVersion version) {
  switch (version) {
    case SnmpVersion::v1: return SNMP_VERSION_1;
    case SnmpVersion::v2c: return SNMP_VERSION_2c;
    case SnmpVersion::v3: return SNMP_VERSION_3;
  }
  return SNMP_VERSION_2c;
}

void add_null_varbinds(netsnmp_pdu* pdu, std::span<const Oid> oids) {
  for (const Oid& name : oids) {
    std::array<oid, max_oid_length> parts{};
    std::copy(name.begin(), name.end(), parts.begin());
    snmp_add_null_var(pdu, parts.data(), name.size());
  }
}

Bytes build(netsnmp_pdu* pdu) {
  int error = 0;
  auto message = build_message(pdu, largest_request, false, &error);
  if (!message)
    throw std::runtime_error(std::string("cannot encode the SNMP request: ") +
                             snmp_api_errstring(error));
  return std::move(*message);
}

// The msgID equals the request-id: a Report about a message the agent could
// not authenticate or decrypt carries only the msgID (RFC 3412, 7.1).
void set_v3_fields(netsnmp_pdu* pdu, std::string_view user, int level, std::string_view engine) {
  pdu->securityModel = SNMP_SEC_MODEL_USM;
  pdu->securityLevel = level;
  pdu->securityName = malloc_string(user);
  pdu->securityNameLen = user.size();
  pdu->securityEngineID = malloc_copy(engine);
  pdu->securityEngineIDLen = engine.size();
  pdu->contextEngineID = malloc_copy(engine);
  pdu->contextEngineIDLen = engine.size();
  pdu->contextName = malloc_string("");
  pdu->contextNameLen = 0;
  pdu->msgid = pdu->reqid;
}

ReportKind report_kind(netsnmp_pdu* pdu) {
  switch (snmpv3_get_report_type(pdu)) {
    case SNMPERR_UNKNOWN_ENG_ID: return ReportKind::unknown_engine_id;
    case SNMPERR_NOT_IN_TIME_WINDOW: return ReportKind::not_in_time_window;
    case SNMPERR_UNKNOWN_USER_NAME: return ReportKind::unknown_user_name;
    case SNMPERR_AUTHENTICATION_FAILURE: return ReportKind::wrong_digest;
    case SNMPERR_DECRYPTION_ERR: return ReportKind::decryption_error;
    case SNMPERR_UNSUPPORTED_SEC_LEVEL: return ReportKind::unsupported_security_level;
    default: return ReportKind::other;
  }
}

// Converts one varbind; false when a field is out of range or too large.
bool convert(const netsnmp_variable_list& in, VarBind& out, const DecodeLimits& limits,
             DropReason& reason) {
  reason = DropReason::malformed;
  if (in.name_length < 1 || in.name_length > max_oid_length) return false;
  out.oid.resize(in.name_length);
  for (std::size_t i = 0; i < in.name_length; ++i) {
    if (in.name[i] > 0xFFFFFFFFUL) return false;
    out.oid[i] = static_cast<std::uint32_t>(in.name[i]);
  }
  SnmpValue& value = out.value;
  const auto take_octets = [&](ValueType type) {
    value.type = type;
    if (in.val_len > limits.max_value_octets) {
      reason = DropReason::oversized;
      return false;
    }
    if (in.val_len > 0 && in.val.string != nullptr)
      value.octets.assign(reinterpret_cast<const char*>(in.val.string), in.val_len);
    return true;
  };
  switch (in.type) {
    case ASN_INTEGER:
      value.type = ValueType::integer;
      value.number = in.val.integer != nullptr ? *in.val.integer : 0;
      return true;
    case ASN_OCTET_STR: return take_octets(ValueType::octet_string);
    case ASN_IPADDRESS: return take_octets(ValueType::ip_address);
    case ASN_OPAQUE: return take_octets(ValueType::opaque);
    case ASN_NULL: value.type = ValueType::null; return true;
    case ASN_OBJECT_ID: {
      value.type = ValueType::object_id;
      const std::size_t count = in.val_len / sizeof(oid);
      if (count > max_oid_length || in.val.objid == nullptr) return false;
      value.oid.resize(count);
      for (std::size_t i = 0; i < count; ++i) {
        if (in.val.objid[i] > 0xFFFFFFFFUL) return false;
        value.oid[i] = static_cast<std::uint32_t>(in.val.objid[i]);
      }
      return true;
    }
    case ASN_COUNTER:
    case ASN_GAUGE:
    case ASN_TIMETICKS:
      value.type = in.type == ASN_COUNTER ? ValueType::counter32
                   : in.type == ASN_GAUGE ? ValueType::gauge32
                                          : ValueType::timeticks;
      value.number =
          in.val.integer != nullptr
              ? static_cast<std::int64_t>(static_cast<u_long>(*in.val.integer) & 0xFFFFFFFFUL)
              : 0;
      return true;
    case ASN_COUNTER64:
      value.type = ValueType::counter64;
      if (in.val.counter64 == nullptr) return false;
      value.number =
          static_cast<std::int64_t>((static_cast<std::uint64_t>(in.val.counter64->high) << 32U) |
                                    (in.val.counter64->low & 0xFFFFFFFFUL));
      return true;
    case SNMP_NOSUCHOBJECT: value.type = ValueType::no_such_object; return true;
    case SNMP_NOSUCHINSTANCE: value.type = ValueType::no_such_instance; return true;
    case SNMP_ENDOFMIBVIEW: value.type = ValueType::end_of_mib_view; return true;
    default:
      // Types outside SMIv2 (opaque-wrapped floats and the like): kept as raw octets.
      return take_octets(ValueType::opaque);
  }
}

}  // namespace

Bytes encode_request(const Request& request, const Credentials& credentials,
                     std::string_view engine_id) {
  initialise_netsnmp_library();
  PduHandle pdu(snmp_pdu_create(pdu_command(request.type)));
  pdu->version = netsnmp_version(credentials.version);
  pdu->reqid = request.request_id;
  if (request.type == RequestType::get_bulk) {
    pdu->non_repeaters = 0;
    pdu->max_repetitions = request.repetitions;
  }
  if (credentials.version == SnmpVersion::v3) {
    set_v3_fields(pdu.get(), credentials.user, netsnmp_security_level(credentials.security_level()),
                  engine_id);
  } else {
    const std::string& community = credentials.community.reveal();
    pdu->community = malloc_copy(community);
    pdu->community_len = community.size();
  }
  add_null_varbinds(pdu.get(), request.oids);
  Bytes message = build(pdu.get());
  if (pdu->community != nullptr) OPENSSL_cleanse(pdu->community, pdu->community_len);
  return message;
}

Bytes encode_discovery(std::int32_t request_id) {
  initialise_netsnmp_library();
  PduHandle pdu(snmp_pdu_create(SNMP_MSG_GET));
  pdu->version = SNMP_VERSION_3;
  pdu->reqid = request_id;
  set_v3_fields(pdu.get(), "", SNMP_SEC_LEVEL_NOAUTH, "");
  return build(pdu.get());
}

std::variant<Reply, DropReason> decode_reply(std::span<const std::uint8_t> datagram,
                                             const DecodeLimits& limits) {
  initialise_netsnmp_library();
  netsnmp_session session;
  snmp_sess_init(&session);
  PduHandle pdu = empty_pdu();
  if (parse_untrusted(datagram, session, pdu.get()) != 0) {
    const int error = session.s_snmp_errno;
    const bool security =
        error == SNMPERR_AUTHENTICATION_FAILURE || error == SNMPERR_DECRYPTION_ERR ||
        error == SNMPERR_USM_AUTHENTICATIONFAILURE || error == SNMPERR_USM_DECRYPTIONERROR ||
        error == SNMPERR_USM_UNKNOWNSECURITYNAME || error == SNMPERR_UNKNOWN_USER_NAME;
    return security ? DropReason::security : DropReason::malformed;
  }
  if (pdu->command != SNMP_MSG_RESPONSE && pdu->command != SNMP_MSG_REPORT)
    return DropReason::not_a_reply;
  if (pdu->reqid < 0 || pdu->reqid > 0x7FFFFFFF) return DropReason::malformed;

  Reply reply;
  reply.request_id = static_cast<std::int32_t>(pdu->reqid);
  if (pdu->version == SNMP_VERSION_3 && pdu->msgid > 0 && pdu->msgid <= 0x7FFFFFFF)
    reply.message_id = static_cast<std::int32_t>(pdu->msgid);
  reply.is_report = pdu->command == SNMP_MSG_REPORT;
  if (reply.is_report) reply.report = report_kind(pdu.get());
  reply.error_status = pdu->errstat;
  reply.error_index = pdu->errindex;
  if (pdu->version == SNMP_VERSION_3 && pdu->securityEngineID != nullptr)
    reply.engine_id.assign(reinterpret_cast<const char*>(pdu->securityEngineID),
                           std::min<std::size_t>(pdu->securityEngineIDLen, 32));
  std::size_t count = 0;
  for (const netsnmp_variable_list* in = pdu->variables; in != nullptr; in = in->next_variable) {
    if (++count > limits.max_varbinds) return DropReason::oversized;
    VarBind varbind;
    DropReason reason{};
    if (!convert(*in, varbind, limits, reason)) return reason;
    reply.varbinds.push_back(std::move(varbind));
  }
  return reply;
}

std::optional<std::int32_t> snmpv3_message_id(std::span<const std::uint8_t> datagram) {
  std::size_t at = 0;
  // A BER tag and definite length whose contents lie inside the datagram.
  const auto enter = [&](std::uint8_t tag, std::size_t& length) {
    if (at + 2 > datagram.size() || datagram[at] != tag) return false;
    const std::uint8_t first = datagram[at + 1];
    at += 2;
    length = first;
    if (first & 0x80U) {
      const std::size_t octets = first & 0x7FU;
      if (octets == 0 || octets > 4 || at + octets > datagram.size()) return false;
      length = 0;
      for (std::size_t i = 0; i < octets; ++i) length = (length << 8U) | datagram[at++];
    }
    return length <= datagram.size() - at;
  };
  // A non-negative INTEGER of at most 31 bits.
  const auto small_integer = [&]() -> std::optional<std::uint32_t> {
    std::size_t length = 0;
    if (!enter(0x02, length) || length == 0 || length > 5 || (datagram[at] & 0x80U))
      return std::nullopt;
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < length; ++i) value = (value << 8U) | datagram[at++];
    if (value > 0x7FFFFFFF) return std::nullopt;
    return static_cast<std::uint32_t>(value);
  };
  std::size_t length = 0;
  if (!enter(0x30, length)) return std::nullopt;
  const auto version = small_integer();
  if (!version || *version != SNMP_VERSION_3 || !enter(0x30, length)) return std::nullopt;
  const auto message_id = small_integer();
  if (!message_id || *message_id == 0) return std::nullopt;
  return static_cast<std::int32_t>(*message_id);
}

std::string_view to_string(DropReason reason) {
  switch (reason) {
    case DropReason::malformed: return "malformed";
    case DropReason::security: return "security";
    case DropReason::oversized: return "oversized";
    case DropReason::not_a_reply: return "not_a_reply";
  }
  return "unknown";
}

}  // namespace kensa::scanner
