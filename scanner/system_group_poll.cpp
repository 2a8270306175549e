// poll_system_group over net-snmp's synchronous single-session API: one
// device at a time, blocking. Used by `kensa poll` until the asynchronous
// engine takes over.

#include <openssl/crypto.h>

#include <array>
#include <cstdio>
#include <memory>
#include <span>
#include <vector>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "scanner/netsnmp_library.hpp"
#include "scanner/system_group.hpp"

namespace kensa::scanner {
namespace {

// sysDescr, sysObjectID, sysUpTime, sysContact, sysName, sysLocation (.0).
constexpr std::array<unsigned, 6> system_columns{1, 2, 3, 4, 5, 6};

struct SessionCloser {
  void operator()(void* session) const { snmp_sess_close(session); }
};
using SessionHandle = std::unique_ptr<void, SessionCloser>;

struct PduFree {
  void operator()(netsnmp_pdu* pdu) const { snmp_free_pdu(pdu); }
};
using PduHandle = std::unique_ptr<netsnmp_pdu, PduFree>;

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

u_char* octets(const std::string& text) {
  // net-snmp's API takes non-const buffers that it only reads.
  return reinterpret_cast<u_char*>(const_cast<char*>(text.data()));
}

// A session template with the credentials applied; the localized keys are
// derived by net-snmp when the session opens. Throws std::invalid_argument
// when net-snmp cannot derive a key.
struct SessionTemplate {
  netsnmp_session session{};
  std::string peer_name;

  SessionTemplate(const SessionTemplate&) = delete;
  SessionTemplate& operator=(const SessionTemplate&) = delete;
  SessionTemplate(const Endpoint& target, const Credentials& credentials,
                  const PollOptions& options, int retries) {
    snmp_sess_init(&session);
    peer_name = target.netsnmp_peer_name();
    session.peername = peer_name.data();
    session.timeout = static_cast<long>(options.timeout.count()) * 1000L;
    session.retries = retries;
    switch (credentials.version) {
      case SnmpVersion::v1: session.version = SNMP_VERSION_1; break;
      case SnmpVersion::v2c: session.version = SNMP_VERSION_2c; break;
      case SnmpVersion::v3: session.version = SNMP_VERSION_3; break;
    }
    if (credentials.version != SnmpVersion::v3) {
      session.community = octets(credentials.community.reveal());
      session.community_len = credentials.community.reveal().size();
      return;
    }
    session.securityName = const_cast<char*>(credentials.user.c_str());
    session.securityNameLen = credentials.user.size();
    session.securityLevel = netsnmp_security_level(credentials.security_level());
    if (credentials.auth == AuthProtocol::none) return;

    const auto auth_oid = auth_protocol_oid(credentials.auth);
    session.securityAuthProto = auth_oid.data();
    session.securityAuthProtoLen = auth_oid.size();
    session.securityAuthKeyLen = USM_AUTH_KU_LEN;
    const std::string& auth_password = credentials.auth_password.reveal();
    if (generate_Ku(auth_oid.data(), static_cast<u_int>(auth_oid.size()), octets(auth_password),
                    auth_password.size(), session.securityAuthKey,
                    &session.securityAuthKeyLen) != SNMPERR_SUCCESS)
      throw std::invalid_argument("cannot derive a key from the authentication password");
    if (credentials.priv == PrivProtocol::none) return;

    const auto priv_oid = priv_protocol_oid(credentials.priv);
    session.securityPrivProto = priv_oid.data();
    session.securityPrivProtoLen = priv_oid.size();
    session.securityPrivKeyLen = USM_PRIV_KU_LEN;
    const std::string& priv_password = credentials.priv_password.reveal();
    if (generate_Ku(auth_oid.data(), static_cast<u_int>(auth_oid.size()), octets(priv_password),
                    priv_password.size(), session.securityPrivKey,
                    &session.securityPrivKeyLen) != SNMPERR_SUCCESS)
      throw std::invalid_argument("cannot derive a key from the privacy password");
  }

