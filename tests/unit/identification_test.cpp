#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "scanner/collectors.hpp"
#include "scanner/description_grammar.hpp"
#include "scanner/device_json.hpp"
#include "scanner/identification.hpp"
#include "scanner/walk_file.hpp"
#include "tests/harness/child_process.hpp"

using namespace kensa::scanner;

namespace {

// A router as its agent would describe it: system group, an ENTITY-MIB
// chassis with a line card and a power supply, IF-MIB names, an LLDP
// neighbour with an IPv4 management address, and a CDP neighbour.
std::string router_walk() {
  std::ifstream in(KENSA_FIXTURES "/walks/edge-router.snmprec");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const IdentificationData& shipped_data() {
  static const IdentificationData data =
      IdentificationData::load(KENSA_DATA_DIR, EnterpriseRegistry::debian_path);
  return data;
}

const Evidence* evidence_for(const Device& device, const std::string& field) {
  const auto found = std::find_if(device.evidence.begin(), device.evidence.end(),
                                  [&](const Evidence& e) { return e.field == field; });
  return found == device.evidence.end() ? nullptr : &*found;
}

}  // namespace

TEST_CASE("a router is identified with evidence for every field") {
  const WalkFile walk = parse_walk_text(router_walk(), "router.snmprec");
  REQUIRE(walk.skipped == 0);
  const Device device = identify(walk.values, shipped_data(), "router.snmprec");
  CHECK(device.vendor == "Juniper Networks");
  CHECK(device.os == "junos");
  CHECK(device.model == "mx480");
  CHECK(device.firmware == "21.4R3-S1.5");
  CHECK(device.serial == "JN11AB2CDAFA");
  CHECK(device.enterprise == 2636U);
  for (const char* field : {"vendor", "os", "model", "firmware", "serial"}) {
    CAPTURE(field);
    const Evidence* evidence = evidence_for(device, field);
    REQUIRE(evidence != nullptr);
    CHECK_FALSE(evidence->rule.empty());
    CHECK_FALSE(evidence->source.empty());
  }
  CHECK(evidence_for(device, "serial")->source == "1.3.6.1.4.1.2636.3.1.3.0");
}

TEST_CASE("the ENTITY-MIB tree is kept with classes and containment") {
  const Device device =
      identify(parse_walk_text(router_walk(), "r").values, shipped_data(), "router");
  REQUIRE(device.modules.size() == 3);
  CHECK(device.modules[0].class_name == "chassis");
  CHECK(device.modules[1].class_name == "module");
  CHECK(device.modules[1].contained_in == 1);
  CHECK(device.modules[1].serial == "CAGH1234");
  CHECK(device.modules[2].class_name == "powerSupply");
}

TEST_CASE("LLDP and CDP neighbours are decoded with their addresses and ports") {
  const Device device =
      identify(parse_walk_text(router_walk(), "r").values, shipped_data(), "router");
  REQUIRE(device.neighbors.size() == 2);
  const Neighbor& lldp = device.neighbors[0];
  CHECK(lldp.protocol == "lldp");
  CHECK(lldp.chassis_id == "00:1b:2c:3d:4e:5f");
  CHECK(lldp.chassis_id_subtype == "macAddress");
  CHECK(lldp.port_id == "ge-0/0/1");
  CHECK(lldp.local_port == "xe-0/0/0");
  CHECK(lldp.system_name == "core-sw02");
  REQUIRE(lldp.management_addresses.size() == 1);
  CHECK(lldp.management_addresses[0].address == "192.0.2.33");
  const Neighbor& cdp = device.neighbors[1];
  CHECK(cdp.protocol == "cdp");
  CHECK(cdp.system_name == "access-sw09.example.net");
  CHECK(cdp.platform == "cisco WS-C2960X-48FPD-L");
  CHECK(cdp.local_port == "xe-0/0/0");
  REQUIRE(cdp.management_addresses.size() == 1);
  CHECK(cdp.management_addresses[0].address == "192.0.2.33");
}

TEST_CASE("Nokia SR OS neighbours come from TIMETRA-LLDP-MIB when LLDP-MIB is empty") {
  // tmnxLldpRemEntry: index timeMark, ifIndex, destination MAC index, remote index.
  const std::string entry = "1.3.6.1.4.1.6527.3.1.2.59.4.1.1.";
  const std::string row = ".0.35684352.1.4";
  const Device device = identify(
      parse_walk_text("1.3.6.1.2.1.1.1.0|4|TiMOS-C-21.10.R5 cpm/x86_64 Nokia 7250 IXR\n"
                      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.6527.1.3.17\n"
                      "1.3.6.1.2.1.31.1.1.1.1.35684352|4|1/1/c49/1\n" +
                          entry + "4" + row + "|2|4\n" + entry + "5" + row + "|4x|E886CF3AA124\n" +
                          entry + "6" + row + "|2|7\n" + entry + "7" + row + "|4|1610902593\n" +
                          entry + "8" + row + "|4|1/5/c7/1, 100-Gig Ethernet\n" + entry + "9" +
                          row + "|4|router-b\n" + entry + "10" + row +
                          "|4|TiMOS-B-21.7.R1 both/hops64 Nokia 7250 IXR\n"
                          "1.3.6.1.4.1.6527.3.1.2.59.4.2.1.3.0.35684352.1.4.1.4.192.0.2.7|2|2\n",
                      "ixr")
          .values,
      shipped_data(), "ixr");
  REQUIRE(device.neighbors.size() == 1);
  const Neighbor& neighbour = device.neighbors.front();
  CHECK(neighbour.system_name == "router-b");
  CHECK(neighbour.chassis_id == "e8:86:cf:3a:a1:24");
  CHECK(neighbour.port_id == "1610902593");
  CHECK(neighbour.local_port == "1/1/c49/1");
  CHECK(neighbour.vendor == "Nokia");
  REQUIRE(neighbour.management_addresses.size() == 1);
  CHECK(neighbour.management_addresses.front().address == "192.0.2.7");
  // A live poll walks the vendor table for that maker's devices only.
  CHECK(kensa::scanner::vendor_collected_subtrees(6527U).size() == 2);
  CHECK(kensa::scanner::vendor_collected_subtrees(9U).empty());
}

TEST_CASE("a neighbour that advertises a blank system name has none") {
  const std::string entry = "1.0.8802.1.1.2.1.4.1.1.";
  const Device device =
      identify(parse_walk_text(entry + "4.0.3.1|2|7\n" + entry + "5.0.3.1|4|SW-0042\n" + entry +
                                   "9.0.3.1|4| \n" + entry + "10.0.3.1|4|Gigabit Ethernet Switch\n",
                               "sw")
                   .values,
               shipped_data(), "sw");
  REQUIRE(device.neighbors.size() == 1);
  CHECK_FALSE(device.neighbors.front().system_name);
  CHECK(device.neighbors.front().chassis_id == "SW-0042");
  CHECK(device.neighbors.front().chassis_id_subtype == "local");
}

TEST_CASE("unknown stays unknown: an empty walk identifies nothing") {
  const Device device = identify(MibSnapshot{}, shipped_data(), "empty");
  CHECK_FALSE(device.vendor.has_value());
  CHECK_FALSE(device.model.has_value());
  CHECK(device.evidence.empty());
}

TEST_CASE("a software stack's enterprise number does not name the vendor") {
  const Device device =
      identify(parse_walk_text("1.3.6.1.2.1.1.1.0|4|Linux gw 5.10.0-21-amd64 #1 SMP x86_64\n"
                               "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n",
                               "linux")
                   .values,
               shipped_data(), "linux");
  CHECK_FALSE(device.vendor.has_value());
  CHECK(device.os == "linux");
  CHECK(device.firmware == "5.10.0-21-amd64");
}

TEST_CASE("a rule file with a bad pattern or template is refused with its file and rule") {
  // Loads a data directory whose only rule file is `rules`.
  const auto load_rules = [](const std::string& rules) {
    kensa::testing::TemporaryDirectory directory;
    kensa::testing::write_file(directory.path() / "vendors.json",
                               R"({"software_stacks": [], "vendors": []})");
    kensa::testing::write_file(directory.path() / "rules-bad.json", rules);
    return IdentificationData::load(directory.path(), "/nonexistent");
  };
  CHECK_THROWS_WITH_AS(
      load_rules(R"({"rules": [{"id": "broken", "match": {"sys_descr": "(unclosed"}}]})"),
      doctest::Contains("rules-bad.json /rules/0 rule 'broken'"), std::runtime_error);
  CHECK_THROWS_WITH_AS(load_rules(R"json({"rules": [
      {"id": "typo", "match": {"sys_descr": "x"},
       "extract": [{"field": "firmware", "from": "sys_descr",
                    "pattern": "v(?P<major>[0-9]+)", "template": "{majr}"}]}]})json"),
                       doctest::Contains("template names no group"), std::runtime_error);
}

