#pragma once
// An LLDP lab: hosts in network namespaces joined in a chain by veth pairs
// (host 0 - host 1 - ... ), each running a real snmpd and a real lldpd whose
// SNMP subagent is attached to that snmpd over AgentX, so that each host's
// LLDP-MIB remote table (1.0.8802.1.1.2.1.4) lists its neighbours.
//
// Hosts are routed to each other (static routes, forwarding on), so that
// from any host every other host's management address is reachable.
// A host may run lldpd alone (no snmpd): it is then seen only as a
// neighbour. Each host's snmpd may present itself with its own sysDescr and
// sysObjectID, and its lldpd sends the same text as its system description.
//
// Contract: the constructor returns once every snmpd host's lldpRemSysName
// column lists every neighbour it is linked to, or throws with what it saw and the
// daemons' logs. On destruction, or if the constructor throws, every process
// it started is stopped and every namespace (with its veth ends) deleted.
// unavailable_reason() says why a lab cannot be built here (not root, no
// namespaces, lldpd or snmpd missing); tests skip with that reason.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/harness/child_process.hpp"

namespace kensa::testing {

class NetworkNamespace {
 public:
  explicit NetworkNamespace(std::string name);
  NetworkNamespace(NetworkNamespace&& other) noexcept;
  NetworkNamespace& operator=(NetworkNamespace&&) = delete;
  NetworkNamespace(const NetworkNamespace&) = delete;
  NetworkNamespace& operator=(const NetworkNamespace&) = delete;
  ~NetworkNamespace();
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  std::string name_;
};

struct LldpLabHostSpec {
  bool snmpd = true;
  std::string description;  // sysDescr and LLDP system description; empty: the defaults
  std::string object_id;    // sysObjectID; empty: net-snmp's own
};

struct LldpLabHost {
  std::string namespace_name;
  std::string system_name;         // what its lldpd advertises as system name
  std::string management_address;  // IPv4 address its lldpd advertises; its snmpd listens on it
  std::vector<std::size_t> neighbours;
  LldpLabHostSpec spec;
};

class LldpLab {
 public:
  static std::optional<std::string> unavailable_reason();

  explicit LldpLab(std::size_t host_count = 2,
                   std::chrono::seconds neighbour_limit = std::chrono::seconds(30));
  explicit LldpLab(std::vector<LldpLabHostSpec> hosts,
                   std::chrono::seconds neighbour_limit = std::chrono::seconds(30));
  LldpLab(const LldpLab&) = delete;
  LldpLab& operator=(const LldpLab&) = delete;
  ~LldpLab();

  [[nodiscard]] const std::vector<LldpLabHost>& hosts() const { return hosts_; }
  [[nodiscard]] static std::string community() { return "public-lab"; }

  // Runs argv inside host `index`'s namespace.
  ProcessResult run_in(std::size_t index, const std::vector<std::string>& argv,
                       EnvironmentChanges environment = {},
                       std::chrono::seconds limit = std::chrono::seconds(30)) const;

  // Gives host `index`'s snmpd a new sysDescr (a firmware upgrade, as far as
  // SNMP can tell) and returns once it answers with it.
  void set_description(std::size_t index, const std::string& description);

  // snmpInPkts of host `index`'s snmpd: the SNMP messages it has received,
  // this query included.
  std::uint64_t snmp_packets_received(std::size_t index) const;

  // lldpRemSysName values that host `index`'s snmpd reports, read with
  // net-snmp's snmpbulkwalk from inside that host.
  std::vector<std::string> remote_system_names(std::size_t index) const;

 private:
  void start_host(std::size_t index);
  void write_snmpd_config(std::size_t index) const;
  void add_routes();
  void wait_for_neighbours(std::chrono::seconds limit);
  std::string logs() const;

  TemporaryDirectory directory_{"kensa-lldp-lab"};
  std::vector<NetworkNamespace> namespaces_;  // declared before processes_: destroyed after them
  std::vector<LldpLabHost> hosts_;
  std::vector<BackgroundProcess> processes_;
};

}  // namespace kensa::testing
