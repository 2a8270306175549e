#pragma once
// The SNMPv2-MIB system group (1.3.6.1.2.1.1) of one device.
//
// Contract: strings are the raw octets the agent sent (untrusted, maybe not
// UTF-8); a column the agent does not have is nullopt.

#include <cstdint>
#include <optional>
#include <string>

namespace kensa::scanner {

struct SystemGroup {
  std::optional<std::string> descr;      // sysDescr.0
  std::optional<std::string> object_id;  // sysObjectID.0, dotted numeric
  std::optional<std::uint32_t> uptime;   // sysUpTime.0, hundredths of a second
  std::optional<std::string> contact;    // sysContact.0
  std::optional<std::string> name;       // sysName.0
  std::optional<std::string> location;   // sysLocation.0
};

// "3d 04:05:06.78" for a TimeTicks value.
std::string format_uptime(std::uint32_t ticks);

}  // namespace kensa::scanner
