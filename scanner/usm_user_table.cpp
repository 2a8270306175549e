// prepare_usm_user: kensa's credentials entered into net-snmp's USM user
// table, one entry per (engine id, user name), as USM requires. Passwords
// are turned into keys (Ku, RFC 3414 A.2) once per credential; localising a
// key for an engine is cheap.

#include <openssl/crypto.h>

#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include "scanner/netsnmp_library.hpp"
#include "scanner/snmp_codec.hpp"
#include "scanner/usm_protocols.hpp"

namespace kensa::scanner {
namespace {

struct MasterKey {
  std::array<u_char, USM_AUTH_KU_LEN> bytes{};
  size_t length = 0;
};

class UsmUserTable {
 public:
  void prepare(const Credentials& credentials, std::string_view engine_id) {
    const std::scoped_lock lock(mutex_);
    const std::size_t fingerprint = fingerprint_of(credentials);
    const auto key = std::make_pair(std::string(engine_id), credentials.user);
    const auto known = prepared_.find(key);
    if (known != prepared_.end() && known->second == fingerprint) return;
    if (known != prepared_.end()) forget(engine_id, credentials.user);
    create(credentials, engine_id);
    prepared_[key] = fingerprint;
  }

  ~UsmUserTable() {
    for (auto& [ignored, key] : master_keys_) OPENSSL_cleanse(key.bytes.data(), key.bytes.size());
  }

 private:
  static std::size_t fingerprint_of(const Credentials& credentials) {
    const std::string material = std::to_string(static_cast<int>(credentials.auth)) + '\0' +
                                 credentials.auth_password.reveal() + '\0' +
                                 std::to_string(static_cast<int>(credentials.priv)) + '\0' +
                                 credentials.priv_password.reveal();
    return std::hash<std::string>{}(material);
  }

  const MasterKey& master_key(AuthProtocol auth, const std::string& password) {
    // Keyed by a hash, so that the table holds no password.
    const std::size_t key =
        std::hash<std::string>{}(std::to_string(static_cast<int>(auth)) + '\0' + password);
    auto found = master_keys_.find(key);
    if (found != master_keys_.end()) return found->second;
    MasterKey derived;
    derived.length = derived.bytes.size();
    const auto protocol = auth_protocol_oid(auth);
    if (generate_Ku(protocol.data(), static_cast<u_int>(protocol.size()),
                    reinterpret_cast<const u_char*>(password.data()), password.size(),
                    derived.bytes.data(), &derived.length) != SNMPERR_SUCCESS)
      throw std::invalid_argument("cannot derive an SNMPv3 key from a password");
    return master_keys_.emplace(key, derived).first->second;
  }

  static void forget(std::string_view engine_id, const std::string& user) {
    usmUser* stale = usm_get_user(reinterpret_cast<const u_char*>(engine_id.data()),
                                  engine_id.size(), user.c_str());
    if (stale == nullptr) return;
    usm_remove_user(stale);
    usm_free_user(stale);
  }

  void create(const Credentials& credentials, std::string_view engine_id) {
    netsnmp_session session;
    snmp_sess_init(&session);
    session.version = SNMP_VERSION_3;
    session.securityModel = SNMP_SEC_MODEL_USM;
    session.securityName = const_cast<char*>(credentials.user.c_str());
    session.securityNameLen = credentials.user.size();
    session.securityLevel = netsnmp_security_level(credentials.security_level());
    std::string engine(engine_id);
    session.securityEngineID = reinterpret_cast<u_char*>(engine.data());
    session.securityEngineIDLen = engine.size();
    const auto no_auth = auth_protocol_oid(AuthProtocol::none);
    session.securityAuthProto = no_auth.data();
    session.securityAuthProtoLen = no_auth.size();
    const auto no_priv = priv_protocol_oid(PrivProtocol::none);
    session.securityPrivProto = no_priv.data();
    session.securityPrivProtoLen = no_priv.size();
    if (credentials.auth != AuthProtocol::none) {
      const auto protocol = auth_protocol_oid(credentials.auth);
      session.securityAuthProto = protocol.data();
      session.securityAuthProtoLen = protocol.size();
      const MasterKey& key = master_key(credentials.auth, credentials.auth_password.reveal());
      std::copy_n(key.bytes.data(), key.length, session.securityAuthKey);
      session.securityAuthKeyLen = key.length;
      if (credentials.priv != PrivProtocol::none) {
        const auto privacy = priv_protocol_oid(credentials.priv);
        session.securityPrivProto = privacy.data();
        session.securityPrivProtoLen = privacy.size();
        const MasterKey& priv_key =
            master_key(credentials.auth, credentials.priv_password.reveal());
        std::copy_n(priv_key.bytes.data(), priv_key.length, session.securityPrivKey);
        session.securityPrivKeyLen = priv_key.length;
      }
    }
    const int status = usm_create_user_from_session(&session);
    OPENSSL_cleanse(session.securityAuthKey, sizeof session.securityAuthKey);
    OPENSSL_cleanse(session.securityPrivKey, sizeof session.securityPrivKey);
    if (status != SNMPERR_SUCCESS)
      throw std::runtime_error("net-snmp refused to create the USM user '" + credentials.user +
                               "'");
  }

  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::size_t> prepared_;
  std::map<std::size_t, MasterKey> master_keys_;
};

}  // namespace

void prepare_usm_user(const Credentials& credentials, std::string_view engine_id) {
  initialise_netsnmp_library();
  static UsmUserTable table;
  table.prepare(credentials, engine_id);
}

}  // namespace kensa::scanner
