// CISCO-CDP-MIB cdpCacheTable (1.3.6.1.4.1.9.9.23.1.2.1.1): neighbours that
// Cisco and many other vendors' devices learn over CDP.

#include <arpa/inet.h>

#include <array>
#include <map>

#include "scanner/collectors.hpp"

namespace kensa::scanner {

void collect_cdp(const SnmpSource& source, Device& device) {
  const Oid cache_entry{1, 3, 6, 1, 4, 1, 9, 9, 23, 1, 2, 1, 1};
  const std::map<std::uint32_t, std::string> if_names = interface_names(device);
  std::map<std::pair<std::uint32_t, std::uint32_t>, Neighbor> by_index;
  for (const VarBind& row : source.walk(cache_entry)) {
    if (row.oid.size() != cache_entry.size() + 3 || row.value.type != ValueType::octet_string)
      continue;
    const std::uint32_t column = row.oid[cache_entry.size()];
    const auto key = std::make_pair(row.oid[cache_entry.size() + 1], row.oid.back());
    Neighbor& neighbor = by_index[key];
    neighbor.protocol = "cdp";
    const std::string& text = row.value.octets;
    switch (column) {
      case 4:  // cdpCacheAddress: four octets when cdpCacheAddressType is ip(1)
        if (text.size() == 4) {
          std::array<char, INET_ADDRSTRLEN> printable{};
          if (inet_ntop(AF_INET, text.data(), printable.data(), printable.size()) != nullptr)
            neighbor.management_addresses.push_back({"ipv4", printable.data()});
        }
        break;
      case 5: neighbor.system_description = text; break;
      case 6:
        neighbor.system_name = text;
        neighbor.chassis_id = text;
        neighbor.chassis_id_subtype = "local";
        break;
      case 7:
        neighbor.port_id = text;
        neighbor.port_id_subtype = "interfaceName";
        break;
      case 8: neighbor.platform = text; break;
      default: break;
    }
  }
  for (auto& [key, neighbor] : by_index) {
    const auto name = if_names.find(key.first);
    neighbor.local_port = name != if_names.end() ? name->second : std::to_string(key.first);
    device.neighbors.push_back(std::move(neighbor));
  }
}

}  // namespace kensa::scanner