TEST_CASE("a rule can require a MIB: UPS-MIB names the model of any UPS") {
  const Device ups = identify(parse_walk_text("1.3.6.1.2.1.1.1.0|4|UPS network card\n"
                                              "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1\n"
                                              "1.3.6.1.2.1.33.1.1.2.0|4|Galaxy 3500\n"
                                              "1.3.6.1.2.1.33.1.1.3.0|4|UPS 07.1\n",
                                              "ups")
                                  .values,
                              shipped_data(), "ups");
  CHECK(ups.os == "ups");
  CHECK(ups.model == "Galaxy 3500");
  CHECK(ups.firmware == "UPS 07.1");
  const Device other = identify(parse_walk_text("1.3.6.1.2.1.1.1.0|4|UPS network card\n"
                                                "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1\n",
                                                "other")
                                    .values,
                                shipped_data(), "other");
  CHECK_FALSE(other.os.has_value());
}

TEST_CASE("IEEE registries name the owner of a MAC block, most specific block first") {
  kensa::testing::TemporaryDirectory directory;
  kensa::testing::write_file(directory.path() / "oui.csv",
                             "Registry,Assignment,Organization Name,Organization Address\n"
                             "MA-L,00000C,\"Cisco Systems, Inc\",170 WEST TASMAN DRIVE\n"
                             "MA-L,70B3D5,IEEE Registration Authority,445 Hoes Lane\n");
  kensa::testing::write_file(directory.path() / "oui36.csv",
                             "Registry,Assignment,Organization Name,Organization Address\n"
                             "MA-S,70B3D5F2F,TELEPLATFORMS,\"Polbina st., 3/1 Moscow\"\n");
  const OuiRegistry registry = OuiRegistry::load(directory.path());
  CHECK(registry.organisation("00:00:0c:12:34:56") == "Cisco Systems, Inc");
  CHECK(registry.organisation(std::string("\x00\x00\x0c\x12\x34\x56", 6)) == "Cisco Systems, Inc");
  CHECK(registry.organisation("70-B3-D5-F2-F0-01") == "TELEPLATFORMS");
  CHECK(registry.organisation("70b3.d5a0.0001") == "IEEE Registration Authority");
  CHECK_FALSE(registry.organisation("02:00:00:00:00:01").has_value());
  CHECK_FALSE(registry.organisation("not a mac").has_value());
}

