#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "feeds/mib_object_roles.hpp"
#include "scanner/enterprises_held.hpp"
#include "scanner/identification.hpp"
#include "scanner/walk_file.hpp"
#include "tests/harness/child_process.hpp"

using namespace kensa;

namespace {

feeds::MibObjectFacts scalar(const std::string& descriptor, std::vector<std::string> groups = {}) {
  feeds::MibObjectFacts facts;
  facts.oid = *scanner::parse_oid("1.3.6.1.4.1.99999.1.2.3");
  facts.module = "EXAMPLE-MIB";
  facts.descriptor = descriptor;
  facts.is_string = true;
  facts.textual_convention = "DisplayString";
  facts.readable = true;
  facts.ancestors = std::move(groups);
  return facts;
}

feeds::MibObjectFacts column(const std::string& descriptor, const std::string& entry,
                             const std::string& index, bool integer_index = true) {
  feeds::MibObjectFacts facts = scalar(descriptor, {entry});
  facts.column = true;
  facts.indexes.push_back({index, integer_index});
  return facts;
}

std::optional<std::string> field_of(const feeds::MibObjectFacts& facts) {
  const auto object = feeds::identity_role(facts);
  return object ? std::optional(object->field) : std::nullopt;
}

}  // namespace

TEST_CASE("descriptors split into words at case, digit and punctuation changes") {
  using Words = std::vector<std::string>;
  CHECK(feeds::descriptor_words("snChasSerNum") == Words{"sn", "chas", "ser", "num"});
  CHECK(feeds::descriptor_words("agentInventorySWVersion") ==
        Words{"agent", "inventory", "sw", "version"});
  CHECK(feeds::descriptor_words("jnxBoxSerialNo") == Words{"jnx", "box", "serial", "no"});
  CHECK(feeds::descriptor_words("snSAUICX8200SerialNumber") ==
        Words{"sn", "sauicx", "8200", "serial", "number"});
  CHECK(feeds::descriptor_words("hp-ilo_Version") == Words{"hp", "ilo", "version"});
}

TEST_CASE("a MIB object's descriptor, syntax and place say which field it holds") {
  CHECK(field_of(scalar("chassisSerialNumber")) == "serial");
  CHECK(field_of(scalar("snChasSerNum")) == "serial");
  CHECK(field_of(scalar("jnxBoxSerialNo")) == "serial");
  CHECK(field_of(scalar("fnSysSerial")) == "serial");
  CHECK(field_of(scalar("productModelName")) == "model");
  CHECK(field_of(scalar("modelName", {"synoSystem"})) == "model");
  CHECK(field_of(scalar("panSysSwVersion")) == "firmware");
  CHECK(field_of(scalar("mtxrFirmwareVersion")) == "firmware");
  CHECK(field_of(scalar("agentInventorySoftwareVersion", {"agentInventoryGroup"})) == "firmware");
  CHECK(field_of(scalar("version", {"synoSystem"})) == "firmware");
  // A bare "version" outside a group naming the device is anything's.
  CHECK_FALSE(field_of(scalar("version", {"fooStatistics"})));
  // Parts and other devices.
  CHECK_FALSE(field_of(scalar("fanSerialNumber")));
  CHECK_FALSE(field_of(scalar("upsBatterySerialNumber")));
  CHECK_FALSE(field_of(column("apSerialNum", "bsnAPEntry", "bsnAPDot3MacAddress", false)));
  CHECK_FALSE(field_of(column("licenseSerialNumber", "licenseEntry", "licenseIndex")));
  CHECK_FALSE(field_of(column("sfpSerialNumber", "sfpInfoEntry", "sfpPortIndex")));
  // Versions that are not the running firmware.
  CHECK_FALSE(field_of(scalar("sysBootRomVersion")));
  CHECK_FALSE(field_of(scalar("backupFirmwareVersion")));
  CHECK_FALSE(field_of(scalar("fgSysVersionAv")));
  CHECK_FALSE(field_of(scalar("hwVersion")));
  // Not a string, an address, a date, or unreadable.
  auto integer = scalar("sysSerialNumber");
  integer.is_string = false;
  CHECK_FALSE(field_of(integer));
  auto date = scalar("firmwareVersionDate");
  date.textual_convention = "DateAndTime";
  CHECK_FALSE(field_of(date));
  auto hidden = scalar("sysSerialNumber");
  hidden.readable = false;
  CHECK_FALSE(field_of(hidden));
  // Serial ports are not serial numbers.
  CHECK_FALSE(field_of(scalar("serialPortBaudRate")));
  // A unit table's column is the device's; a table indexed by an address is not.
  CHECK(field_of(column("unitSerialNumber", "unitEntry", "unitIndex")) == "serial");
  CHECK_FALSE(field_of(column("peerSerial", "peerEntry", "peerAddress", false)));
}

