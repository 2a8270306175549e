#pragma once
// Collectors: each reads one MIB from an SnmpSource into a Device. They
// read, they do not judge: identification (identify.hpp) decides what the
// values mean.
//
// Contract: a collector never throws for what a device holds; missing or
// malformed values leave fields unknown. collected_subtrees() lists every
// subtree the collectors read from every device, and
// vendor_collected_subtrees those they read from a device of that
// sysObjectID enterprise only (vendor LLDP MIBs), so a live poll can fetch
// exactly those.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scanner/device.hpp"
#include "scanner/snmp_source.hpp"

namespace kensa::scanner {

void collect_system(const SnmpSource& source, Device& device);  // SNMPv2-MIB system
void collect_engine_id(const SnmpSource& source,
                       Device& device);                           // SNMP-FRAMEWORK-MIB snmpEngineID
void collect_entities(const SnmpSource& source, Device& device);  // ENTITY-MIB entPhysicalTable
void collect_interfaces(const SnmpSource& source, Device& device);  // IF-MIB ifTable, ifXTable
void collect_lldp(const SnmpSource& source, Device& device);  // LLDP-MIB, LLDP-V2-MIB, vendors
void collect_cdp(const SnmpSource& source, Device& device);   // CISCO-CDP-MIB cdpCacheTable

const std::vector<Oid>& collected_subtrees();
std::vector<Oid> vendor_collected_subtrees(std::optional<std::uint32_t> enterprise);

// ifIndex to the interface's name (ifName, else ifDescr), after collect_interfaces.
std::map<std::uint32_t, std::string> interface_names(const Device& device);

}  // namespace kensa::scanner