TEST_CASE(
    "a neighbour that cannot be polled is named by its description, CDP platform or chassis MAC") {
  kensa::testing::TemporaryDirectory directory;
  kensa::testing::write_file(directory.path() / "oui.csv",
                             "Registry,Assignment,Organization Name,Organization Address\n"
                             "MA-L,001B2C,\"Huawei Technologies Co.,Ltd\",Shenzhen\n");
  const IdentificationData data =
      IdentificationData::load(KENSA_DATA_DIR, EnterpriseRegistry::debian_path, directory.path());
  const Device device = identify(parse_walk_text(router_walk(), "r").values, data, "router");
  REQUIRE(device.neighbors.size() == 2);
  // Its system description is Huawei's VRP (the MAC's registry name agrees).
  CHECK(device.neighbors[0].vendor == "Huawei");
  CHECK(device.neighbors[0].os == "vrp");
  // CDP gives no MAC, but a platform that starts with the maker's name.
  CHECK(device.neighbors[1].vendor == "Cisco");
  CHECK(device.neighbors[1].model == "WS-C2960X-48FPD-L");
}

TEST_CASE("a product MIB under the device's own sysObjectID is read through a suffix") {
  kensa::testing::TemporaryDirectory directory;
  kensa::testing::write_file(directory.path() / "vendors.json",
                             R"({"software_stacks": [], "vendors": []})");
  kensa::testing::write_file(directory.path() / "rules-product.json", R"({"rules": [
      {"id": "product-serial", "match": {"enterprises": [64512]},
       "extract": [{"field": "serial", "from": "sys_object_id_suffix", "suffix": "1.78.0"}]}]})");
  const IdentificationData data =
      IdentificationData::load(directory.path(), "/nonexistent", "/nonexistent");
  const WalkFile walk = parse_walk_text(
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.64512.7.84\n"
      "1.3.6.1.4.1.64512.7.84.1.78.0|4|TBZAD1076165\n",
      "product");
  const Device device = identify(walk.values, data, "product");
  CHECK(device.serial == "TBZAD1076165");
  CHECK(evidence_for(device, "serial")->source == "1.3.6.1.4.1.64512.7.84.1.78.0");
  // A live poll fetches it: the OID is among those the rules need.
  const auto oids = data.plan_for(walk.values).value_oids(MibSnapshot{});
  CHECK(std::find(oids.begin(), oids.end(), *parse_oid("1.3.6.1.4.1.64512.7.84.1.78.0")) !=
        oids.end());
}

