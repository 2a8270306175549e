#include "scanner/device_poll.hpp"

#include <algorithm>
#include <memory>
#include <span>

#include "scanner/collectors.hpp"
#include "scanner/enterprises_held.hpp"

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

// Asks for `oids` sixteen per request, GET (the values at them) or GETNEXT
// (the first instance under each: a scalar's .0, a column's first row;
// what lies outside an OID's own subtree is not its value), into
// `snapshot`. A request the agent refuses with an error (tooBig among them)
// is asked again in halves, so that one bad OID or an oversized answer
// loses only itself. Silence is not retried in smaller parts: the engine
// has already retried it.
asio::awaitable<void> ask_into(AgentSession& session, RequestType type, std::span<const Oid> oids,
                               MibSnapshot& snapshot) {
  constexpr std::size_t oids_per_request = 16;
  for (std::size_t first = 0; first < oids.size(); first += oids_per_request) {
    const std::span<const Oid> chunk =
        oids.subspan(first, std::min(oids_per_request, oids.size() - first));
    const std::vector<Oid> some(chunk.begin(), chunk.end());
    // Two statements, not a conditional expression: GCC 12 destroys the
    // temporary awaitable of a conditional inside co_await twice.
    GetResult values;
    if (type == RequestType::get)
      values = co_await session.get(some);
    else
      values = co_await session.get_next(some);
    if (values.outcome.status == PollStatus::agent_error && chunk.size() > 1) {
      co_await ask_into(session, type, chunk.first(chunk.size() / 2), snapshot);
      co_await ask_into(session, type, chunk.subspan(chunk.size() / 2), snapshot);
      continue;
    }
    for (VarBind& row : values.varbinds)
      if (type == RequestType::get || std::any_of(some.begin(), some.end(), [&](const Oid& object) {
            return oid_starts_with(row.oid, object);
          }))
        snapshot.put(std::move(row.oid), std::move(row.value));
  }
}

// The enterprise subtrees the agent holds, one GETNEXT each, as
// enterprises_held finds them in a recorded walk; their first values go
// into `snapshot` so that identify() finds the same ones.
asio::awaitable<void> find_enterprises_held(AgentSession& session, MibSnapshot& snapshot) {
  std::optional<std::uint32_t> last;
  for (std::size_t step = 0; step < most_enterprises_held; ++step) {
    const std::vector<Oid> cursor{next_enterprise_cursor(last)};
    GetResult answer = co_await session.get_next(cursor);
    // endOfMibView comes back at the OID asked for, which is no subtree.
    if (answer.varbinds.empty() || answer.varbinds.front().value.is_exception()) break;
    last = enterprise_of(answer.varbinds.front().oid);
    if (!last) break;
    snapshot.put(std::move(answer.varbinds.front().oid), std::move(answer.varbinds.front().value));
  }
}

// Of `subtrees`, those the agent holds anything in, found with one GETNEXT
// for all of them: the first object after a subtree's root lies inside it
// exactly when the subtree is not empty. Walking an empty subtree costs a
// GETBULK that makes the agent read max-repetitions objects beyond it, most
// of a device's requests when it lacks LLDP, CDP or ENTITY-MIB. When that
// GETNEXT fails, every subtree is walked.
asio::awaitable<std::vector<Oid>> subtrees_held(AgentSession& session, std::vector<Oid> subtrees) {
  const GetResult next = co_await session.get_next(subtrees);
  if (!next.outcome.ok()) co_return subtrees;
  std::erase_if(subtrees, [&](const Oid& root) {
    return std::none_of(next.varbinds.begin(), next.varbinds.end(), [&](const VarBind& varbind) {
      return varbind.oid.size() > root.size() && oid_starts_with(varbind.oid, root);
    });
  });
  co_return subtrees;
}

