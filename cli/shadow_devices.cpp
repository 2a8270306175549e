#include "cli/shadow_devices.hpp"

#include <set>

namespace kensa::cli {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::vector<riskdb::Sighting> shadow_devices(const std::vector<PolledDevice>& polled) {
  std::set<std::string> known;
  for (const auto& [device, address] : polled) {
    if (device.chassis_mac) known.insert("mac:" + lower(*device.chassis_mac));
    if (device.sys_name) known.insert("name:" + lower(*device.sys_name));
    known.insert("address:" + address);
  }
  const auto polled_at_address = [&](const scanner::Neighbor& neighbor) {
    for (const auto& management : neighbor.management_addresses)
      if (known.contains("address:" + management.address)) return true;
    return false;
  };
  std::vector<riskdb::Sighting> shadows;
  for (const auto& [device, polled_address] : polled)
    for (const scanner::Neighbor& neighbor : device.neighbors) {
      std::optional<std::string> mac;
      if (neighbor.chassis_id_subtype == "macAddress" && neighbor.chassis_id)
        mac = lower(*neighbor.chassis_id);
      const auto name =
          neighbor.system_name ? std::optional(lower(*neighbor.system_name)) : std::nullopt;
      // Without a name or a MAC, the chassis id of another subtype names it.
      std::optional<std::string> chassis;
      if (!mac && !name && neighbor.chassis_id && !neighbor.chassis_id->empty())
        chassis = neighbor.chassis_id_subtype + ":" + *neighbor.chassis_id;
      if (!mac && !name && !chassis) continue;  // nothing to name it by
      if ((mac && known.contains("mac:" + *mac)) || (name && known.contains("name:" + *name)) ||
          (chassis && known.contains("chassis:" + *chassis)) || polled_at_address(neighbor))
        continue;
      if (mac) known.insert("mac:" + *mac);
      if (name) known.insert("name:" + *name);
      if (chassis) known.insert("chassis:" + *chassis);
      riskdb::Sighting sighting;
      sighting.neighbor_only = true;
      sighting.neighbor_chassis_id = chassis;
      scanner::Device& shadow = sighting.device;
      shadow.source = "neighbour of " + device.sys_name.value_or(device.source) + " on " +
                      neighbor.local_port.value_or("?");
      shadow.sys_name = neighbor.system_name;
      shadow.sys_descr = neighbor.system_description;
      shadow.vendor = neighbor.vendor;
      shadow.os = neighbor.os;
      shadow.model = neighbor.model;
      shadow.firmware = neighbor.firmware;
      shadow.chassis_mac = mac;
      const std::string seen_by = "LLDP/CDP table of " + device.source;
      for (const auto& [field, value] : {std::pair{"vendor", neighbor.vendor},
                                         {"os", neighbor.os},
                                         {"model", neighbor.model},
                                         {"firmware", neighbor.firmware}})
        if (value)
          shadow.evidence.push_back(
              {field, *value, seen_by,
               neighbor.system_description.value_or(
                   neighbor.platform.value_or(neighbor.chassis_id.value_or(""))),
               "neighbour identification (system description, CDP platform, chassis MAC)"});
      for (const auto& address : neighbor.management_addresses)
        if (!sighting.address && (address.family == "ipv4" || address.family == "ipv6"))
          sighting.address = address.address;
      shadows.push_back(std::move(sighting));
    }
  return shadows;
}

}  // namespace kensa::cli