TEST_CASE("rule stages: supplementary rules, templates, and generic rules after ENTITY-MIB") {
  kensa::testing::TemporaryDirectory directory;
  kensa::testing::write_file(directory.path() / "vendors.json",
                             R"({"software_stacks": [8072], "vendors": []})");
  // A hardware agent beside any OS names the box and lets the OS rule match
  // too; the OS rule spells its version from two groups.
  kensa::testing::write_file(directory.path() / "rules-10-vendor.json", R"json({"rules": [
      {"id": "server-agent", "continue": true, "vendor": "Maker",
       "match": {"has_oid": "1.3.6.1.4.1.64512.1.1.0"},
       "extract": [{"field": "model", "from": "oid", "oid": "1.3.6.1.4.1.64512.1.1.0"}]},
      {"id": "some-os", "os": "someos", "match": {"sys_descr": "^SomeOS"},
       "extract": [{"field": "firmware", "from": "sys_descr",
                    "pattern": "v(?P<major>[0-9]+)_(?P<minor>[0-9]+)", "template": "{major}.{minor}"}]}]})json");
  kensa::testing::write_file(directory.path() / "rules-90-generic.json", R"json({
      "after_entity_mib": true, "rules": [
      {"id": "ups-mib", "continue": true, "match": {"has_oid": "1.3.6.1.2.1.33.1.1.2.0"},
       "extract": [{"field": "model", "from": "oid", "oid": "1.3.6.1.2.1.33.1.1.2.0"}]},
      {"id": "linux", "os": "linux", "match": {"sys_descr": "^Linux"},
       "extract": [{"field": "model", "from": "sys_descr", "pattern": "(?P<value>ppc)$"}]}]})json");
  const IdentificationData data =
      IdentificationData::load(directory.path(), "/nonexistent", "/nonexistent");

  const Device server = identify(parse_walk_text("1.3.6.1.2.1.1.1.0|4|SomeOS v7_2\n"
                                                 "1.3.6.1.4.1.64512.1.1.0|4|Box 9000\n",
                                                 "server")
                                     .values,
                                 data, "server");
  CHECK(server.model == "Box 9000");
  CHECK(server.vendor == "Maker");
  CHECK(server.os == "someos");
  CHECK(server.firmware == "7.2");

  // A generic supplementary rule (UPS-MIB) still fills in after a vendor
  // rule matched; a generic rule that is not supplementary does not.
  const Device ups = identify(parse_walk_text("1.3.6.1.2.1.1.1.0|4|SomeOS v7_3\n"
                                              "1.3.6.1.2.1.33.1.1.2.0|4|UPS 3000\n",
                                              "ups")
                                  .values,
                              data, "ups");
  CHECK(ups.os == "someos");
  CHECK(ups.model == "UPS 3000");

  // ENTITY-MIB names the hardware better than the generic Linux rule; the
  // top entity counts even when the agent leaves its class out.
  const std::string linux_box =
      "1.3.6.1.2.1.1.1.0|4|Linux host 7.5.4 #1 ppc\n"
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n";
  const Device with_entity = identify(
      parse_walk_text(linux_box + "1.3.6.1.2.1.47.1.1.1.1.2.1|4|Carrier 5U\n", "entity").values,
      data, "entity");
  CHECK(with_entity.model == "Carrier 5U");
  CHECK(with_entity.os == "linux");
  const Device without = identify(parse_walk_text(linux_box, "plain").values, data, "plain");
  CHECK(without.model == "ppc");

  // A live poll asks only for the OIDs of rules the device can match: first
  // whether the agent implements the MIB a rule requires, then the values
  // of the rules whose MIB it found.
  const RulePlan plan = data.plan_for(parse_walk_text("1.3.6.1.2.1.1.1.0|4|SomeOS v7_2\n"
                                                      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.64513.1\n",
                                                      "system group")
                                          .values);
  const Oid agent_model = *parse_oid("1.3.6.1.4.1.64512.1.1.0");
  CHECK(plan.presence_oids() ==
        std::vector<Oid>{agent_model, *parse_oid("1.3.6.1.2.1.33.1.1.2.0")});
  CHECK(plan.value_oids(MibSnapshot{}).empty());
  const WalkFile found = parse_walk_text("1.3.6.1.4.1.64512.1.1.0|4|Box 9000\n", "found");
  CHECK(plan.value_oids(found.values) == std::vector<Oid>{agent_model});
}