// These two run as coroutines of their own: a coroutine's frame holds every
// local it has for as long as it runs, and thousands of devices are in
// flight, most of which never need them.
asio::awaitable<std::vector<SubtreeWalk>> walk_subtrees(AgentSession& session,
                                                        const DevicePollRequest& request) {
  std::vector<SubtreeWalk> walks;
  for (const Oid& root : request.walks) {
    WalkResult walked = co_await session.walk(root, request.walk_options);
    walks.push_back({root, std::move(walked)});
  }
  co_return walks;
}

// Reads exactly what the collectors and rules need, then identifies from it
// with the same code as `kensa identify`.
asio::awaitable<std::unique_ptr<Device>> identify_live(AgentSession& session,
                                                       const DevicePollRequest& request,
                                                       const std::vector<VarBind>& system,
                                                       const std::string& display_name) {
  MibSnapshot snapshot;
  for (const VarBind& varbind : system) snapshot.put(varbind.oid, varbind.value);
  std::vector<Oid> subtrees = collected_subtrees();
  const auto sys_object_id = snapshot.get(Oid{1, 3, 6, 1, 2, 1, 1, 2, 0});
  if (sys_object_id && sys_object_id->type == ValueType::object_id)
    for (Oid& root : vendor_collected_subtrees(enterprise_of(sys_object_id->oid)))
      subtrees.push_back(std::move(root));
  const std::vector<Oid> held = co_await subtrees_held(session, std::move(subtrees));
  for (const Oid& root : held) {
    WalkResult walked = co_await session.walk(root, request.walk_options);
    for (VarBind& row : walked.rows) snapshot.put(std::move(row.oid), std::move(row.value));
  }
  // The vendor OIDs rules read (serial numbers and the like): first those
  // whose presence a rule requires, then the values of the rules that can
  // still match, then one row of the table columns they read.
  const RulePlan plan = request.identification->plan_for(snapshot);
  const std::vector<Oid> presence = plan.presence_oids();
  co_await ask_into(session, RequestType::get, presence, snapshot);
  const std::vector<Oid> values = plan.value_oids(snapshot);
  co_await ask_into(session, RequestType::get, values, snapshot);
  for (const Oid& column : plan.column_oids(snapshot)) {
    WalkResult first_row = co_await session.walk(column, WalkOptions{1});
    for (VarBind& row : first_row.rows) snapshot.put(std::move(row.oid), std::move(row.value));
  }
  // What rules and ENTITY-MIB leave unknown, the vendor's MIB objects may
  // hold: those the identification looked for and did not find are asked
  // for, then the device is identified again, only when there are some.
  std::vector<Oid> objects;
  auto device =
      std::make_unique<Device>(identify(snapshot, *request.identification, display_name, &objects));
  if (request.identification->reads_enterprises_held(*device)) {
    co_await find_enterprises_held(session, snapshot);
    objects.clear();
    device = std::make_unique<Device>(
        identify(snapshot, *request.identification, display_name, &objects));
  }
  if (objects.empty()) co_return device;
  co_await ask_into(session, RequestType::get_next, objects, snapshot);
  co_return std::make_unique<Device>(identify(snapshot, *request.identification, display_name));
}

void mark_interrupted(DevicePoll& poll) {
  poll.outcome = {PollStatus::interrupted,
                  "the poll of " + poll.target + " was stopped before it finished"};
  poll.identity.reset();
  poll.walks.clear();
}

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
  // The same reading of the system group as `kensa identify` makes.
  MibSnapshot snapshot;
  for (const VarBind& varbind : varbinds) snapshot.put(varbind.oid, varbind.value);
  Device device;
  collect_system(snapshot, device);
  return {device.sys_descr,   device.sys_object_id, device.sys_uptime,
          device.sys_contact, device.sys_name,      device.sys_location};
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
  if (!request.walks.empty()) poll.walks = co_await walk_subtrees(*session, request);
  if (request.identification)
    poll.identity = co_await identify_live(*session, request, system.varbinds, display_name);
  // Stopped midway, the walks ended early: what they read is not the device.
  if (engine.stopped()) mark_interrupted(poll);
  co_return poll;
}

}  // namespace kensa::scanner
