// The LLDP lab: real lldpd daemons in network namespaces, their neighbour
// tables exported through real snmpd over AgentX.

#include <doctest/doctest.h>

#include <algorithm>
#include <iostream>

#include "tests/harness/lldp_lab.hpp"

using namespace kensa::testing;

TEST_CASE("the LLDP lab's hosts see each other in the LLDP-MIB remote table") {
  if (const auto reason = LldpLab::unavailable_reason()) {
    std::cout << "SKIPPED: " << *reason << '\n';
    return;
  }
  std::vector<std::string> namespaces;
  {
    LldpLab lab(3);
    const auto& hosts = lab.hosts();
    for (const auto& host : hosts) namespaces.push_back(host.namespace_name);

    // The middle host sees both ends; each end sees only the middle.
    const auto middle = lab.remote_system_names(1);
    CHECK(std::count(middle.begin(), middle.end(), hosts[0].system_name) == 1);
    CHECK(std::count(middle.begin(), middle.end(), hosts[2].system_name) == 1);
    CHECK(lab.remote_system_names(0) == std::vector<std::string>{hosts[1].system_name});
    CHECK(lab.remote_system_names(2) == std::vector<std::string>{hosts[1].system_name});

    // lldpRemManAddrTable (1.0.8802.1.1.2.1.4.2) is indexed by the
    // neighbour's management address: IPv4 (1), 4 octets, the address.
    const ProcessResult addresses =
        lab.run_in(0, {"snmpbulkwalk", "-v2c", "-c", LldpLab::community(), "-On", "127.0.0.1",
                       "1.0.8802.1.1.2.1.4.2"});
    INFO(addresses.describe());
    CHECK(addresses.out.find(".1.4." + hosts[1].management_address + " = ") != std::string::npos);

    // The neighbour's own snmpd answers on its management address across the link.
    const ProcessResult neighbour =
        lab.run_in(0, {"snmpget", "-v2c", "-c", LldpLab::community(), "-Oqv", "-t", "1",
                       hosts[1].management_address, "1.3.6.1.2.1.1.5.0"});
    INFO(neighbour.describe());
    CHECK(neighbour.out.find("snmpd-" + hosts[1].system_name) != std::string::npos);
  }
  // Everything the lab created is gone.
  const ProcessResult left = run_process({"ip", "netns", "list"});
  for (const auto& name : namespaces)
    CHECK_MESSAGE(left.out.find(name) == std::string::npos, "namespace left behind: ", name);
}