TEST_CASE("ENTITY-MIB without classes, and a release where the model name belongs") {
  // No entPhysicalClass anywhere: the top-level entity that names a model
  // (its container is not in the table) is the chassis, not an empty one.
  const Device classless =
      identify(parse_walk_text("1.3.6.1.2.1.47.1.1.1.1.4.1|2|0\n"
                               "1.3.6.1.2.1.47.1.1.1.1.11.1|4|SERIAL-OF-NOTHING\n"
                               "1.3.6.1.2.1.47.1.1.1.1.4.1000|2|2\n"
                               "1.3.6.1.2.1.47.1.1.1.1.13.1000|4|WS-C4948E\n",
                               "classless")
                   .values,
               shipped_data(), "classless");
  CHECK(classless.model == "WS-C4948E");
  // A chassis whose entPhysicalModelName is a release number is named by
  // its entPhysicalDescr instead.
  const Device release =
      identify(parse_walk_text("1.3.6.1.2.1.47.1.1.1.1.2.1|4|Cumulus Networks VX Chassis\n"
                               "1.3.6.1.2.1.47.1.1.1.1.5.1|2|3\n"
                               "1.3.6.1.2.1.47.1.1.1.1.13.1|4|4.4.2\n",
                               "release")
                   .values,
               shipped_data(), "release");
  CHECK(release.model == "Cumulus Networks VX Chassis");
}

