#pragma once
// The SNMPv2-MIB system group (1.3.6.1.2.1.1) of one device, and a poll that
// reads it.
//
// Contract: strings are the raw octets the agent sent (untrusted, maybe not
// UTF-8, at most max_value_octets each); a column the agent does not have is
// nullopt. poll_system_group blocks for at most
// timeout * (retries + 1) per request it sends (one GET, plus one diagnostic
// GET when an authPriv request goes unanswered) and never throws for anything
// a device does; it throws std::invalid_argument only for invalid
// credentials.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "scanner/credentials.hpp"
#include "scanner/endpoint.hpp"
#include "scanner/poll_outcome.hpp"

namespace kensa::scanner {

inline constexpr std::size_t max_value_octets = 65535;

struct SystemGroup {
  std::optional<std::string> descr;      // sysDescr.0
  std::optional<std::string> object_id;  // sysObjectID.0, dotted numeric
  std::optional<std::uint32_t> uptime;   // sysUpTime.0, hundredths of a second
  std::optional<std::string> contact;    // sysContact.0
  std::optional<std::string> name;       // sysName.0
  std::optional<std::string> location;   // sysLocation.0
};

struct PollOptions {
  std::chrono::milliseconds timeout{1000};
  int retries = 1;
};

struct SystemGroupPoll {
  PollOutcome outcome;
  SystemGroup system;
  std::string engine_id;  // SNMPv3 authoritative engine id, raw octets; empty for v1/v2c
};

SystemGroupPoll poll_system_group(const Endpoint& target, const Credentials& credentials,
                                  const PollOptions& options);

// "3d 04:05:06.78" for a TimeTicks value.
std::string format_uptime(std::uint32_t ticks);

}  // namespace kensa::scanner