TEST_CASE("words naming the device and a scalar place rank an object higher") {
  const auto system = feeds::identity_role(scalar("sysSerialNumber"));
  const auto plain = feeds::identity_role(scalar("serialNumber"));
  const auto unit = feeds::identity_role(column("unitSerialNumber", "unitEntry", "unitIndex"));
  REQUIRE(system);
  REQUIRE(plain);
  REQUIRE(unit);
  CHECK(system->rank > plain->rank);
  CHECK(system->rank > unit->rank);
}

TEST_CASE("the vendor MIB stage fills unknown fields from the device's own enterprise") {
  scanner::IdentificationData data =
      scanner::IdentificationData::load(KENSA_DATA_DIR, scanner::EnterpriseRegistry::debian_path);
  data.drop_rules();
  data.identity_objects =
      scanner::IdentityObjectIndex::from_json(nlohmann::json::parse(R"({"objects": [
        {"oid": "1.3.6.1.4.1.99999.1.1", "module": "EXAMPLE-MIB", "descriptor": "exSysSerialNumber",
         "field": "serial", "place": "scalar", "rank": 10},
        {"oid": "1.3.6.1.4.1.99999.1.2", "module": "EXAMPLE-MIB", "descriptor": "exSysModel",
         "field": "model", "place": "scalar", "rank": 10},
        {"oid": "1.3.6.1.4.1.99999.2.1.1.3", "module": "EXAMPLE-MIB", "descriptor": "exUnitSwVersion",
         "field": "firmware", "place": "column", "rank": 5},
        {"oid": "1.3.6.1.4.1.88888.1.1", "module": "OTHER-MIB", "descriptor": "otherSerialNumber",
         "field": "serial", "place": "scalar", "rank": 20}]})"),
                                              "test index");
  const auto walk = scanner::parse_walk_text(
      "1.3.6.1.2.1.1.1.0|4|Example appliance\n"
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.5.7\n"
      "1.3.6.1.4.1.88888.1.1.0|4|NOT-MINE\n"
      "1.3.6.1.4.1.99999.1.1.0|4|N/A\n"
      "1.3.6.1.4.1.99999.1.2.0|4|EX-9000\n"
      "1.3.6.1.4.1.99999.2.1.1.3.1|4|4.2.1 build 77\n"
      "1.3.6.1.4.1.99999.2.1.1.3.2|4|4.1.0\n",
      "example.snmprec");
  std::vector<scanner::Oid> unread;
  const scanner::Device device = scanner::identify(walk.values, data, "example", &unread);
  CHECK(device.model == "EX-9000");
  CHECK(device.firmware == "4.2.1 build 77");
  // A placeholder is no serial, and another enterprise's object is not this device's.
  CHECK_FALSE(device.serial);
  const auto evidence = std::find_if(device.evidence.begin(), device.evidence.end(),
                                     [](const auto& e) { return e.field == "firmware"; });
  REQUIRE(evidence != device.evidence.end());
  CHECK(evidence->source == "1.3.6.1.4.1.99999.2.1.1.3.1");
  CHECK(evidence->rule == "generic: vendor MIB object EXAMPLE-MIB::exUnitSwVersion");
  // A live poll asks for the objects looked for and not found (a
  // placeholder is no value), under the device's own enterprise only.
  CHECK_FALSE(data.reads_enterprises_held(device));
  REQUIRE(unread.size() == 1);
  CHECK(scanner::to_string(unread.front()) == "1.3.6.1.4.1.99999.1.1");
  unread.clear();
  const auto system_only = scanner::parse_walk_text(
      "1.3.6.1.2.1.1.1.0|4|Example appliance\n"
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.5.7\n",
      "example-system.snmprec");
  scanner::identify(system_only.values, data, "example", &unread);
  std::vector<std::string> asked;
  for (const auto& oid : unread) asked.push_back(scanner::to_string(oid));
  CHECK(asked == std::vector<std::string>{"1.3.6.1.4.1.99999.1.1", "1.3.6.1.4.1.99999.1.2",
                                          "1.3.6.1.4.1.99999.2.1.1.3"});
}

