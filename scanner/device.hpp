#pragma once
// What kensa knows about one device: identity, modules, neighbours, and the
// evidence for each identified field.
//
// Contract: every optional that is empty means "not known"; kensa never
// stores a guess. Strings are as the device sent them (untrusted octets)
// unless a field says it is normalised.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kensa::scanner {

// Why a field has its value: which rule, reading which OID and value.
struct Evidence {
  std::string field;     // "vendor", "model", "firmware", "serial", "os"
  std::string value;     // what kensa concluded
  std::string source;    // "sysObjectID", "sysDescr", "entPhysicalModelName.1", an OID, ...
  std::string observed;  // the raw value read there
  std::string rule;      // the rule or built-in logic that concluded it
};

// One row of ENTITY-MIB's entPhysicalTable.
struct Module {
  std::uint32_t index = 0;
  std::uint32_t contained_in = 0;
  int physical_class = 0;  // ENTITY-MIB PhysicalClass: 3 chassis, 6 powerSupply, 9 module, ...
  std::string class_name;  // "chassis", "module", ...
  std::optional<std::string> description, name, model, serial, firmware, software,
      hardware_revision, manufacturer, vendor_type;
  std::optional<bool> field_replaceable;
};

struct ManagementAddress {
  std::string family;   // "ipv4", "ipv6", or the IANA address family number
  std::string address;  // printable form
};

// One LLDP neighbour as the device's remote table lists it.
struct Neighbor {
  std::string protocol = "lldp";  // or "cdp"
  std::optional<std::string> local_port;
  std::optional<std::string> chassis_id;
  std::string chassis_id_subtype;  // "macAddress", "networkAddress", "local", ...
  std::optional<std::string> port_id;
  std::string port_id_subtype;
  std::optional<std::string> port_description, system_name, system_description;
  std::optional<std::string> platform;  // CDP's cdpCachePlatform: the neighbour's model
  std::vector<ManagementAddress> management_addresses;
  // What identification makes of it: vendor from its system description
  // (the rules that read sysDescr alone), else the maker its LLDP-MED
  // inventory names, else its CDP platform, else its chassis MAC's OUI; OS,
  // model and firmware from its system description, else its LLDP-MED
  // inventory (model name, software or firmware revision).
  std::optional<std::string> vendor, os, model, firmware;
};

struct Interface {
  std::uint32_t index = 0;
  std::optional<std::string> name, description, mac;
};

struct Device {
  std::string source;  // walk file, or HOST:PORT
  std::optional<std::string> sys_descr, sys_object_id, sys_name, sys_contact, sys_location;
  std::optional<std::uint32_t> sys_uptime;
  std::optional<std::string> engine_id;     // hex
  std::optional<std::uint32_t> enterprise;  // from sysObjectID
  std::optional<std::string> vendor, os, model, firmware, serial;
  std::optional<std::string> chassis_mac;  // LLDP's own chassis id, when it is a MAC
  std::vector<Module> modules;
  std::vector<Neighbor> neighbors;
  std::vector<Interface> interfaces;
  std::vector<Evidence> evidence;
};

}  // namespace kensa::scanner
