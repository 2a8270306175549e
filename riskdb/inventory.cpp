#include "riskdb/inventory.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <exception>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "riskdb/datasets.hpp"
#include "riskdb/id_reservation.hpp"
#include "riskdb/known_devices.hpp"
#include "riskdb/multi_row_values.hpp"
#include "riskdb/statement.hpp"
#include "riskdb/vendor_catalogue.hpp"
#include "scanner/device_json.hpp"

namespace kensa::riskdb {
namespace {

std::string upper(std::string_view text) {
  std::string out;
  for (const char c : text)
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

struct Identity {
  std::string kind, key;
};

// Strongest identity first.
std::vector<Identity> identities_of(const Sighting& sighting) {
  const scanner::Device& device = sighting.device;
  std::vector<Identity> found;
  if (device.serial && !is_placeholder_serial(*device.serial))
    found.push_back(
        {"serial", vendor_name_key(device.vendor.value_or("")) + ":" + upper(*device.serial)});
  if (device.chassis_mac) found.push_back({"chassis_mac", *device.chassis_mac});
  if (sighting.neighbor_only) {
    if (found.empty() && device.sys_name) found.push_back({"neighbor", "name:" + *device.sys_name});
    if (found.empty() && sighting.neighbor_chassis_id)
      found.push_back({"neighbor", "chassis:" + *sighting.neighbor_chassis_id});
  } else if (sighting.address) {
    found.push_back({"address", *sighting.address});
  }
  return found;
}

std::optional<std::string> host_of(std::string_view address) {
  if (address.starts_with('[')) {
    const auto close = address.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return std::string(address.substr(1, close - 1));
  }
  const auto colon = address.find(':');
  if (colon != std::string_view::npos && address.find(':', colon + 1) == std::string_view::npos)
    return std::string(address.substr(0, colon));  // a.b.c.d:port
  return std::string(address);
}

}  // namespace

bool is_placeholder_serial(std::string_view serial) {
  std::string folded;
  for (const char c : serial)
    if (std::isalnum(static_cast<unsigned char>(c)))
      folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (folded.size() < 3) return true;
  if (std::all_of(folded.begin(), folded.end(), [&](char c) { return c == folded.front(); }))
    return true;
  static constexpr std::array<std::string_view, 12> placeholders{
      "na",        "none",     "unknown",    "null",         "serial",        "serialnumber",
      "123456789", "12345678", "1234567890", "notavailable", "notapplicable", "default"};
  return std::find(placeholders.begin(), placeholders.end(), folded) != placeholders.end();
}

std::vector<unsigned char> address_bytes(std::string_view address) {
  const auto host = host_of(address);
  std::vector<unsigned char> bytes(16, 0);
  if (!host) return {};
  in6_addr v6{};
  in_addr v4{};
  if (inet_pton(AF_INET6, host->c_str(), &v6) == 1) {
    std::copy_n(reinterpret_cast<const unsigned char*>(&v6), 16, bytes.begin());
    return bytes;
  }
  if (inet_pton(AF_INET, host->c_str(), &v4) == 1) {
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    std::copy_n(reinterpret_cast<const unsigned char*>(&v4), 4, bytes.begin() + 12);
    return bytes;
  }
  return {};
}

struct SweepWriter::State {
  State(Database& db, std::int64_t sweep)
      : database(db),
        // A writer inside a transaction begun by its caller (a pushed or
        // ingested sweep) reads on its own session, which sees that
        // transaction's rows; a session beside it would not.
        beside(db.connection().in_transaction() ? std::nullopt : db.open_beside()),
        sweep_id(sweep),
        known(lookups()),
        // Left as it is when another device holds that identity already.
        promote(db,
                "UPDATE devices SET identity_kind = ?2, identity_key = ?3 WHERE id = ?1 AND NOT "
                "EXISTS (SELECT 1 FROM devices o WHERE o.identity_kind = ?2 AND o.identity_key = "
                "?3)"),
        update_device(
            db,
            "UPDATE devices SET last_sweep_id = ?2, last_seen_at = ?3, "
            "neighbor_only = CASE WHEN last_sweep_id = ?2 AND neighbor_only < ?4 THEN "
            "neighbor_only "
            "ELSE ?4 END, "
            "vendor = ?5, os = ?6, model = ?7, firmware = ?8, serial = ?9, chassis_mac = ?10, "
            "sys_name = ?11, location = ?12 WHERE id = ?1 AND last_seen_at <= ?3"),
        // A group's rows, written when the group ends (send_rows).
        devices(insert_rows(
            db,
            "devices(identity_kind, identity_key, first_sweep_id, last_sweep_id, "
            "first_seen_at, last_seen_at, neighbor_only, vendor, os, model, firmware, serial, "
            "chassis_mac, sys_name, location, id)",
            16, "", 32)),
        addresses(insert_rows(db,
                              "device_addresses(device_id, address, address_bytes, first_sweep_id, "
                              "last_sweep_id)",
                              5,
                              " ON CONFLICT(device_id, address) DO UPDATE SET last_sweep_id = "
                              "excluded.last_sweep_id",
                              32)),
        observations(
            insert_rows(db,
                        "observations(sweep_id, device_id, observed_at, address, neighbor_only, "
                        "vendor, os, model, firmware, serial, sys_name, sys_descr, sys_object_id, "
                        "location, id)",
                        15, "", 32)),
        records(insert_rows(db, "observation_records(observation_id, record)", 2, "", 32)),
        // The most numerous rows. Each statement costs PostgreSQL its start
        // and its reference check: a group's modules in one statement there
        // take a third less server time than at 64 rows a statement, while
        // SQLite, whose statements cost little, stores faster at 64.
        modules(insert_rows(
            db,
            "modules(observation_id, ent_index, contained_in, class, name, description, "
            "model, serial, firmware, software, hardware_revision, manufacturer)",
            12, "", db.backend() == Backend::postgresql ? 256 : 64)),
        neighbors(
            insert_rows(db,
                        "neighbors(observation_id, ordinal, protocol, local_port, chassis_id, "
                        "chassis_id_subtype, port_id, system_name, system_description, vendor, "
                        "management_addresses)",
                        11, "", 64)) {}

