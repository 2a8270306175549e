// kensa sweep crawling a real LLDP lab: five hosts in network namespaces in a
// chain, each with its own lldpd; four with an snmpd that presents a
// different vendor, one with lldpd alone. The sweep runs inside the middle
// host, is given that one address, and must find the others by following
// LLDP management addresses, within a scope that leaves the last host out.
//
//   h0 (no snmpd, Huawei) - h1 (Juniper) - h2 (Cisco, the seed) - h3 (Arista) - h4 (outside)

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <map>

#include "tests/harness/lldp_lab.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;

namespace {

std::string junos(const std::string& release) {
  return "Juniper Networks, Inc. mx480 internet router, kernel JUNOS " + release +
         ", Build date: 2024-03-14 02:22:26 UTC Copyright (c) 1996-2024 Juniper Networks, Inc.";
}

std::vector<LldpLabHostSpec> lab_hosts() {
  return {
      {false,
       "Huawei Versatile Routing Platform Software VRP (R) software, Version 8.180 "
       "(CE6850EI V200R005C10SPC800)",
       ""},
      {true, junos("18.4R3-S9.2"), ".1.3.6.1.4.1.2636.1.1.1.2.25"},
      {true,
       "Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version "
       "17.3.4, RELEASE SOFTWARE (fc2)",
       ".1.3.6.1.4.1.9.1.2593"},
      {true, "Arista Networks EOS version 4.28.3M running on an Arista Networks DCS-7280SR-48C6",
       ".1.3.6.1.4.1.30065.1.3011.7280.3680.48"},
      {true,
       "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E4, RELEASE "
       "SOFTWARE (fc2)",
       ".1.3.6.1.4.1.9.1.1208"},
  };
}

// Runs kensa inside host `index` of the lab.
ProcessResult kensa_in(const LldpLab& lab, std::size_t index,
                       const std::vector<std::string>& arguments) {
  std::vector<std::string> argv{KENSA_BINARY};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return lab.run_in(index, argv,
                    {{"KENSA_COMMUNITY", std::nullopt},
                     {"KENSA_DB", std::nullopt},
                     {"KENSA_AUTH_PASS", std::nullopt},
                     {"KENSA_PRIV_PASS", std::nullopt}},
                    std::chrono::seconds(120));
}

nlohmann::json json_of(const ProcessResult& result, int expected_exit = 0) {
  INFO(result.describe());
  REQUIRE(result.exit_code == expected_exit);
  return nlohmann::json::parse(result.out);
}

}  // namespace

