#pragma once
// Polling one device: pick the first credential profile it answers, read
// its system group, and walk the requested subtrees.
//
// Contract: profiles are tried in order until one gets an answer to the
// system-group GET; `profile` names the winner. If none does, outcome is
// the most telling failure (a refused credential before silence) and
// `attempts` lists each profile's outcome. For SNMPv3 the engine id found
// during discovery is kept even when every credential is refused. A poll
// the engine's stop() cut short ends `interrupted`, without walks or
// identity. Never throws for anything a device does.
// The poll borrows the engine, the profiles and the identification data
// until its awaitable completes; run it on the engine's thread.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scanner/agent_session.hpp"
#include "scanner/device.hpp"
#include "scanner/identification.hpp"
#include "scanner/system_group.hpp"

namespace kensa::scanner {

struct DevicePollRequest {
  std::vector<Oid> walks;
  // When set, also walk every subtree the collectors read and identify the
  // device from them, exactly as `kensa identify` does from a walk file.
  const IdentificationData* identification = nullptr;
  WalkOptions walk_options;
  int repetitions = default_bulk_repetitions;
};

struct SubtreeWalk {
  Oid root;
  WalkResult result;
};

struct DevicePoll {
  std::string target;  // as the user wrote it, resolved: "192.0.2.1:161"
  PollOutcome outcome;
  std::optional<std::size_t> profile;
  std::vector<PollOutcome> attempts;
  std::string engine_id;
  SystemGroup system;
  std::vector<SubtreeWalk> walks;
  // Held by pointer: a DevicePoll lives in the coroutine frames of every
  // device in flight, and a Device is large.
  std::unique_ptr<Device> identity;
};

asio::awaitable<DevicePoll> poll_device(SnmpEngine& engine, udp::endpoint target,
                                        std::string display_name,
                                        std::span<const Credentials> profiles,
                                        const DevicePollRequest& request);

// The system group out of GET results; other OIDs are ignored.
SystemGroup system_group_from(const std::vector<VarBind>& varbinds);

// sysDescr.0 ... sysLocation.0
const std::vector<Oid>& system_group_oids();

}  // namespace kensa::scanner
