// LLDP-MIB (IEEE 802.1AB-2005, 1.0.8802.1.1.2) and LLDP-V2-MIB
// (802.1AB-2009, 1.3.111.2.802.1.1.13): remote systems and their
// management addresses, and the inventory LLDP-MED endpoints (phones,
// access points) report of themselves (LLDP-EXT-MED-MIB). Where the
// standard tables are empty, the vendor LLDP MIBs that mirror them: Nokia
// SR OS keeps its remote systems in TIMETRA-LLDP-MIB only.

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "scanner/collectors.hpp"
#include "scanner/mac_address.hpp"

namespace kensa::scanner {
namespace {

struct RemoteTableLayout {
  Oid remote_entry;                 // lldpRemEntry / lldpV2RemEntry
  Oid management_entry;             // lldpRemManAddrEntry / lldpV2RemManAddrEntry
  std::size_t index_length;         // timeMark, localPort(, destMac), index
  std::size_t local_port_position;  // which index component names the local port
  bool local_port_is_if_index;
  std::uint32_t chassis_subtype, chassis_id, port_subtype, port_id, port_description, system_name,
      system_description;
  std::optional<Oid> med_inventory_entry;  // lldpXMedRemInventoryEntry, same index
};

const std::array<RemoteTableLayout, 3> layouts{{
    {{1, 0, 8802, 1, 1, 2, 1, 4, 1, 1},
     {1, 0, 8802, 1, 1, 2, 1, 4, 2, 1},
     3,
     1,
     false,
     4,
     5,
     6,
     7,
     8,
     9,
     10,
     Oid{1, 0, 8802, 1, 1, 2, 1, 5, 4795, 1, 3, 3, 1}},
    {{1, 3, 111, 2, 802, 1, 1, 13, 1, 4, 1, 1},
     {1, 3, 111, 2, 802, 1, 1, 13, 1, 4, 2, 1},
     4,
     1,
     true,
     5,
     6,
     7,
     8,
     9,
     10,
     11,
     std::nullopt},
    // TIMETRA-LLDP-MIB tmnxLldpRemEntry (tmnxLldpRemoteSystemsData 1.1):
    // index timeMark, ifIndex, destination MAC table index, remote index;
    // columns 4-10 as in LLDP-MIB's 4-10, shifted by none.
    {{1, 3, 6, 1, 4, 1, 6527, 3, 1, 2, 59, 4, 1, 1},
     {1, 3, 6, 1, 4, 1, 6527, 3, 1, 2, 59, 4, 2, 1},
     4,
     1,
     true,
     4,
     5,
     6,
     7,
     8,
     9,
     10,
     std::nullopt},
}};

std::string chassis_subtype_name(std::int64_t subtype) {
  switch (subtype) {
    case 1: return "chassisComponent";
    case 2: return "interfaceAlias";
    case 3: return "portComponent";
    case 4: return "macAddress";
    case 5: return "networkAddress";
    case 6: return "interfaceName";
    case 7: return "local";
    default: return "unknown";
  }
}

std::string port_subtype_name(std::int64_t subtype) {
  switch (subtype) {
    case 1: return "interfaceAlias";
    case 2: return "portComponent";
    case 3: return "macAddress";
    case 4: return "networkAddress";
    case 5: return "interfaceName";
    case 6: return "agentCircuitId";
    case 7: return "local";
    default: return "unknown";
  }
}

std::string ip_text(int family, std::string_view octets) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (inet_ntop(family, octets.data(), text.data(), text.size()) == nullptr) return {};
  return text.data();
}

// networkAddress subtypes carry an IANA address family octet first.
std::string network_address(std::string_view octets) {
  if (octets.size() == 5 && octets[0] == 1) return ip_text(AF_INET, octets.substr(1));
  if (octets.size() == 17 && octets[0] == 2) return ip_text(AF_INET6, octets.substr(1));
  return format_mac(octets);
}

std::string identifier_text(const std::string& subtype, const std::string& octets) {
  if (subtype == "macAddress" && octets.size() == 6) return format_mac(octets);
  if (subtype == "networkAddress") return network_address(octets);
  return octets;
}

std::map<std::uint32_t, std::string> local_port_names(const SnmpSource& source) {
  std::map<std::uint32_t, std::string> names;
  const Oid entry{1, 0, 8802, 1, 1, 2, 1, 3, 7, 1};
  for (const VarBind& row : source.walk(entry)) {
    if (row.oid.size() != entry.size() + 2 || row.value.type != ValueType::octet_string) continue;
    const std::uint32_t column = row.oid[entry.size()];
    // lldpLocPortDesc (4) is the readable one; lldpLocPortId (3) the fallback.
    if (column == 4 && !row.value.octets.empty()) names[row.oid.back()] = row.value.octets;
    if (column == 3 && !names.contains(row.oid.back())) names[row.oid.back()] = row.value.octets;
  }
  return names;
}

// lldpXMedRemInventoryEntry: 1 hardware, 2 firmware, 3 software revision,
// 4 serial, 5 manufacturer, 6 model name, 7 asset id. The neighbour's own
// word for its model, software and maker.
void add_med_inventory(const SnmpSource& source, const Oid& entry,
                       std::map<Oid, Neighbor>& by_index) {
  std::map<Oid, std::string> firmware_revisions;
  for (const VarBind& row : source.walk(entry)) {
    if (row.oid.size() != entry.size() + 4 || row.value.type != ValueType::octet_string ||
        row.value.octets.empty())
      continue;
    const Oid index(row.oid.begin() + static_cast<std::ptrdiff_t>(entry.size() + 1), row.oid.end());
    const auto neighbor = by_index.find(index);
    if (neighbor == by_index.end()) continue;
    switch (row.oid[entry.size()]) {
      case 2: firmware_revisions[index] = row.value.octets; break;
      case 3: neighbor->second.firmware = row.value.octets; break;
      case 5: neighbor->second.vendor = row.value.octets; break;
      case 6: neighbor->second.model = row.value.octets; break;
      default: break;
    }
  }
  for (auto& [index, firmware] : firmware_revisions)
    if (auto& neighbor = by_index[index]; !neighbor.firmware) neighbor.firmware = firmware;
}

void collect_layout(const SnmpSource& source, const RemoteTableLayout& layout,
                    const std::map<std::uint32_t, std::string>& port_names, Device& device) {
  std::map<Oid, Neighbor> by_index;
  std::map<Oid, std::string> chassis_raw, port_raw;
  for (const VarBind& row : source.walk(layout.remote_entry)) {
    const std::size_t base = layout.remote_entry.size();
    if (row.oid.size() != base + 1 + layout.index_length) continue;
    const std::uint32_t column = row.oid[base];
    const Oid index(row.oid.begin() + static_cast<std::ptrdiff_t>(base + 1), row.oid.end());
    Neighbor& neighbor = by_index[index];
    const SnmpValue& value = row.value;
    const bool text = value.type == ValueType::octet_string;
    if (column == layout.chassis_subtype && value.type == ValueType::integer)
      neighbor.chassis_id_subtype = chassis_subtype_name(value.number);
    else if (column == layout.chassis_id && text)
      chassis_raw[index] = value.octets;
    else if (column == layout.port_subtype && value.type == ValueType::integer)
      neighbor.port_id_subtype = port_subtype_name(value.number);
    else if (column == layout.port_id && text)
      port_raw[index] = value.octets;
    else if (column == layout.port_description && text)
      neighbor.port_description = value.octets;
    else if (column == layout.system_name && text &&
             value.octets.find_first_not_of(" \t") != std::string::npos)
      neighbor.system_name = value.octets;  // an empty or blank name is none
    else if (column == layout.system_description && text)
      neighbor.system_description = value.octets;
  }
  for (auto& [index, neighbor] : by_index) {
    if (const auto raw = chassis_raw.find(index); raw != chassis_raw.end())
      neighbor.chassis_id = identifier_text(neighbor.chassis_id_subtype, raw->second);
    if (const auto raw = port_raw.find(index); raw != port_raw.end())
      neighbor.port_id = identifier_text(neighbor.port_id_subtype, raw->second);
    const std::uint32_t port = index[layout.local_port_position];
    if (const auto name = port_names.find(port); name != port_names.end())
      neighbor.local_port = name->second;
    else
      neighbor.local_port = std::to_string(port);
  }
  // Management addresses are in the index: ...index, subtype, length, octets.
  for (const VarBind& row : source.walk(layout.management_entry)) {
    const std::size_t base = layout.management_entry.size() + 1;
    if (row.oid.size() < base + layout.index_length + 2) continue;
    const Oid index(row.oid.begin() + static_cast<std::ptrdiff_t>(base),
                    row.oid.begin() + static_cast<std::ptrdiff_t>(base + layout.index_length));
    const auto neighbor = by_index.find(index);
    if (neighbor == by_index.end()) continue;
    const std::uint32_t family = row.oid[base + layout.index_length];
    const std::uint32_t length = row.oid[base + layout.index_length + 1];
    if (row.oid.size() != base + layout.index_length + 2 + length) continue;
    std::string octets;
    for (std::size_t i = base + layout.index_length + 2; i < row.oid.size(); ++i)
      octets.push_back(static_cast<char>(row.oid[i] & 0xFFU));
    ManagementAddress address;
    if (family == 1 && length == 4)
      address = {"ipv4", ip_text(AF_INET, octets)};
    else if (family == 2 && length == 16)
      address = {"ipv6", ip_text(AF_INET6, octets)};
    else
      address = {std::to_string(family), format_mac(octets)};
    auto& list = neighbor->second.management_addresses;
    bool seen = false;
    for (const auto& known : list) seen = seen || known.address == address.address;
    if (!seen) list.push_back(address);
  }
  if (layout.med_inventory_entry) add_med_inventory(source, *layout.med_inventory_entry, by_index);
  for (auto& [index, neighbor] : by_index) device.neighbors.push_back(std::move(neighbor));
}

// lldpLocChassisIdSubtype and lldpLocChassisId: the device's own chassis MAC,
// which names it across address changes.
void collect_local_chassis(const SnmpSource& source, Device& device) {
  const Oid subtype_oid{1, 0, 8802, 1, 1, 2, 1, 3, 1};
  const Oid id_oid{1, 0, 8802, 1, 1, 2, 1, 3, 2};
  std::int64_t subtype = 0;
  for (const VarBind& row : source.walk(subtype_oid))
    if (row.value.type == ValueType::integer) subtype = row.value.number;
  if (subtype != 4) return;
  for (const VarBind& row : source.walk(id_oid))
    if (row.value.type == ValueType::octet_string && row.value.octets.size() == 6)
      device.chassis_mac = format_mac(row.value.octets);
}

}  // namespace

