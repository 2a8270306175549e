#include "feeds/mib_object_roles.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace kensa::feeds {
namespace {

using Words = std::vector<std::string>;

bool is_one_of(const std::string& word, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), word) != set.end();
}

// The words a descriptor ends in that name a field, and how many of its last
// words they are (0: none). "chassisSerialNumber" -> serial, 2.
struct FieldTail {
  std::string field;
  std::size_t length = 0;
  bool exact = false;  // the field's usual spelling (serialNumber, modelName, softwareVersion)
};

FieldTail field_tail(const Words& words) {
  const std::size_t n = words.size();
  const auto last = [&](std::size_t from_end) -> const std::string& {
    static const std::string none;
    return from_end < n ? words[n - 1 - from_end] : none;
  };
  const auto version_word = [](const std::string& word) {
    return is_one_of(word,
                     {"version", "ver", "vers", "rev", "revision", "release", "rel", "level"});
  };
  // Serial numbers.
  if (last(0) == "serial") return {"serial", 1, false};
  if (last(0) == "sn" && n >= 2) return {"serial", 1, false};
  if (last(1) == "service" && last(0) == "tag") return {"serial", 2, false};
  if (is_one_of(last(0), {"number", "num", "no", "nbr", "nr", "id", "string", "str"})) {
    if (last(1) == "serial") return {"serial", 2, last(0) != "id"};
    if (last(1) == "ser" && is_one_of(last(0), {"num", "no", "number"}))
      return {"serial", 2, false};
    if (last(0) == "string" && last(1) == "number" && last(2) == "serial")
      return {"serial", 3, false};
  }
  // Models and product names.
  if (last(0) == "model") return {"model", 1, true};
  if (last(1) == "model" &&
      is_one_of(last(0), {"name", "number", "no", "num", "string", "str", "type"}))
    return {"model", 2, last(0) == "name"};
  if (is_one_of(last(1), {"product", "prod"}) && is_one_of(last(0), {"name", "model", "type"}))
    return {"model", 2, last(0) != "type"};
  if (is_one_of(last(1), {"machine", "platform"}) && is_one_of(last(0), {"model", "type", "name"}))
    return {"model", 2, false};
  // Firmware and software versions.
  if (is_one_of(last(0), {"firmware", "fw"})) return {"firmware", 1, false};
  if (version_word(last(0))) {
    if (is_one_of(last(1),
                  {"firmware", "fw", "software", "sw", "os", "image", "img", "system", "sys"}))
      return {"firmware", 2, is_one_of(last(1), {"firmware", "software", "sw"})};
    if (is_one_of(last(1), {"ident", "identification", "product", "device", "unit", "box",
                            "chassis", "switch", "router", "appliance"}))
      return {"firmware", 1, false};
    if (last(0) == "version" && n == 1) return {"firmware", 1, false};
  }
  if (last(0) == "string" && version_word(last(1)) &&
      is_one_of(last(2), {"firmware", "fw", "software", "sw", "os", "image", "system", "sys"}))
    return {"firmware", 3, false};
  return {};
}