TEST_CASE("an appliance whose sysObjectID is net-snmp's is read under the subtrees it holds") {
  scanner::IdentificationData data =
      scanner::IdentificationData::load(KENSA_DATA_DIR, scanner::EnterpriseRegistry::debian_path);
  data.drop_rules();
  data.identity_objects =
      scanner::IdentityObjectIndex::from_json(nlohmann::json::parse(R"({"objects": [
        {"oid": "1.3.6.1.4.1.99999.1.2", "module": "EXAMPLE-MIB", "descriptor": "exSysModel",
         "field": "model", "place": "scalar", "rank": 10},
        {"oid": "1.3.6.1.4.1.8072.1.9", "module": "STACK-MIB", "descriptor": "stackModel",
         "field": "model", "place": "scalar", "rank": 30}]})"),
                                              "test index");
  const auto walk = scanner::parse_walk_text(
      "1.3.6.1.2.1.1.1.0|4|Linux appliance 5.10.0\n"
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
      "1.3.6.1.4.1.2021.4.5.0|2|1024\n"
      "1.3.6.1.4.1.8072.1.9.0|4|net-snmp\n"
      "1.3.6.1.4.1.99999.1.2.0|4|EX-9000\n",
      "appliance.snmprec");
  const scanner::Device device = scanner::identify(walk.values, data, "appliance");
  // The software stack's own subtree is not the device's; the maker's is.
  CHECK(device.model == "EX-9000");
  CHECK(scanner::enterprises_held(walk.values) == std::vector<std::uint32_t>{2021, 8072, 99999});
  CHECK(data.reads_enterprises_held(device));
}

TEST_CASE("an index entry that is not an identity object is refused naming it") {
  CHECK_THROWS_WITH(scanner::IdentityObjectIndex::from_json(
                        nlohmann::json::parse(R"({"objects": [{"oid": "1.3.6.1.2.1.1.1",
                          "field": "serial", "place": "scalar"}]})"),
                        "f.json"),
                    doctest::Contains("f.json: objects[0]: oid is not an OID under 1.3.6.1.4.1"));
  CHECK_THROWS_WITH(scanner::IdentityObjectIndex::from_json(
                        nlohmann::json::parse(R"({"objects": [{"oid": "1.3.6.1.4.1.9.1",
                          "field": "colour", "place": "scalar"}]})"),
                        "f.json"),
                    doctest::Contains("field must be model, firmware or serial"));
}

TEST_CASE("with every rule off, a NAS is identified from the shipped vendor MIB index") {
  auto data =
      scanner::IdentificationData::load(KENSA_DATA_DIR, scanner::EnterpriseRegistry::debian_path);
  data.drop_rules();
  const auto walk = scanner::read_walk_file(KENSA_FIXTURES "/walks/storage-nas.snmprec");
  const scanner::Device device = scanner::identify(walk.values, data, "storage-nas");
  CHECK(device.model == "DS920+");
  CHECK(device.serial == "2080PDN123456");
  CHECK(device.firmware == "DSM 7.2-64570");
  for (const auto& evidence : device.evidence)
    if (evidence.field == "model" || evidence.field == "serial" || evidence.field == "firmware") {
      CAPTURE(evidence.field);
      CHECK(evidence.rule.starts_with("generic: vendor MIB object SYNOLOGY-SYSTEM-MIB::"));
    }
}