TEST_CASE("LLDP-MED inventory names a neighbour and the device itself") {
  // A phone behind port 3 reports its maker, model and software over
  // LLDP-MED; the switch reports its own inventory in the local table.
  const Device device =
      identify(parse_walk_text("1.0.8802.1.1.2.1.4.1.1.4.0.3.1|2|4\n"
                               "1.0.8802.1.1.2.1.4.1.1.5.0.3.1|4x|0004f2aabbcc\n"
                               "1.0.8802.1.1.2.1.4.1.1.9.0.3.1|4|phone-101\n"
                               "1.0.8802.1.1.2.1.5.4795.1.2.4.0|4|3.2.1\n"
                               "1.0.8802.1.1.2.1.5.4795.1.2.5.0|4|SW0001\n"
                               "1.0.8802.1.1.2.1.5.4795.1.2.7.0|4|EdgeSwitch 24\n"
                               "1.0.8802.1.1.2.1.5.4795.1.3.3.1.2.0.3.1|4|boot 1.0\n"
                               "1.0.8802.1.1.2.1.5.4795.1.3.3.1.3.0.3.1|4|7.4.0.12\n"
                               "1.0.8802.1.1.2.1.5.4795.1.3.3.1.4.0.3.1|4|PH0001\n"
                               "1.0.8802.1.1.2.1.5.4795.1.3.3.1.5.0.3.1|4|Cisco Systems, Inc.\n"
                               "1.0.8802.1.1.2.1.5.4795.1.3.3.1.6.0.3.1|4|IP Phone 8845\n"
                               "1.3.6.1.2.1.1.1.0|4|managed switch\n",
                               "med")
                   .values,
               shipped_data(), "med");
  REQUIRE(device.neighbors.size() == 1);
  const Neighbor& phone = device.neighbors.front();
  CHECK(phone.system_name == "phone-101");
  CHECK(phone.model == "IP Phone 8845");
  CHECK(phone.firmware == "7.4.0.12");
  CHECK(phone.vendor == "Cisco");
  CHECK(device.model == "EdgeSwitch 24");
  CHECK(device.serial == "SW0001");
  CHECK(device.firmware == "3.2.1");
}

TEST_CASE("a serial number an agent holds as a Gauge32 reads as its digits") {
  // GE MDS Orbit radios keep their serial number as an unsigned integer.
  const Device radio = identify(parse_walk_text("1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.4130.10\n"
                                                "1.3.6.1.4.1.4130.10.1.1.1.2.2.0|66|3000000001\n",
                                                "radio")
                                    .values,
                                shipped_data(), "radio");
  CHECK(radio.serial == "3000000001");
}

TEST_CASE("a sysObjectID sent as a string of digits still names the enterprise") {
  const Device device =
      identify(parse_walk_text("1.3.6.1.2.1.1.2.0|4|.1.3.6.1.4.1.2636.1.1.1.2.25\n", "odd").values,
               shipped_data(), "odd");
  CHECK(device.sys_object_id == "1.3.6.1.4.1.2636.1.1.1.2.25");
  CHECK(device.vendor == "Juniper Networks");
}

TEST_CASE("identified values stop at the first control character") {
  const Device device =
      identify(parse_walk_text("1.3.6.1.2.1.47.1.1.1.1.2.1|4x|43484153534953000000000a3030203030\n"
                               "1.3.6.1.2.1.47.1.1.1.1.5.1|2|3\n"
                               "1.3.6.1.2.1.47.1.1.1.1.11.1|4e|SN123\\r\\nextra\n",
                               "padded")
                   .values,
               shipped_data(), "padded");
  CHECK(device.model == "CHASSIS");
  CHECK(device.serial == "SN123");
}

TEST_CASE("a stored record reads back as the device it was written from") {
  const IdentificationData data =
      IdentificationData::load(KENSA_DATA_DIR, EnterpriseRegistry::debian_path);
  const Device device = identify(parse_walk_text(router_walk(), "r").values, data, "router");
  const nlohmann::json full = kensa::scanner::device_json(device);
  const nlohmann::json compact =
      kensa::scanner::device_json(device, kensa::scanner::Unknowns::omitted);
  CHECK(compact.dump().size() < full.dump().size());
  CHECK(kensa::scanner::device_json(kensa::scanner::device_from_json(compact)) == full);
  CHECK(kensa::scanner::device_json(kensa::scanner::device_from_json(full)) == full);
}