// Words naming a part of the device, another device, or something that is
// not the device's own identity: an object among them is not for the
// device's fields.
bool names_something_else(const std::string& word) {
  return is_one_of(
      word,
      {
          "battery",  "batt",        "bat",          "fan",        "fans",        "psu",
          "supply",   "ps",          "transceiver",  "xcvr",       "sfp",         "xfp",
          "gbic",     "qsfp",        "optic",        "optics",     "optical",     "port",
          "ports",    "peer",        "peers",        "neighbor",   "neighbour",   "remote",
          "rem",      "license",     "licence",      "lic",        "disk",        "disks",
          "drive",    "hdd",         "ssd",          "raid",       "volume",      "vol",
          "sensor",   "lamp",        "station",      "sta",        "client",      "clients",
          "user",     "cpe",         "ont",          "onu",        "card",        "cards",
          "module",   "modules",     "blade",        "slot",       "linecard",    "lc",
          "line",     "interface",   "if",           "cable",      "antenna",     "outlet",
          "bank",     "phase",       "cpu",          "memory",     "mem",         "dimm",
          "flash",    "modem",       "sim",          "gps",        "camera",      "cam",
          "printer",  "cartridge",   "toner",        "tray",       "vm",          "tunnel",
          "vpn",      "certificate", "cert",         "key",        "backup",      "ha",
          "vdom",     "session",     "alarm",        "event",      "trap",        "test",
          "diag",     "download",    "upgrade",      "update",     "spare",       "sub",
          "slave",    "expansion",   "daughter",     "mezz",       "pim",         "pic",
          "fpc",      "mic",         "pem",          "nic",        "adapter",     "storage",
          "tape",     "accessory",   "probe",        "radio",      "mesh",        "cluster",
          "vehicle",  "inverter",    "meter",        "phone",      "handset",     "terminal",
          "endpoint", "lan",         "wan",          "dsl",        "sensors",     "boot",
          "bootrom",  "rom",         "bios",         "loader",     "uboot",       "cpld",
          "fpga",     "pcb",         "protocol",     "api",        "schema",      "spec",
          "db",       "database",    "signature",    "sig",        "av",          "ips",
          "virus",    "antivirus",   "engine",       "pattern",    "def",         "definition",
          "rule",     "rules",       "standby",      "partition",  "agentx",      "dhcp",
          "ntp",      "radius",      "ldap",         "ssh",        "ssl",         "tls",
          "http",     "web",         "java",         "app",        "application", "plugin",
          "package",  "pkg",         "patch",        "hotfix",     "bgp",         "ospf",
          "isis",     "mpls",        "vlan",         "stp",        "lldp",        "cdp",
          "edp",      "vendor",      "manufacturer", "mfg",        "manuf",       "oem",
          "customer", "cust",        "order",        "part",       "asset",       "location",
          "contact",  "description", "descr",        "desc",       "comment",     "alias",
          "dsp",      "codec",       "tx",           "rx",         "laser",       "wavelength",
          "feature",  "service",     "vnf",          "container",  "docker",      "guest",
          "oam",      "efm",         "cfm",          "mep",        "downstream",  "upstream",
          "child",    "parent",      "satellite",    "extender",   "fex",         "iom",
          "ioa",      "fru",         "io",           "ccm",        "cmc",         "idrac",
          "drac",     "ilo",         "rectifier",    "controller", "bmc",         "ipmi",
          "kvm",
      });
}

// Words qualifying a version or a name as not the running one ("next",
// "minimum", "previous"): they say so of the object they stand in, not of
// a group around it, where they are more often a product's name (EdgeMax).
bool qualifies_as_another(const std::string& word) {
  return is_one_of(
      word, {"next",     "new",  "target", "pending",   "alternate", "alt",        "secondary",
             "previous", "prev", "old",    "available", "avail",     "latest",     "required",
             "req",      "min",  "max",    "minimum",   "compat",    "compatible", "expected"});
}

// Words naming the device itself: the owner an identity object should have.
bool names_the_device(const std::string& word) {
  return is_one_of(word, {"chassis",   "chas",     "system",  "sys",      "unit",      "box",
                          "device",    "dev",      "product", "prod",     "switch",    "router",
                          "appliance", "node",     "ne",      "shelf",    "equipment", "equip",
                          "machine",   "platform", "stack",   "master",   "main",      "base",
                          "ident",     "identity", "info",    "global",   "general",   "agent",
                          "inventory", "nas",      "gateway", "firewall", "host",      "server"});
}

// A part named in full: a word that says so even as a descriptor's first
// word, where a short word is more often the vendor's prefix (hw, sn, ap).
bool names_a_part_in_full(const std::string& word) {
  return word.size() > 4 || is_one_of(word, {"fan", "fans", "psu", "sfp", "xfp", "gbic", "qsfp",
                                             "port", "peer", "disk", "card", "slot", "cpu", "ups",
                                             "pdu", "lamp", "ont", "onu", "cam"});
}

