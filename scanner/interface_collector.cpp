#include <map>

#include "scanner/collectors.hpp"
#include "scanner/mac_address.hpp"

namespace kensa::scanner {

void collect_interfaces(const SnmpSource& source, Device& device) {
  const Oid if_entry{1, 3, 6, 1, 2, 1, 2, 2, 1};
  const Oid if_x_entry{1, 3, 6, 1, 2, 1, 31, 1, 1, 1};
  std::map<std::uint32_t, Interface> by_index;
  for (const VarBind& row : source.walk(if_entry)) {
    if (row.oid.size() != if_entry.size() + 2 || row.value.type != ValueType::octet_string)
      continue;
    Interface& interface = by_index[row.oid.back()];
    interface.index = row.oid.back();
    const std::uint32_t column = row.oid[if_entry.size()];
    if (column == 2) interface.description = row.value.octets;
    if (column == 6 && row.value.octets.size() == 6) interface.mac = format_mac(row.value.octets);
  }
  for (const VarBind& row : source.walk(Oid{1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1})) {
    if (row.oid.size() != if_x_entry.size() + 2 || row.value.type != ValueType::octet_string)
      continue;
    Interface& interface = by_index[row.oid.back()];
    interface.index = row.oid.back();
    interface.name = row.value.octets;
  }
  for (auto& [index, interface] : by_index) device.interfaces.push_back(std::move(interface));
}

std::map<std::uint32_t, std::string> interface_names(const Device& device) {
  std::map<std::uint32_t, std::string> names;
  for (const Interface& interface : device.interfaces) {
    if (interface.name)
      names[interface.index] = *interface.name;
    else if (interface.description)
      names[interface.index] = *interface.description;
  }
  return names;
}

}  // namespace kensa::scanner