TEST_CASE("the generic sysDescr grammar reads what no rule knows, and guesses nothing") {
  const VendorCatalogue& vendors = shipped_data().vendors;
  const auto neighbour = read_description("3Com IntelliJack NJ220", vendors);
  CHECK(neighbour.vendor == "3Com");
  CHECK(neighbour.model == "NJ220");
  const auto ios = read_description(
      "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E2, RELEASE "
      "SOFTWARE (fc3)",
      vendors);
  CHECK(ios.vendor == "Cisco");
  CHECK(ios.firmware == "15.2(7)E2");
  CHECK_FALSE(ios.model);  // "IOS" is no model, and "Software" ends the place
  const auto junos = read_description(
      "Juniper Networks, Inc. ex4300-48t Ethernet Switch, kernel JUNOS 18.1R3-S5", vendors);
  CHECK(junos.model == "ex4300-48t");
  // Versions that label something else are not the firmware.
  CHECK_FALSE(
      read_description("APC Web/SNMP Management Card (MB:v3.9.2 PF:v3.5.9)", vendors).firmware);
  CHECK(
      read_description("CC8800D-E;hardware version:V2.2.4;software version:V2.3.0.54-C.BT", vendors)
          .firmware == "2.3.0.54-C.BT");
  CHECK(read_description("HP PDU Management Module, revision 1.00.A, firmware version 1.00.16",
                         vendors)
            .firmware == "1.00.16");
  CHECK_FALSE(
      read_description("Linux host 3.4.20-rt31-dvf-v1.2.6.1-rc2 #577 PREEMPT armv5tejl", vendors)
          .firmware);
  CHECK_FALSE(read_description("FreeCooling Controller, SNMP V1.0", vendors).firmware);
  // A version-shaped word is no model; without a maker in the text there is no model.
  CHECK_FALSE(read_description("Huawei Optix RTN V100R011C00SPC200", vendors).model);
  CHECK_FALSE(read_description("Ethernet Switch GS1900-24", vendors).model);
  // "HP" names a maker only in capitals; "hp" inside a word never.
  CHECK(read_description("HP ProCurve Switch 2824, revision I.10.77", vendors).vendor ==
        "Hewlett Packard Enterprise");
  CHECK_FALSE(read_description("chip hp-ux unrelated text", vendors).vendor);
}

TEST_CASE("the registry names a maker whose whole name a description holds, never a common word") {
  const auto registry = EnterpriseRegistry::load(EnterpriseRegistry::debian_path);
  const auto silver = registry.named_in("Silver Peak Systems, Inc. ECS\r\nLinux hostname 2.6.38");
  REQUIRE(silver);
  CHECK(registry.organisation(silver->number)->starts_with("Silver Peak Systems"));
  CHECK(silver->end == std::string_view("Silver Peak Systems").size());
  // Organisations named by common words name nothing: "Switch", "System",
  // "Wireless", "Linux Lab" are words of many registrations.
  CHECK_FALSE(registry.named_in("Switch"));
  CHECK_FALSE(registry.named_in("System Controller, SW: v7.30, OS: v5.20"));
  CHECK_FALSE(registry.named_in("Wireless Access Point"));
  CHECK_FALSE(registry.named_in("Linux lab.example.org 5.4.0 #1 armv7l"));
  // One word names a maker only as the first word of the text.
  const auto first = registry.named_in("Teldat router");
  REQUIRE(first);
  CHECK(first->number == 2007);  // TELDAT, S.A.
  CHECK_FALSE(registry.named_in("Router model RS123w-4G  Teldat (c)1996 - 2019"));
}

TEST_CASE(
    "vendor precedence: a borrowed or a stack's enterprise number yields to the named maker") {
  // A Hikvision NVR whose agent reports an enterprise IANA gives to someone else.
  const WalkFile nvr = parse_walk_text(
      "1.3.6.1.2.1.1.1.0|4|Hikvision company products\n"
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.50001\n",
      "nvr.snmprec");
  const Device device = identify(nvr.values, shipped_data(), "nvr.snmprec");
  CHECK(device.vendor == "Hikvision");
  REQUIRE(evidence_for(device, "vendor") != nullptr);
  CHECK(evidence_for(device, "vendor")->source != "sysObjectID");
  // With the rules switched off, the grammar names the maker the text names.
  IdentificationData generic =
      IdentificationData::load(KENSA_DATA_DIR, EnterpriseRegistry::debian_path);
  generic.drop_rules();
  const Device unseen = identify(nvr.values, generic, "nvr.snmprec");
  CHECK(unseen.vendor == "Hikvision");
  CHECK(evidence_for(unseen, "vendor")->source == "sysDescr");
  // A radio on the lwIP stack's number: lwIP is no maker; unknown beats it.
  const WalkFile radio = parse_walk_text(
      "1.3.6.1.2.1.1.1.0|4|lwIP - A Lightweight TCP/IP stack\n"
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.26381\n",
      "radio.snmprec");
  CHECK_FALSE(identify(radio.values, shipped_data(), "radio.snmprec").vendor);
  // A number IANA gives to an organisation the catalogue does not know still
  // names it when nothing better does.
  const WalkFile other = parse_walk_text(
      "1.3.6.1.2.1.1.1.0|4|Appliance\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.50003\n", "other.snmprec");
  CHECK(identify(other.values, shipped_data(), "other.snmprec").vendor == "NCSCCS Limited");
}