// The words of a name with its vendor prefix left out: a first word of up
// to four letters followed by at least two more.
Words without_prefix(Words words) {
  if (words.size() >= 3 && words.front().size() <= 4 && !names_a_part_in_full(words.front()) &&
      !names_the_device(words.front()))
    words.erase(words.begin());
  return words;
}

bool is_address_or_date(const std::string& textual_convention) {
  std::string folded = textual_convention;
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const std::string_view word : {"mac", "addr", "date", "time", "bits", "octet", "uuid"})
    if (folded.find(word) != std::string::npos && folded != "octet string") return true;
  return false;
}

}  // namespace

std::vector<std::string> descriptor_words(std::string_view descriptor) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < descriptor.size(); ++i) {
    const auto c = static_cast<unsigned char>(descriptor[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    if (!word.empty()) {
      const auto previous = static_cast<unsigned char>(descriptor[i - 1]);
      const bool next_lower =
          i + 1 < descriptor.size() && std::islower(static_cast<unsigned char>(descriptor[i + 1]));
      // lower->Upper, letter<->digit, and the last capital of a run that
      // starts a word ("SWVersion" -> SW Version).
      if ((std::isupper(c) && (std::islower(previous) || std::isdigit(previous))) ||
          (std::isupper(c) && std::isupper(previous) && next_lower) ||
          (std::isdigit(c) != 0) != (std::isdigit(previous) != 0))
        flush();
    }
    word += static_cast<char>(std::tolower(c));
  }
  flush();
  return words;
}

std::optional<scanner::IdentityObject> identity_role(const MibObjectFacts& facts) {
  if (!facts.readable || !facts.is_string || is_address_or_date(facts.textual_convention))
    return std::nullopt;
  const Words words = descriptor_words(facts.descriptor);
  const FieldTail tail = field_tail(words);
  if (tail.length == 0) return std::nullopt;
  // The words before the field's own: the object's owner ("chassis" in
  // chassisSerialNumber), without the vendor's prefix (hw, jnx, sn).
  Words owner = without_prefix(words);
  owner.resize(owner.size() >= tail.length ? owner.size() - tail.length : 0);
  Words around;
  // The nearest groups only: farther ones are the module's and the vendor's
  // (mikrotikExperimentalModule), not the object's owner.
  constexpr std::size_t groups_read = 3;
  for (std::size_t i = 0; i < facts.ancestors.size() && i < groups_read; ++i)
    for (std::string& word : without_prefix(descriptor_words(facts.ancestors[i])))
      around.push_back(std::move(word));
  if (facts.column) {
    if (facts.indexes.empty() || facts.indexes.size() > 2) return std::nullopt;
    for (const auto& index : facts.indexes) {
      if (!index.is_integer) return std::nullopt;
      for (std::string& word : descriptor_words(index.descriptor))
        around.push_back(std::move(word));
    }
  }
  for (const Words* list : {&owner, &around})
    for (const std::string& word : *list)
      if (names_something_else(word)) return std::nullopt;
  if (std::any_of(owner.begin(), owner.end(), qualifies_as_another)) return std::nullopt;
  int rank = 0;
  std::set<std::string> device_words;
  for (const Words* list : {&owner, &around})
    for (const std::string& word : *list)
      if (names_the_device(word)) device_words.insert(word);
  rank += 4 * static_cast<int>(std::min<std::size_t>(device_words.size(), 3));
  if (std::any_of(owner.begin(), owner.end(), names_the_device)) rank += 4;
  if (!facts.column) rank += 2;
  if (tail.exact) rank += 1;
  // A bare "version" counts only inside a group that names the device.
  if (tail.field == "firmware" && words.size() == 1 && device_words.empty()) return std::nullopt;
  scanner::IdentityObject object;
  object.oid = facts.oid;
  object.module = facts.module;
  object.descriptor = facts.descriptor;
  object.field = tail.field;
  object.column = facts.column;
  object.rank = rank;
  return object;
}

}  // namespace kensa::feeds