  Database& database;
  // Where the writer asks which devices are known and draws ids: a session
  // beside its own where the store has one (Database::open_beside), so that
  // neither question waits for the rows in flight.
  std::optional<Database> beside;
  Database& lookups() { return beside ? *beside : database; }
  std::int64_t sweep_id;
  std::size_t batch_size = 1000;
  std::size_t pending = 0;
  std::optional<Transaction> transaction;
  std::optional<std::string> failure;  // the first error; the writer takes nothing after it
  KnownDevices known;
  Statement promote, update_device;
  MultiRowValues devices, addresses, observations, records, modules, neighbors;
  // Devices added in the group whose rows are not written yet, and the
  // addresses the group gave its devices.
  std::set<std::int64_t> unsent_devices;
  std::set<std::pair<std::int64_t, std::string>> group_addresses;

  // Parents before children, as the foreign keys want them.
  std::array<MultiRowValues*, 6> row_tables() {
    return {&devices, &addresses, &observations, &records, &modules, &neighbors};
  }
  void send_rows() {
    for (MultiRowValues* rows : row_tables()) rows->send();
    unsent_devices.clear();
    group_addresses.clear();
  }
  // After `error` in a group: the writer takes nothing more, and the batch
  // goes back to the savepoint of the group refused, keeping those before
  // it. A refusal of an earlier group's rows, still unread, is the error
  // reported (the group's own came after it), so that none goes unsaid.
  [[noreturn]] void give_up_group(std::exception_ptr error) {
    try {
      database.connection().wait_for_sent();
    } catch (...) {
      error = std::current_exception();
    }
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& failed) {
      failure = failed.what();
    } catch (...) {
      failure = "an unknown error";
    }
    forget_rows();
    if (database.connection().in_transaction())
      database.connection().execute_quietly("ROLLBACK TO sighting_group; RELEASE sighting_group");
    std::rethrow_exception(error);
  }
  void forget_rows() {
    for (MultiRowValues* rows : row_tables()) rows->clear();
    unsent_devices.clear();
    group_addresses.clear();
  }
  std::optional<Statement> insert_target;  // prepared at the first target
  // The devices this sweep has observed already, and their observations.
  std::unordered_map<std::int64_t, std::int64_t> observed;
  // Ids for new rows, good for the transaction in progress.
  IdReservation device_ids{"devices", 256}, observation_ids{"observations", 256};

