#include "scanner/device_poll.hpp"

#include <memory>

#include "scanner/collectors.hpp"

namespace kensa::scanner {
namespace {

const Oid system_prefix{1, 3, 6, 1, 2, 1, 1};

// A refused credential says more than silence: report the first of those.
PollOutcome most_telling(const std::vector<PollOutcome>& attempts) {
  for (const PollOutcome& attempt : attempts)
    if (attempt.status != PollStatus::no_response) return attempt;
  return attempts.empty() ? PollOutcome{PollStatus::transport_error, "no credential to try"}
                          : attempts.back();
}

const std::string& text_of(const SnmpValue& value) { return value.octets; }

}  // namespace

const std::vector<Oid>& system_group_oids() {
  static const std::vector<Oid> oids = [] {
    std::vector<Oid> all;
    for (std::uint32_t column = 1; column <= 6; ++column) {
      Oid oid = system_prefix;
      oid.push_back(column);
      oid.push_back(0);
      all.push_back(oid);
    }
    return all;
  }();
  return oids;
}

SystemGroup system_group_from(const std::vector<VarBind>& varbinds) {
  SystemGroup system;
  for (const VarBind& varbind : varbinds) {
    if (varbind.oid.size() != system_prefix.size() + 2 || varbind.oid.back() != 0 ||
        !oid_starts_with(varbind.oid, system_prefix))
      continue;
    const SnmpValue& value = varbind.value;
    const bool text = value.type == ValueType::octet_string;
    switch (varbind.oid[system_prefix.size()]) {
      case 1:
        if (text) system.descr = text_of(value);
        break;
      case 2:
        if (value.type == ValueType::object_id) system.object_id = to_string(value.oid);
        break;
      case 3:
        if (value.type == ValueType::timeticks)
          system.uptime = static_cast<std::uint32_t>(value.unsigned_number());
        break;
      case 4:
        if (text) system.contact = text_of(value);
        break;
      case 5:
        if (text) system.name = text_of(value);
        break;
      case 6:
        if (text) system.location = text_of(value);
        break;
      default: break;
    }
  }
  return system;
}

asio::awaitable<DevicePoll> poll_device(SnmpEngine& engine, udp::endpoint target,
                                        std::string display_name,
                                        std::span<const Credentials> profiles,
                                        const DevicePollRequest& request) {
  DevicePoll poll;
  poll.target = display_name;
  std::unique_ptr<AgentSession> session;
  GetResult system;
  for (std::size_t index = 0; index < profiles.size(); ++index) {
    auto candidate = std::make_unique<AgentSession>(engine, target, display_name, profiles[index],
                                                    request.repetitions);
    const std::vector<Oid>& columns = system_group_oids();
    system = co_await candidate->get(columns);
    if (poll.engine_id.empty()) poll.engine_id = candidate->engine_id();
    poll.attempts.push_back(system.outcome);
    if (system.outcome.ok()) {
      poll.profile = index;
      session = std::move(candidate);
      break;
    }
  }
  if (!session) {
    poll.outcome = most_telling(poll.attempts);
    co_return poll;
  }
  poll.system = system_group_from(system.varbinds);
  for (const Oid& root : request.walks) {
    WalkResult walked = co_await session->walk(root, request.walk_options);
    poll.walks.push_back({root, std::move(walked)});
  }
  if (request.identification) {
    MibSnapshot snapshot;
    for (const VarBind& varbind : system.varbinds) snapshot.put(varbind.oid, varbind.value);
    for (const Oid& root : collected_subtrees()) {
      WalkResult walked = co_await session->walk(root, request.walk_options);
      for (VarBind& row : walked.rows) snapshot.put(std::move(row.oid), std::move(row.value));
    }
    // The vendor OIDs rules read (serial numbers and the like), in one GET.
    const std::vector<Oid> vendor_oids =
        request.identification->vendor_oids_for(poll.system.object_id);
    if (!vendor_oids.empty()) {
      GetResult values = co_await session->get(vendor_oids);
      for (VarBind& row : values.varbinds) snapshot.put(std::move(row.oid), std::move(row.value));
    }
    poll.identity = identify(snapshot, *request.identification, display_name);
  }
  co_return poll;
}

}  // namespace kensa::scanner