  ~SessionTemplate() {
    OPENSSL_cleanse(session.securityAuthKey, sizeof session.securityAuthKey);
    OPENSSL_cleanse(session.securityPrivKey, sizeof session.securityPrivKey);
  }
};

std::string no_response_message(const Endpoint& target, const Credentials& credentials,
                                const PollOptions& options) {
  std::string message = "no answer from " + target.display() + " after " +
                        std::to_string(options.retries + 1) + " attempt(s) of " +
                        std::to_string(options.timeout.count()) + " ms: the host may be down, " +
                        "filtered, or not running SNMP on that port";
  if (credentials.version != SnmpVersion::v3)
    message += ", or the community may be wrong (an SNMP agent does not answer a wrong community)";
  return message;
}

PollOutcome outcome_of_library_error(int snmp_errno, const Endpoint& target,
                                     const Credentials& credentials, const PollOptions& options) {
  const std::string where = target.display();
  const std::string user = "'" + credentials.user + "'";
  switch (snmp_errno) {
    case SNMPERR_TIMEOUT:
      return {PollStatus::no_response, no_response_message(target, credentials, options)};
    case SNMPERR_UNKNOWN_USER_NAME:
      return {PollStatus::unknown_user,
              where + " does not know SNMPv3 user " + user + " (usmStatsUnknownUserNames)"};
    case SNMPERR_AUTHENTICATION_FAILURE:
      return {PollStatus::wrong_auth_password,
              where + " rejected the authentication of SNMPv3 user " + user +
                  ": wrong authentication password or protocol (" +
                  std::string(to_string(credentials.auth)) + " was used; usmStatsWrongDigests)"};
    case SNMPERR_DECRYPTION_ERR:
      return {PollStatus::wrong_priv_password,
              where + " could not decrypt the request of SNMPv3 user " + user +
                  ": wrong privacy password or protocol (usmStatsDecryptionErrors)"};
    case SNMPERR_UNSUPPORTED_SEC_LEVEL:
      return {PollStatus::unsupported_security_level,
              where + " does not allow SNMPv3 user " + user + " at security level " +
                  std::string(to_string(credentials.security_level())) +
                  " (usmStatsUnsupportedSecLevels)"};
    case SNMPERR_NOT_IN_TIME_WINDOW:
      return {PollStatus::not_in_time_window,
              where +
                  " kept reporting the request outside its time window after "
                  "resynchronisation (usmStatsNotInTimeWindows)"};
    case SNMPERR_BAD_ADDRESS:
      return {PollStatus::transport_error, "cannot resolve or use the address " + where};
    default:
      return {PollStatus::transport_error,
              "cannot query " + where + ": " + snmp_api_errstring(snmp_errno)};
  }
}

std::string octet_string(const netsnmp_variable_list& variable) {
  const std::size_t length = std::min<std::size_t>(variable.val_len, max_value_octets);
  return {reinterpret_cast<const char*>(variable.val.string), length};
}

std::string dotted_oid(const oid* parts, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text.push_back('.');
    text += std::to_string(parts[i]);
  }
  return text;
}

void store_value(SystemGroup& system, unsigned column, const netsnmp_variable_list& variable) {
  const bool is_string = variable.type == ASN_OCTET_STR;
  switch (column) {
    case 1:
      if (is_string) system.descr = octet_string(variable);
      break;
    case 2:
      if (variable.type == ASN_OBJECT_ID)
        system.object_id = dotted_oid(variable.val.objid, variable.val_len / sizeof(oid));
      break;
    case 3:
      if (variable.type == ASN_TIMETICKS)
        system.uptime = static_cast<std::uint32_t>(*variable.val.integer);
      break;
    case 4:
      if (is_string) system.contact = octet_string(variable);
      break;
    case 5:
      if (is_string) system.name = octet_string(variable);
      break;
    case 6:
      if (is_string) system.location = octet_string(variable);
      break;
    default: break;
  }
}

// The column of sysX.0 that `variable` names, or 0 for anything else.
unsigned system_column_of(const netsnmp_variable_list& variable) {
  static constexpr std::array<oid, 7> prefix{1, 3, 6, 1, 2, 1, 1};
  if (variable.name_length != prefix.size() + 2) return 0;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (variable.name[i] != prefix[i]) return 0;
  if (variable.name[prefix.size() + 1] != 0) return 0;
  return static_cast<unsigned>(variable.name[prefix.size()]);
}

PduHandle system_get_pdu(const std::vector<unsigned>& columns) {
  PduHandle pdu(snmp_pdu_create(SNMP_MSG_GET));
  for (unsigned column : columns) {
    const std::array<oid, 9> name{1, 3, 6, 1, 2, 1, 1, column, 0};
    snmp_add_null_var(pdu.get(), name.data(), name.size());
  }
  return pdu;
}

struct Exchange {
  int status = STAT_ERROR;
  PduHandle response;
  int library_error = SNMPERR_SUCCESS;
};

Exchange exchange(void* session, PduHandle request) {
  Exchange result;
  netsnmp_pdu* response = nullptr;
  result.status = snmp_sess_synch_response(session, request.release(), &response);
  result.response.reset(response);
  if (result.status != STAT_SUCCESS) {
    int system_errno = 0;
    char* text = nullptr;
    snmp_sess_error(session, &system_errno, &result.library_error, &text);
    std::free(text);
    if (result.status == STAT_TIMEOUT) result.library_error = SNMPERR_TIMEOUT;
  }
  return result;
}

struct OpenSession {
  SessionHandle handle;
  int library_error = SNMPERR_SUCCESS;
};

// Opening a v3 session discovers the agent's engine id and time, which is
// itself an exchange that can time out or be refused.
OpenSession open_session(const Endpoint& target, const Credentials& credentials,
                         const PollOptions& options, int retries) {
  SessionTemplate settings(target, credentials, options, retries);
  OpenSession opened;
  opened.handle.reset(snmp_sess_open(&settings.session));
  if (!opened.handle) {
    opened.library_error = settings.session.s_snmp_errno;
    if (opened.library_error == SNMPERR_SUCCESS) opened.library_error = SNMPERR_GENERR;
  }
  return opened;
}

// An authPriv request that goes unanswered while the same user is answered
// without privacy means the agent could not decrypt it: net-snmp's agent
// drops such requests silently instead of reporting usmStatsDecryptionErrors.
bool privacy_is_the_problem(const Endpoint& target, const Credentials& credentials,
                            const PollOptions& options) {
  Credentials without_privacy = credentials;
  without_privacy.priv = PrivProtocol::none;
  without_privacy.priv_password = Secret{};
  OpenSession opened = open_session(target, without_privacy, options, 0);
  if (!opened.handle) return false;
  const Exchange probe = exchange(opened.handle.get(), system_get_pdu({1}));
  return probe.status == STAT_SUCCESS || probe.library_error == SNMPERR_UNSUPPORTED_SEC_LEVEL;
}

}  // namespace