  // Where plans depend on table statistics (PostgreSQL), the writer keeps
  // them in step with its own growth: once it has added more devices than
  // the planner believes the store holds, it refreshes them, so a first
  // sweep into an empty store is not run on plans made for empty tables
  // (a scan of the devices per lookup). Doubling keeps the refreshes
  // logarithmic, and a sweep small beside the store refreshes none.
  std::optional<double> planned_observations;
  std::size_t written_since_refresh = 0;
  void keep_statistics_in_step(std::size_t written) {
    if (!planned_observations) return;
    written_since_refresh += written;
    if (static_cast<double>(written_since_refresh) <= std::max(1000.0, *planned_observations))
      return;
    constexpr std::array<std::string_view, 5> grown{"devices", "device_addresses", "observations",
                                                    "observation_records", "modules"};
    database.connection().refresh_statistics(grown);
    planned_observations = database.connection().planned_rows("observations");
    written_since_refresh = 0;
  }
};

SweepWriter::SweepWriter(Database& database, std::int64_t sweep_id, std::size_t batch_size)
    : state_(std::make_unique<State>(database, sweep_id)) {
  state_->batch_size = std::max<std::size_t>(1, batch_size);
  state_->planned_observations = database.connection().planned_rows("observations");
  Statement observed(database, "SELECT device_id, id FROM observations WHERE sweep_id = ?1");
  observed.bind(1, sweep_id);
  while (observed.step()) state_->observed.emplace(observed.integer(0), observed.integer(1));
}

SweepWriter::~SweepWriter() {
  try {
    flush();
  } catch (...) {
    // The destructor cannot report; callers flush() explicitly.
  }
}

void SweepWriter::flush() {
  State& s = *state_;
  if (!s.transaction) return;
  // Whatever happens, this batch is done: a failed COMMIT is rolled back.
  s.pending = 0;
  s.device_ids.forget();
  s.observation_ids.forget();
  // Committed, the store shows the writer's changes itself; rolled back, they are gone.
  s.known.forget_writes();
  // The last group's rows refused: the groups before it are still committed.
  std::exception_ptr refused;
  try {
    s.database.connection().wait_for_sent();
  } catch (const std::exception& error) {
    refused = std::current_exception();
    s.failure = error.what();
    s.database.connection().execute_quietly("ROLLBACK TO sighting_group; RELEASE sighting_group");
  }
  // SQLite may already have rolled the transaction back itself (a full
  // disk, an I/O error): then nothing of the batch is left to commit.
  if (!s.database.connection().in_usable_transaction()) {
    s.transaction->abandon();
    s.transaction.reset();
    throw StorageError("the batch of devices in progress was rolled back by the database after " +
                       s.failure.value_or("an error"));
  }
  try {
    s.transaction->commit();
  } catch (...) {
    s.transaction.reset();
    throw;
  }
  s.transaction.reset();
  if (refused) std::rethrow_exception(refused);
}

std::int64_t SweepWriter::record(const Sighting& sighting) {
  return record_all(std::span(&sighting, 1)).front();
}

std::vector<std::int64_t> SweepWriter::record_all(std::span<const Sighting> sightings) {
  State& s = *state_;
  std::vector<std::int64_t> ids;
  ids.reserve(sightings.size());
  for (std::size_t first = 0; first < sightings.size(); first += sightings_per_lookup) {
    const auto group =
        sightings.subspan(first, std::min(sightings_per_lookup, sightings.size() - first));
    if (s.failure)
      throw DatabaseError("the sweep writer stopped after an earlier error: " + *s.failure);
    if (!s.transaction) s.transaction.emplace(s.database);
    // The devices the group may be filed under, in one question to the store.
    std::vector<std::pair<std::string, std::string>> identities;
    std::vector<std::string> macs;
    for (const Sighting& sighting : group)
      for (Identity& identity : identities_of(sighting)) {
        if (identity.kind == "chassis_mac") macs.push_back(identity.key);
        identities.emplace_back(std::move(identity.kind), std::move(identity.key));
      }
    // One savepoint per group: a failure leaves none of the group in the batch.
    s.database.execute("SAVEPOINT sighting_group");
    try {
      s.known.load(identities, macs);
      for (const Sighting& sighting : group) ids.push_back(write(sighting));
      // The previous group's rows, stored meanwhile, confirmed before this group's go.
      s.database.connection().wait_for_sent();
      s.send_rows();
      s.database.execute("RELEASE sighting_group");
      s.pending += group.size();
    } catch (...) {
      s.give_up_group(std::current_exception());
    }
    try {
      s.keep_statistics_in_step(group.size());
    } catch (...) {
      s.give_up_group(std::current_exception());
    }
    if (s.pending >= s.batch_size) flush();
  }
  return ids;
}

void SweepWriter::record_target(const TargetOutcome& target) {
  State& s = *state_;
  if (s.failure)
    throw DatabaseError("the sweep writer stopped after an earlier error: " + *s.failure);
  if (!s.transaction) s.transaction.emplace(s.database);
  try {
    if (!s.insert_target)
      s.insert_target.emplace(s.database,
                              "INSERT INTO sweep_targets(sweep_id, target, outcome, detail, "
                              "message, credential, snmp_version, attempts, hop, found_via, "
                              "device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    Statement& insert = *s.insert_target;
    insert.bind(1, s.sweep_id)
        .bind(2, target.target)
        .bind(3, target.outcome)
        .bind(4, target.detail)
        .bind(5, target.message)
        .bind(6, target.credential)
        .bind(7, target.snmp_version)
        .bind(8, target.attempts)
        .bind(9, target.hop)
        .bind(10, target.found_via)
        .bind(11, target.device_id)
        .run();
  } catch (const std::exception& error) {
    s.failure = error.what();
    throw;
  }
  if (++s.pending >= s.batch_size) flush();
}

std::int64_t SweepWriter::write(const Sighting& sighting) {
  State& s = *state_;
  const scanner::Device& device = sighting.device;
  const std::vector<Identity> identities = identities_of(sighting);
  if (identities.empty())
    throw DatabaseError("a sighting needs a serial, a chassis MAC, an address or a name");

  // The strongest identity the device is known by, in identities_of's
  // order, a device holding its chassis MAC (the oldest) after the MAC itself.
  std::optional<std::int64_t> device_id;
  for (const Identity& identity : identities) {
    device_id = s.known.find(identity.kind, identity.key);
    if (!device_id && identity.kind == "chassis_mac")
      device_id = s.known.oldest_with_mac(identity.key);
    if (device_id) break;
  }
  const std::string now = sighting.observed_at.value_or(utc_now());
  const std::int64_t neighbor_only = sighting.neighbor_only ? 1 : 0;
  if (!device_id) {
    device_id = s.device_ids.next(s.lookups().connection());
    s.devices.add(identities.front().kind)
        .add(identities.front().key)
        .add(s.sweep_id)
        .add(s.sweep_id)
        .add(now)
        .add(now)
        .add(neighbor_only)
        .add(device.vendor)
        .add(device.os)
        .add(device.model)
        .add(device.firmware)
        .add(device.serial)
        .add(device.chassis_mac)
        .add(device.sys_name)
        .add(device.sys_location)
        .add(*device_id);
    s.unsent_devices.insert(*device_id);
    s.known.added(*device_id, identities.front().kind, identities.front().key, device.chassis_mac,
                  now);
  } else {
    // Its row must be there to be changed: added earlier in this group, it is written first.
    if (s.unsent_devices.contains(*device_id)) s.send_rows();
    // Known by a weaker identity until now: promoted, unless another device holds the stronger.
    const Identity& strongest = identities.front();
    if (s.known.kind_of(*device_id) != strongest.kind &&
        !s.known.find(strongest.kind, strongest.key)) {
      s.promote.bind(1, *device_id).bind(2, strongest.kind).bind(3, strongest.key).run();
      s.known.identity_changed(*device_id, strongest.kind, strongest.key);
    }
    s.update_device.bind(1, *device_id)
        .bind(2, s.sweep_id)
        .bind(3, now)
        .bind(4, neighbor_only)
        .bind(5, device.vendor)
        .bind(6, device.os)
        .bind(7, device.model)
        .bind(8, device.firmware)
        .bind(9, device.serial)
        .bind(10, device.chassis_mac)
        .bind(11, device.sys_name)
        .bind(12, device.sys_location)
        .run();
    if (s.known.last_seen_at(*device_id) <= now) s.known.seen(*device_id, device.chassis_mac, now);
  }
  // One row per device and address: a statement may not change a row twice.
  if (sighting.address && s.group_addresses.emplace(*device_id, *sighting.address).second)
    s.addresses.add(*device_id)
        .add(*sighting.address)
        .add_blob(address_bytes(*sighting.address))
        .add(s.sweep_id)
        .add(s.sweep_id);

  // Seen earlier in this sweep (on another address): observed once.
  if (s.observed.contains(*device_id)) return *device_id;
  const std::int64_t observation = s.observation_ids.next(s.lookups().connection());
  s.observed.emplace(*device_id, observation);
  s.observations.add(s.sweep_id)
      .add(*device_id)
      .add(now)
      .add(sighting.address)
      .add(neighbor_only)
      .add(device.vendor)
      .add(device.os)
      .add(device.model)
      .add(device.firmware)
      .add(device.serial)
      .add(device.sys_name)
      .add(device.sys_descr)
      .add(device.sys_object_id)
      .add(device.sys_location)
      .add(observation);
  s.records.add(observation)
      .add(scanner::device_json(device, scanner::Unknowns::omitted)
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  // An agent may list an entPhysicalIndex twice: the first is kept, as
  // the table's key (observation, index) wants, without asking the store
  // to resolve conflicts (which costs PostgreSQL a fifth more per row).
  std::set<std::uint32_t> module_indexes;
  for (const scanner::Module& module : device.modules)
    if (module_indexes.insert(module.index).second)
      s.modules.add(observation)
          .add(std::int64_t{module.index})
          .add(std::int64_t{module.contained_in})
          .add(module.class_name)
          .add(module.name)
          .add(module.description)
          .add(module.model)
          .add(module.serial)
          .add(module.firmware)
          .add(module.software)
          .add(module.hardware_revision)
          .add(module.manufacturer);
  std::int64_t ordinal = 0;
  for (const scanner::Neighbor& neighbor : device.neighbors) {
    nlohmann::json addresses = nlohmann::json::array();
    for (const auto& address : neighbor.management_addresses)
      addresses.push_back({{"family", address.family}, {"address", address.address}});
    s.neighbors.add(observation)
        .add(ordinal++)
        .add(neighbor.protocol)
        .add(neighbor.local_port)
        .add(neighbor.chassis_id)
        .add(neighbor.chassis_id_subtype)
        .add(neighbor.port_id)
        .add(neighbor.system_name)
        .add(neighbor.system_description)
        .add(neighbor.vendor)
        .add(addresses.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  return *device_id;
}

}  // namespace kensa::riskdb