TEST_CASE("product lines and model families name their maker in a description") {
  const VendorCatalogue& vendors = shipped_data().vendors;
  // An operating system's name is its maker's.
  const auto routeros = read_description("RouterOS RB760iGS", vendors);
  CHECK(routeros.vendor == "MikroTik");
  CHECK(routeros.model == "RB760iGS");
  CHECK(read_description("AlliedWare Plus (TM) 5.4.7-2.3", vendors).vendor == "Allied Telesis");
  CHECK(read_description("FutureNet NXR-120/C, Version 5.24.1", vendors).vendor ==
        "Century Systems");
  // A model family only one maker uses names it, and the word is the model.
  const auto yamaha = read_description("RTX1210 Rev.14.01.38 (Tue Jun 23 10:30:17 2020)", vendors);
  CHECK(yamaha.vendor == "Yamaha");
  CHECK(yamaha.model == "RTX1210");
  CHECK(yamaha.firmware == "14.01.38");
  const auto dlink = read_description("DGS-3120-24TC Gigabit Ethernet Switch", vendors);
  CHECK(dlink.vendor == "D-Link");
  CHECK(dlink.model == "DGS-3120-24TC");
  const auto allied = read_description("AT-GS950/24 Gigabit Ethernet WebSmart Switch", vendors);
  CHECK(allied.vendor == "Allied Telesis");
  CHECK(allied.model == "AT-GS950/24");
  // A word no family claims names nobody.
  CHECK_FALSE(read_description("RT1210 router", vendors).vendor);
  CHECK_FALSE(vendors.model_family_of("RTX12"));
}

TEST_CASE("Japanese makers are known by their registered numbers, names and former names") {
  const VendorCatalogue& vendors = shipped_data().vendors;
  const std::vector<std::pair<std::uint32_t, std::string>> makers{
      {119, "NEC"},
      {1182, "Yamaha"},
      {211, "Fujitsu"},
      {231, "Fujitsu"},
      {246, "Furukawa Electric"},
      {278, "APRESIA Systems"},
      {116, "Hitachi"},
      {21839, "ALAXALA"},
      {207, "Allied Telesis"},
      {5227, "Buffalo"},
      {770, "Internet Initiative Japan"},
      {20376, "Century Systems"},
      {6178, "NTT Advanced Technology"}};
  for (const auto& [number, name] : makers) {
    const auto enterprise = number;
    CAPTURE(enterprise);
    REQUIRE(vendors.by_enterprise(number) != nullptr);
    CHECK(vendors.by_enterprise(number)->name == name);
  }
  // The registry's and the makers' own spellings, and former names.
  CHECK(vendors.by_name("MELCO Inc.")->name == "Buffalo");
  CHECK(vendors.by_name("Fujitsu Siemens Computers")->name == "Fujitsu");
  CHECK(vendors.by_name("Hitachi Cable")->name == "APRESIA Systems");
  CHECK(vendors.by_name("Internet Initiative Japan Inc.")->name == "Internet Initiative Japan");
  CHECK(read_description("SEIL/X1 4.60 (SAKURA) #0", vendors).vendor ==
        "Internet Initiative Japan");
  CHECK(read_description("FITELnet F220 Ver.01.14(00)", vendors).vendor == "Furukawa Electric");
  CHECK(read_description("BUFFALO TeraStation TS5410R", vendors).vendor == "Buffalo");
}
