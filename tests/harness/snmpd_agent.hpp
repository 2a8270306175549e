#pragma once
// A real net-snmp snmpd on a free loopback UDP port, configured for a test.
//
// Contract: the constructor returns once the agent answers an SNMPv2c GET
// (checked with net-snmp's own snmpget), or throws with the agent's log.
// The agent, its configuration and its state directory are gone when the
// object is destroyed; if the test process dies, the kernel kills the agent.

#include <cstdint>
#include <string>
#include <vector>

#include "tests/harness/child_process.hpp"

namespace kensa::testing {

struct UsmUser {
  std::string name;
  std::string auth_protocol;  // as net-snmp spells it ("SHA-256"); empty for noAuthNoPriv
  std::string auth_password;
  std::string priv_protocol;  // "AES-256"; empty for no privacy
  std::string priv_password;
};

struct SnmpdSettings {
  std::string descr = "kensa test agent 1.0 (net-snmp)";
  std::string object_id = ".1.3.6.1.4.1.8072.3.2.10";
  std::string name = "kensa-lab-agent";
  std::string contact = "noc@example.net";
  std::string location = "Test rack 7, row B";
  std::string community = "kensa-community-4e1";
  std::vector<UsmUser> users = default_users();
  std::vector<std::string> extra_config;
  // Where it listens: 127.0.0.1, or 0.0.0.0 to answer on every loopback
  // address (127.0.0.0/8) of the chosen port, as a fleet of devices would.
  std::string listen_address = "127.0.0.1";

  // One user per security level and per protocol pair this net-snmp supports:
  // noAuthNoPriv; authNoPriv with MD5 and SHA; authPriv with MD5/DES,
  // SHA/AES, SHA-256/AES-256, SHA-512/AES-192, SHA/AES-256, SHA-224/AES
  // and SHA-384/AES-256.
  static std::vector<UsmUser> default_users();
};

class SnmpdAgent {
 public:
  explicit SnmpdAgent(SnmpdSettings settings = {});
  SnmpdAgent(const SnmpdAgent&) = delete;
  SnmpdAgent& operator=(const SnmpdAgent&) = delete;
  ~SnmpdAgent();

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string endpoint() const;  // "127.0.0.1:PORT"
  [[nodiscard]] const SnmpdSettings& settings() const { return settings_; }
  [[nodiscard]] const UsmUser& user(const std::string& name) const;
  [[nodiscard]] const std::filesystem::path& directory() const { return directory_.path(); }

  // Pauses or resumes the agent (SIGSTOP/SIGCONT): a host that goes silent.
  void pause();
  void resume();
  void stop();

 private:
  void write_config() const;
  bool answers() const;

  SnmpdSettings settings_;
  TemporaryDirectory directory_{"kensa-snmpd"};
  std::uint16_t port_ = 0;
  std::optional<BackgroundProcess> process_;
};

// A loopback UDP port that receives but never answers: a silent host (or,
// on port 53, a silent name server). Without arguments a free port of
// 127.0.0.1.
class SilentUdpPort {
 public:
  SilentUdpPort();
  SilentUdpPort(const std::string& address, std::uint16_t port);
  SilentUdpPort(const SilentUdpPort&) = delete;
  SilentUdpPort& operator=(const SilentUdpPort&) = delete;
  ~SilentUdpPort();
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string endpoint() const;
  // Datagrams that have arrived so far (drains the socket).
  std::size_t datagrams_received();

 private:
  int socket_ = -1;
  std::string address_ = "127.0.0.1";
  std::uint16_t port_ = 0;
  std::size_t received_ = 0;
};

// A UDP port on 127.0.0.1 that was free a moment ago.
std::uint16_t free_loopback_udp_port();

}  // namespace kensa::testing