TEST_CASE("rule files and the MIB index are checked against their schemas, naming file and key") {
  kensa::testing::TemporaryDirectory directory;
  std::filesystem::copy_file(KENSA_DATA_DIR "/vendors.json", directory.path() / "vendors.json");
  const auto load = [&] {
    return scanner::IdentificationData::load(directory.path(), "/nonexistent");
  };
  kensa::testing::write_file(directory.path() / "rules-50-site.json",
                             R"({"format": "kensa identification rules 1", "rules": [
      {"id": "acme", "match": {"enterprises": [99999]},
       "extract": [{"field": "serial", "form": "oid", "oid": "1.3.6.1.4.1.99999.1.0"}]}]})");
  CHECK_THROWS_WITH(
      load(), doctest::Contains("rules-50-site.json: /rules/0/extract/0: unknown key 'form'"));
  kensa::testing::write_file(directory.path() / "rules-50-site.json",
                             R"({"format": "kensa identification rules 1", "rules": [
      {"id": "acme", "match": {"enterprises": ["99999"]}}]})");
  CHECK_THROWS_WITH(load(), doctest::Contains("/rules/0/match/enterprises/0: must be an integer"));
  std::filesystem::remove(directory.path() / "rules-50-site.json");
  kensa::testing::write_file(directory.path() / "mib-identity.json",
                             R"({"index_version": 1, "objects": [{"oid": "1.3.6.1.4.1.9.1",
      "module": "M", "descriptor": "d", "field": "serial", "place": "scalar", "rank": 1,
      "description": "prose"}]})");
  CHECK_THROWS_WITH(load(),
                    doctest::Contains("mib-identity.json: /objects/0: unknown key 'description'"));
  kensa::testing::write_file(directory.path() / "mib-identity.json",
                             R"({"index_version": 1, "objects": [{"oid": "1.3.6.1.4.1.9.1",
      "module": "M", "descriptor": "d", "field": "serial", "place": "scalar", "rank": 1}]})");
  CHECK(load().identity_objects.size() == 1);
}

TEST_CASE("a sysObjectID the vendor's MIB registers names the product") {
  scanner::IdentificationData data =
      scanner::IdentificationData::load(KENSA_DATA_DIR, scanner::EnterpriseRegistry::debian_path);
  data.drop_rules();
  const auto walk = scanner::parse_walk_text(
      "1.3.6.1.2.1.1.1.0|4|Arista Networks EOS version 4.28.3M running on an Arista DCS\n"
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.30065.1.3011.7050.427.36\n",
      "arista.snmprec");
  const scanner::Device device = scanner::identify(walk.values, data, "arista");
  CHECK(device.model == "DCS7050T36");
  const auto evidence = std::find_if(device.evidence.begin(), device.evidence.end(),
                                     [](const auto& e) { return e.field == "model"; });
  REQUIRE(evidence != device.evidence.end());
  CHECK(evidence->rule ==
        "generic: sysObjectID registration ARISTA-PRODUCTS-MIB::aristaDCS7050T36");
  // A software stack's registration names no product.
  const auto linux_box = scanner::parse_walk_text(
      "1.3.6.1.2.1.1.1.0|4|Linux host 6.1.0\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n",
      "linux.snmprec");
  CHECK_FALSE(scanner::identify(linux_box.values, data, "linux").model);
  CHECK(scanner::model_of("aristaDCS7050TX128") == "DCS7050TX128");
  CHECK(scanner::model_of("cisco5500Wlc") == "cisco5500Wlc");
  CHECK(scanner::model_of("esw5112") == "esw5112");
}

TEST_CASE("a product registration list with a malformed line is refused naming the line") {
  kensa::testing::TemporaryDirectory directory;
  const auto file = directory.path() / "product-registrations.tsv";
  std::ofstream(file) << "# comment\n1.3.6.1.4.1.9.1.1069\tCISCO-PRODUCTS-MIB::cisco5500Wlc\n"
                      << "1.3.6.1.4.1.9.1.x\tCISCO-PRODUCTS-MIB::broken\n";
  CHECK_THROWS_WITH(
      scanner::ProductRegistrations::load(file),
      doctest::Contains("product-registrations.tsv:3: not OID<TAB>MODULE::descriptor"));
  std::ofstream(file, std::ios::trunc)
      << "1.3.6.1.4.1.9.1.1069\tCISCO-PRODUCTS-MIB::cisco5500Wlc\n";
  const auto list = scanner::ProductRegistrations::load(file);
  CHECK(list.size() == 1);
  REQUIRE(list.find(scanner::Oid{1, 3, 6, 1, 4, 1, 9, 1, 1069}));
  CHECK(list.find(scanner::Oid{1, 3, 6, 1, 4, 1, 9, 1, 1069})->descriptor == "cisco5500Wlc");
}