SystemGroupPoll poll_system_group(const Endpoint& target, const Credentials& credentials,
                                  const PollOptions& options) {
  credentials.validate();
  initialise_netsnmp_library();

  SystemGroupPoll poll;
  OpenSession opened = open_session(target, credentials, options, options.retries);
  if (!opened.handle) {
    poll.outcome = outcome_of_library_error(opened.library_error, target, credentials, options);
    return poll;
  }

  std::vector<unsigned> columns(system_columns.begin(), system_columns.end());
  while (!columns.empty()) {
    Exchange answer = exchange(opened.handle.get(), system_get_pdu(columns));
    if (answer.status != STAT_SUCCESS) {
      poll.outcome = outcome_of_library_error(answer.library_error, target, credentials, options);
      if (poll.outcome.status == PollStatus::no_response &&
          credentials.security_level() == SecurityLevel::auth_priv &&
          privacy_is_the_problem(target, credentials, options))
        poll.outcome = {PollStatus::wrong_priv_password,
                        target.display() + " accepts SNMPv3 user '" + credentials.user +
                            "' and its authentication password but does not answer encrypted "
                            "requests: wrong privacy password or protocol (" +
                            std::string(to_string(credentials.priv)) + " was used)"};
      return poll;
    }
    const netsnmp_pdu& response = *answer.response;
    if (credentials.version == SnmpVersion::v3)
      poll.engine_id.assign(reinterpret_cast<const char*>(response.securityEngineID),
                            response.securityEngineIDLen);
    // SNMPv1 has no per-varbind exceptions: a missing column fails the whole
    // GET with noSuchName at its index, so ask again without it.
    if (response.errstat == SNMP_ERR_NOSUCHNAME && response.errindex >= 1 &&
        static_cast<std::size_t>(response.errindex) <= columns.size()) {
      columns.erase(columns.begin() + (response.errindex - 1));
      continue;
    }
    if (response.errstat != SNMP_ERR_NOERROR) {
      poll.outcome = {PollStatus::agent_error,
                      target.display() + " answered with error-status " +
                          std::to_string(response.errstat) + " (" +
                          snmp_errstring(static_cast<int>(response.errstat)) + ")"};
      return poll;
    }
    for (const netsnmp_variable_list* variable = response.variables; variable != nullptr;
         variable = variable->next_variable)
      store_value(poll.system, system_column_of(*variable), *variable);
    break;
  }
  poll.outcome = {PollStatus::ok, {}};
  return poll;
}

std::string format_uptime(std::uint32_t ticks) {
  const std::uint32_t hundredths = ticks % 100;
  std::uint32_t seconds = ticks / 100;
  const std::uint32_t days = seconds / 86400;
  seconds %= 86400;
  std::array<char, 48> text{};
  std::snprintf(text.data(), text.size(), "%ud %02u:%02u:%02u.%02u", days, seconds / 3600,
                (seconds / 60) % 60, seconds % 60, hundredths);
  return text.data();
}

}  // namespace kensa::scanner