void collect_lldp(const SnmpSource& source, Device& device) {
  collect_local_chassis(source, device);
  const auto port_names = local_port_names(source);
  const std::map<std::uint32_t, std::string> if_names = interface_names(device);
  collect_layout(source, layouts[0], port_names, device);
  collect_layout(source, layouts[1], if_names, device);
  const bool standard_tables_empty =
      std::none_of(device.neighbors.begin(), device.neighbors.end(),
                   [](const Neighbor& neighbor) { return neighbor.protocol == "lldp"; });
  if (standard_tables_empty) collect_layout(source, layouts[2], if_names, device);
}

std::vector<Oid> vendor_collected_subtrees(std::optional<std::uint32_t> enterprise) {
  if (enterprise == 6527U)  // Nokia (Alcatel-Lucent, Timetra) SR OS
    return {layouts[2].remote_entry, layouts[2].management_entry};
  return {};
}

const std::vector<Oid>& collected_subtrees() {
  static const std::vector<Oid> subtrees{
      {1, 3, 6, 1, 2, 1, 1},                          // system
      {1, 3, 6, 1, 6, 3, 10, 2, 1, 1},                // snmpEngineID
      {1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1},             // entPhysicalEntry
      {1, 3, 6, 1, 2, 1, 2, 2, 1, 2},                 // ifDescr
      {1, 3, 6, 1, 2, 1, 2, 2, 1, 6},                 // ifPhysAddress
      {1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1},             // ifName
      {1, 0, 8802, 1, 1, 2, 1, 3, 1},                 // lldpLocChassisIdSubtype
      {1, 0, 8802, 1, 1, 2, 1, 3, 2},                 // lldpLocChassisId
      {1, 0, 8802, 1, 1, 2, 1, 3, 7, 1},              // lldpLocPortEntry
      {1, 0, 8802, 1, 1, 2, 1, 4, 1, 1},              // lldpRemEntry
      {1, 0, 8802, 1, 1, 2, 1, 4, 2, 1},              // lldpRemManAddrEntry
      {1, 0, 8802, 1, 1, 2, 1, 5, 4795, 1, 3, 3, 1},  // lldpXMedRemInventoryEntry
      {1, 3, 111, 2, 802, 1, 1, 13, 1, 4, 1, 1},      // lldpV2RemEntry
      {1, 3, 111, 2, 802, 1, 1, 13, 1, 4, 2, 1},      // lldpV2RemManAddrEntry
      {1, 3, 6, 1, 4, 1, 9, 9, 23, 1, 2, 1, 1},       // cdpCacheEntry
  };
  return subtrees;
}

}  // namespace kensa::scanner
