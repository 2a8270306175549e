#include "scanner/agent_codec.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "scanner/netsnmp_library.hpp"
#include "scanner/netsnmp_message.hpp"
#include "scanner/usm_protocols.hpp"

namespace kensa::scanner {
namespace {

u_char type_tag(ValueType type) {
  switch (type) {
    case ValueType::integer: return ASN_INTEGER;
    case ValueType::octet_string: return ASN_OCTET_STR;
    case ValueType::null: return ASN_NULL;
    case ValueType::object_id: return ASN_OBJECT_ID;
    case ValueType::ip_address: return ASN_IPADDRESS;
    case ValueType::counter32: return ASN_COUNTER;
    case ValueType::gauge32: return ASN_GAUGE;
    case ValueType::timeticks: return ASN_TIMETICKS;
    case ValueType::opaque: return ASN_OPAQUE;
    case ValueType::counter64: return ASN_COUNTER64;
    case ValueType::no_such_object: return SNMP_NOSUCHOBJECT;
    case ValueType::no_such_instance: return SNMP_NOSUCHINSTANCE;
    case ValueType::end_of_mib_view: return SNMP_ENDOFMIBVIEW;
  }
  return ASN_NULL;
}

void add_varbind(netsnmp_pdu* pdu, const VarBind& varbind) {
  std::array<oid, max_oid_length> name{};
  std::copy(varbind.oid.begin(), varbind.oid.end(), name.begin());
  const SnmpValue& value = varbind.value;
  const u_char tag = type_tag(value.type);
  switch (value.type) {
    case ValueType::integer: {
      long number = static_cast<long>(value.number);
      snmp_pdu_add_variable(pdu, name.data(), varbind.oid.size(), tag, &number, sizeof number);
      return;
    }
    case ValueType::counter32:
    case ValueType::gauge32:
    case ValueType::timeticks: {
      u_long number = static_cast<u_long>(value.unsigned_number() & 0xFFFFFFFFULL);
      snmp_pdu_add_variable(pdu, name.data(), varbind.oid.size(), tag, &number, sizeof number);
      return;
    }
    case ValueType::counter64: {
      counter64 number{};
      number.high = static_cast<u_long>(value.unsigned_number() >> 32U);
      number.low = static_cast<u_long>(value.unsigned_number() & 0xFFFFFFFFULL);
      snmp_pdu_add_variable(pdu, name.data(), varbind.oid.size(), tag, &number, sizeof number);
      return;
    }
    case ValueType::object_id: {
      std::array<oid, max_oid_length> target{};
      std::copy(value.oid.begin(), value.oid.end(), target.begin());
      snmp_pdu_add_variable(pdu, name.data(), varbind.oid.size(), tag, target.data(),
                            value.oid.size() * sizeof(oid));
      return;
    }
    case ValueType::octet_string:
    case ValueType::ip_address:
    case ValueType::opaque:
      snmp_pdu_add_variable(pdu, name.data(), varbind.oid.size(), tag, value.octets.data(),
                            value.octets.size());
      return;
    default:  // NULL and the exceptions carry no value
      snmp_pdu_add_variable(pdu, name.data(), varbind.oid.size(), tag, nullptr, 0);
  }
}

// The security level each enabled user must use, as an agent's access
// rules (snmpd's "rouser NAME priv") would require. Process-wide, like
// net-snmp's USM user table itself.
std::map<std::string, int, std::less<>>& required_levels() {
  static std::map<std::string, int, std::less<>> levels;
  return levels;
}

}  // namespace

std::optional<AgentRequest> decode_request(std::span<const std::uint8_t> datagram) {
  initialise_netsnmp_library();
  netsnmp_session session;
  snmp_sess_init(&session);
  session.isAuthoritative = SNMP_SESS_AUTHORITATIVE;
  PduHandle pdu = empty_pdu();
  if (parse_untrusted(datagram, session, pdu.get()) != 0) {
    if (pdu->version != SNMP_VERSION_3) return std::nullopt;
    // USM refused it: a Report says why (usmStats counters, RFC 3414).
    const int error = session.s_snmp_errno;
    if (error != SNMPERR_USM_UNKNOWNENGINEID && error != SNMPERR_USM_UNKNOWNSECURITYNAME &&
        error != SNMPERR_USM_AUTHENTICATIONFAILURE && error != SNMPERR_USM_NOTINTIMEWINDOW &&
        error != SNMPERR_USM_DECRYPTIONERROR && error != SNMPERR_USM_UNSUPPORTEDSECURITYLEVEL)
      return std::nullopt;
    if (snmpv3_make_report(pdu.get(), error) != SNMPERR_SUCCESS) return std::nullopt;
    AgentRequest request;
    request.version = SnmpVersion::v3;
    request.report = build_message(pdu.get(), 65507, true);
    if (!request.report) return std::nullopt;
    return request;
  }
  if (pdu->version != SNMP_VERSION_1 && pdu->version != SNMP_VERSION_2c &&
      pdu->version != SNMP_VERSION_3)
    return std::nullopt;
  AgentRequest request;
  request.version = pdu->version == SNMP_VERSION_1   ? SnmpVersion::v1
                    : pdu->version == SNMP_VERSION_3 ? SnmpVersion::v3
                                                     : SnmpVersion::v2c;
  if (pdu->community != nullptr)
    request.community.assign(reinterpret_cast<const char*>(pdu->community), pdu->community_len);
  request.request_id = static_cast<std::int32_t>(pdu->reqid);
  switch (pdu->command) {
    case SNMP_MSG_GET: request.kind = RequestKind::get; break;
    case SNMP_MSG_GETNEXT: request.kind = RequestKind::get_next; break;
    case SNMP_MSG_GETBULK:
      if (request.version == SnmpVersion::v1) return std::nullopt;
      request.kind = RequestKind::get_bulk;
      request.bulk_non_repeaters = std::max(0L, pdu->non_repeaters);
      request.bulk_max_repetitions = std::max(0L, pdu->max_repetitions);
      break;
    case SNMP_MSG_SET: request.kind = RequestKind::write; break;
    default: return std::nullopt;
  }
  std::size_t count = 0;
  for (const netsnmp_variable_list* in = pdu->variables; in != nullptr; in = in->next_variable) {
    if (++count > 1000 || in->name_length < 1 || in->name_length > max_oid_length)
      return std::nullopt;
    Oid name(in->name_length);
    for (std::size_t i = 0; i < in->name_length; ++i) {
      if (in->name[i] > 0xFFFFFFFFUL) return std::nullopt;
      name[i] = static_cast<std::uint32_t>(in->name[i]);
    }
    request.oids.push_back(std::move(name));
  }
  if (request.version == SnmpVersion::v3) {
    const std::string user(pdu->securityName != nullptr ? pdu->securityName : "",
                           pdu->securityNameLen);
    const auto required = required_levels().find(user);
    request.below_required_level =
        required == required_levels().end() || pdu->securityLevel < required->second;
    request.v3_message = std::shared_ptr<void>(
        pdu.release(), [](void* message) { snmp_free_pdu(static_cast<netsnmp_pdu*>(message)); });
  }
  return request;
}

std::string local_engine_id() {
  initialise_netsnmp_library();
  std::array<u_char, 64> engine{};
  const size_t length = snmpv3_get_engineID(engine.data(), engine.size());
  return {reinterpret_cast<const char*>(engine.data()), length};
}

void enable_v3_user(const Credentials& credentials) {
  prepare_usm_user(credentials, local_engine_id());
  required_levels()[credentials.user] = netsnmp_security_level(credentials.security_level());
}

std::optional<Bytes> encode_response(const AgentRequest& request, std::span<const VarBind> varbinds,
                                     long error_status, long error_index, std::size_t max_size) {
  initialise_netsnmp_library();
  PduHandle pdu;
  if (request.version == SnmpVersion::v3) {
    // The same user, security level, engine and context as the request.
    if (!request.v3_message) return std::nullopt;
    pdu.reset(snmp_clone_pdu(static_cast<netsnmp_pdu*>(request.v3_message.get())));
    if (!pdu) throw std::bad_alloc();
    snmp_free_varbind(pdu->variables);
    pdu->variables = nullptr;
    pdu->command = SNMP_MSG_RESPONSE;
  } else {
    pdu.reset(snmp_pdu_create(SNMP_MSG_RESPONSE));
    pdu->version = request.version == SnmpVersion::v1 ? SNMP_VERSION_1 : SNMP_VERSION_2c;
    pdu->reqid = request.request_id;
    pdu->community = static_cast<u_char*>(std::malloc(request.community.size() + 1));
    if (pdu->community == nullptr) throw std::bad_alloc();
    std::memcpy(pdu->community, request.community.data(), request.community.size());
    pdu->community_len = request.community.size();
  }
  pdu->errstat = error_status;
  pdu->errindex = error_index;
  for (const VarBind& varbind : varbinds) add_varbind(pdu.get(), varbind);
  return build_message(pdu.get(), max_size, true);
}

}  // namespace kensa::scanner