TEST_CASE(
    "a sweep seeded with one address crawls an LLDP lab, records the host without snmpd as a "
    "neighbour, never contacts what the scope leaves out, and tracks a firmware change") {
  if (const auto reason = LldpLab::unavailable_reason()) {
    std::cout << "SKIPPED: " << *reason << '\n';
    return;
  }
  LldpLab lab(lab_hosts(), std::chrono::seconds(60));
  const auto& hosts = lab.hosts();
  TemporaryDirectory directory;
  const std::string db = (directory.path() / "kensa.db").string();
  const auto community = secret_file(directory, "community", LldpLab::community());
  const auto config = directory.path() / "sweep.toml";
  {
    std::ofstream out(config);
    out << "# The lab's links are 198.18.N.0/30; h4 (198.18.3.2) lies outside the scope.\n"
        << "database = \"" << db << "\"\n"
        << "[scope]\nallow = [\"198.18.0.0/23\", \"198.18.2.0/24\"]\n"
        << "[crawl]\nmax_hops = 3\n"
        << "[engine]\ntimeout_ms = 1000\nretries = 1\n"
        << "[[credentials]]\nversion = \"2c\"\ncommunity_file = \"community\"\n";
  }
  // The register approves the Juniper router's current release only.
  const auto register_file = directory.path() / "register.csv";
  write_file(register_file,
             "vendor,model_pattern,firmware_min,firmware_max,scope,status,case_id,decided_on,"
             "expires_on,note\n"
             "Juniper Networks,mx*,18.4R3-S9.2,18.4R3-S9.2,device,approved,SCR-7,2026-01-05,,\n");
  REQUIRE(
      run_kensa({"feeds", "import", "screening", register_file.string(), "--db", db}).exit_code ==
      0);

  const std::uint64_t outside_before = lab.snmp_packets_received(4);
  const auto first = json_of(kensa_in(
      lab, 2, {"sweep", "--config", config.string(), "--json", hosts[2].management_address}));
  CHECK(first["status"] == "complete");
  // h2 given, h1, h3 and h0 found by crawling; h0 has no snmpd.
  CHECK(first["addresses_probed"] == 4);
  CHECK(first["addresses_answering"] == 3);
  CHECK(first["crawl"]["added"] == 3);
  CHECK(first["crawl"]["out_of_scope"] == 1);  // h4, named by h3
  CHECK(first["devices_found"] == 5);
  CHECK(first["neighbor_only"] == 2);
  CHECK(first["by_vendor"]["Juniper Networks"] == 1);
  CHECK(first["by_vendor"]["Arista Networks"] == 1);
  CHECK(first["by_vendor"]["Huawei"] == 1);
  CHECK(first["by_vendor"]["Cisco"] == 2);  // h2 polled, h4 from its LLDP description
  // Reading the counter is itself one packet: the sweep sent h4 nothing.
  CHECK(lab.snmp_packets_received(4) == outside_before + 1);

  const auto devices = json_of(run_kensa({"inventory", "--db", db, "--json"}));
  REQUIRE(devices.size() == 5);
  std::map<std::string, nlohmann::json> by_vendor_and_role;
  for (const auto& device : devices)
    by_vendor_and_role[device["vendor"].get<std::string>() +
                       (device["neighbor_only"].get<bool>() ? "/neighbour" : "/polled")] = device;
  CHECK(by_vendor_and_role.contains("Huawei/neighbour"));
  CHECK(by_vendor_and_role.contains("Cisco/neighbour"));
  CHECK(by_vendor_and_role.contains("Cisco/polled"));
  CHECK(by_vendor_and_role.contains("Arista Networks/polled"));
  REQUIRE(by_vendor_and_role.contains("Juniper Networks/polled"));
  CHECK(by_vendor_and_role["Juniper Networks/polled"]["firmware"] == "18.4R3-S9.2");
  CHECK(by_vendor_and_role["Juniper Networks/polled"]["screening"] == "screened");
  const auto restricted =
      json_of(run_kensa({"findings", "--db", db, "--kind", "restricted_vendor", "--json"}));
  // One finding for the Huawei neighbour, naming every list (FCC, NDAA 889, UK).
  REQUIRE(restricted.size() == 1);
  CHECK(restricted[0]["reference"] ==
        "FCC Covered List, NDAA section 889, UK designated vendor direction");
  for (const auto& finding : restricted) {
    CHECK(finding["vendor"] == "Huawei");
    CHECK(finding["device"] == restricted[0]["device"]);
  }

  {  // The scope, exclusions and hop limit bound the crawl (into another database).
    const std::string other_db = (directory.path() / "bounded.db").string();
    // No crawl: h2 alone is polled; h1 and h3 are seen only as its neighbours.
    const auto no_crawl =
        json_of(kensa_in(lab, 2,
                         {"sweep", "--config", config.string(), "--json", "--max-hops", "0", "--db",
                          other_db, hosts[2].management_address}));
    CHECK(no_crawl["addresses_probed"] == 1);
    CHECK(no_crawl["devices_found"] == 3);
    CHECK(no_crawl["neighbor_only"] == 2);
    // Excluding h1 keeps it (and h0 behind it) from being contacted.
    const std::uint64_t h1_before = lab.snmp_packets_received(1);
    const auto excluded = json_of(
        kensa_in(lab, 2,
                 {"sweep", "--config", config.string(), "--json", "--exclude",
                  hosts[1].management_address, "--db", other_db, hosts[2].management_address}));
    CHECK(excluded["addresses_probed"] == 2);  // h2 and h3
    CHECK(excluded["neighbor_only"] == 2);     // h1 and h4
    CHECK(lab.snmp_packets_received(1) == h1_before + 1);
    // A target outside the scope is refused before anything is sent.
    const ProcessResult outside = kensa_in(
        lab, 2,
        {"sweep", "--config", config.string(), "--db", other_db, hosts[4].management_address});
    CHECK(outside.exit_code == 64);
    CHECK(outside.err.find("outside the scope") != std::string::npos);
    CHECK(outside.err.find(hosts[4].management_address) != std::string::npos);
  }

  {  // A firmware change shows in the diff and as drift from the register.
    lab.set_description(1, junos("21.4R3-S5.4"));
    const auto second = json_of(kensa_in(
        lab, 2, {"sweep", "--config", config.string(), "--json", hosts[2].management_address}));
    CHECK(second["devices_found"] == 5);
    CHECK(second["changes"]["new"] == 0);
    CHECK(second["changes"]["gone"] == 0);
    CHECK(second["changes"]["changed"] == 1);

    const auto diff = json_of(run_kensa({"diff", "--db", db, "--json"}));
    REQUIRE(diff["changed"].size() == 1);
    CHECK(diff["changed"][0]["vendor"] == "Juniper Networks");
    const std::string changes = diff["changed"][0]["changes"].dump();
    INFO(changes);
    CHECK(changes.find("18.4R3-S9.2") != std::string::npos);
    CHECK(changes.find("21.4R3-S5.4") != std::string::npos);
    const auto drift = json_of(run_kensa({"findings", "--db", db, "--kind", "drifted", "--json"}));
    REQUIRE(drift.size() == 1);
    CHECK(drift[0]["vendor"] == "Juniper Networks");
  }
}
