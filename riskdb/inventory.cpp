#include "riskdb/inventory.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "riskdb/datasets.hpp"
#include "riskdb/known_devices.hpp"
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
        sweep_id(sweep),
        known(db),
        // Left as it is when another device holds that identity already.
        promote(db,
                "UPDATE devices SET identity_kind = ?2, identity_key = ?3 WHERE id = ?1 AND NOT "
                "EXISTS (SELECT 1 FROM devices o WHERE o.identity_kind = ?2 AND o.identity_key = "
                "?3)"),
        insert_device(
            db,
            "INSERT INTO devices(identity_kind, identity_key, first_sweep_id, last_sweep_id, "
            "first_seen_at, last_seen_at, neighbor_only, vendor, os, model, firmware, serial, "
            "chassis_mac, sys_name, location, id) "
            "VALUES (?1, ?2, ?3, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
        update_device(
            db,
            "UPDATE devices SET last_sweep_id = ?2, last_seen_at = ?3, "
            "neighbor_only = CASE WHEN last_sweep_id = ?2 AND neighbor_only < ?4 THEN "
            "neighbor_only "
            "ELSE ?4 END, "
            "vendor = ?5, os = ?6, model = ?7, firmware = ?8, serial = ?9, chassis_mac = ?10, "
            "sys_name = ?11, location = ?12 WHERE id = ?1 AND last_seen_at <= ?3"),
        upsert_address(
            db,
            "INSERT INTO device_addresses(device_id, address, address_bytes, first_sweep_id, "
            "last_sweep_id) VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT(device_id, address) "
            "DO UPDATE SET last_sweep_id = excluded.last_sweep_id"),
        insert_observation(
            db,
            "INSERT INTO observations(sweep_id, device_id, observed_at, address, "
            "neighbor_only, vendor, os, model, firmware, serial, sys_name, sys_descr, "
            "sys_object_id, location, id) VALUES "
            "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"),
        insert_record(db,
                      "INSERT INTO observation_records(observation_id, record) VALUES (?1, ?2)"),
        insert_neighbor(
            db,
            "INSERT INTO neighbors(observation_id, ordinal, protocol, local_port, chassis_id, "
            "chassis_id_subtype, port_id, system_name, system_description, vendor, "
            "management_addresses) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)") {}

  Database& database;
  std::int64_t sweep_id;
  std::size_t batch_size = 1000;
  std::size_t pending = 0;
  std::optional<Transaction> transaction;
  std::optional<std::string> failure;  // the first error; the writer takes nothing after it
  KnownDevices known;
  Statement promote, insert_device, update_device, upsert_address, insert_observation,
      insert_record, insert_neighbor;
  // Modules go in rows of up to `modules_per_insert` a statement, one
  // statement prepared per row count: one round of the store's work for a
  // chassis, not one per card.
  static constexpr std::size_t modules_per_insert = 16;
  std::map<std::size_t, Statement> insert_modules;

  Statement& insert_modules_of(std::size_t rows) {
    auto found = insert_modules.find(rows);
    if (found != insert_modules.end()) return found->second;
    std::string sql =
        "INSERT INTO modules(observation_id, ent_index, contained_in, class, name, description, "
        "model, serial, firmware, software, hardware_revision, manufacturer) VALUES ";
    for (std::size_t row = 0; row < rows; ++row) {
      sql += row == 0 ? "(" : ", (";
      for (std::size_t column = 1; column <= 12; ++column)
        sql += (column == 1 ? "?" : ", ?") + std::to_string(row * 12 + column);
      sql += ")";
    }
    sql += " ON CONFLICT DO NOTHING";
    return insert_modules.emplace(rows, Statement(database, sql)).first->second;
  }
  std::optional<Statement> insert_target;  // prepared at the first target
  // The devices this sweep has observed already, and their observations.
  std::unordered_map<std::int64_t, std::int64_t> observed;
  // Ids reserved for new rows (Connection::reserve_ids), good for the
  // transaction in progress.
  std::vector<std::int64_t> device_ids, observation_ids;

  std::int64_t next_id(std::vector<std::int64_t>& reserved, std::string_view table) {
    if (reserved.empty()) {
      reserved = database.connection().reserve_ids(table, 256);
      std::reverse(reserved.begin(), reserved.end());
    }
    const std::int64_t id = reserved.back();
    reserved.pop_back();
    return id;
  }
};

SweepWriter::SweepWriter(Database& database, std::int64_t sweep_id, std::size_t batch_size)
    : state_(std::make_unique<State>(database, sweep_id)) {
  state_->batch_size = std::max<std::size_t>(1, batch_size);
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
  s.device_ids.clear();
  s.observation_ids.clear();
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
    try {
      s.known.load(identities, macs);
    } catch (const std::exception& error) {
      s.failure = error.what();
      throw;
    }
    // One savepoint per group: a failure leaves none of the group in the batch.
    s.database.execute("SAVEPOINT sighting_group");
    try {
      for (const Sighting& sighting : group) ids.push_back(write(sighting));
      s.database.execute("RELEASE sighting_group");
      s.pending += group.size();
    } catch (const std::exception& error) {
      s.failure = error.what();
      if (s.database.connection().in_transaction())
        s.database.connection().execute_quietly(
            "ROLLBACK TO sighting_group; RELEASE sighting_group");
      throw;
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
  // The device's current state, bound from position `first` on in both statements.
  const auto bind_state = [&](Statement& statement, int first) {
    statement.bind(first, neighbor_only)
        .bind(first + 1, device.vendor)
        .bind(first + 2, device.os)
        .bind(first + 3, device.model)
        .bind(first + 4, device.firmware)
        .bind(first + 5, device.serial)
        .bind(first + 6, device.chassis_mac)
        .bind(first + 7, device.sys_name)
        .bind(first + 8, device.sys_location);
  };
  if (!device_id) {
    device_id = s.next_id(s.device_ids, "devices");
    s.insert_device.bind(1, identities.front().kind)
        .bind(2, identities.front().key)
        .bind(3, s.sweep_id)
        .bind(4, now)
        .bind(14, *device_id);
    bind_state(s.insert_device, 5);
    s.insert_device.run();
    s.known.added(*device_id, identities.front().kind, identities.front().key, device.chassis_mac,
                  now);
  } else {
    // Known by a weaker identity until now: promoted, unless another device holds the stronger.
    const Identity& strongest = identities.front();
    if (s.known.kind_of(*device_id) != strongest.kind &&
        !s.known.find(strongest.kind, strongest.key)) {
      s.promote.bind(1, *device_id).bind(2, strongest.kind).bind(3, strongest.key).run();
      s.known.identity_changed(*device_id, strongest.kind, strongest.key);
    }
    s.update_device.bind(1, *device_id).bind(2, s.sweep_id).bind(3, now);
    bind_state(s.update_device, 4);
    s.update_device.run();
    if (s.known.last_seen_at(*device_id) <= now) s.known.seen(*device_id, device.chassis_mac, now);
  }
  if (sighting.address)
    s.upsert_address.bind(1, *device_id)
        .bind(2, *sighting.address)
        .bind_blob(3, address_bytes(*sighting.address))
        .bind(4, s.sweep_id)
        .run();

  // Seen earlier in this sweep (on another address): observed once.
  if (s.observed.contains(*device_id)) return *device_id;
  const std::int64_t observation = s.next_id(s.observation_ids, "observations");
  s.observed.emplace(*device_id, observation);
  s.insert_observation.bind(1, s.sweep_id)
      .bind(2, *device_id)
      .bind(3, now)
      .bind(4, sighting.address)
      .bind(5, neighbor_only)
      .bind(6, device.vendor)
      .bind(7, device.os)
      .bind(8, device.model)
      .bind(9, device.firmware)
      .bind(10, device.serial)
      .bind(11, device.sys_name)
      .bind(12, device.sys_descr)
      .bind(13, device.sys_object_id)
      .bind(14, device.sys_location)
      .bind(15, observation)
      .run();
  s.insert_record.bind(1, observation)
      .bind(2, scanner::device_json(device, scanner::Unknowns::omitted)
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .run();
  for (std::size_t first = 0; first < device.modules.size(); first += s.modules_per_insert) {
    const std::size_t rows = std::min(s.modules_per_insert, device.modules.size() - first);
    Statement& insert = s.insert_modules_of(rows);
    for (std::size_t row = 0; row < rows; ++row) {
      const scanner::Module& module = device.modules[first + row];
      const int at = static_cast<int>(row * 12);
      insert.bind(at + 1, observation)
          .bind(at + 2, std::int64_t{module.index})
          .bind(at + 3, std::int64_t{module.contained_in})
          .bind(at + 4, module.class_name)
          .bind(at + 5, module.name)
          .bind(at + 6, module.description)
          .bind(at + 7, module.model)
          .bind(at + 8, module.serial)
          .bind(at + 9, module.firmware)
          .bind(at + 10, module.software)
          .bind(at + 11, module.hardware_revision)
          .bind(at + 12, module.manufacturer);
    }
    insert.run();
  }
  std::int64_t ordinal = 0;
  for (const scanner::Neighbor& neighbor : device.neighbors) {
    nlohmann::json addresses = nlohmann::json::array();
    for (const auto& address : neighbor.management_addresses)
      addresses.push_back({{"family", address.family}, {"address", address.address}});
    s.insert_neighbor.bind(1, observation)
        .bind(2, ordinal++)
        .bind(3, neighbor.protocol)
        .bind(4, neighbor.local_port)
        .bind(5, neighbor.chassis_id)
        .bind(6, neighbor.chassis_id_subtype)
        .bind(7, neighbor.port_id)
        .bind(8, neighbor.system_name)
        .bind(9, neighbor.system_description)
        .bind(10, neighbor.vendor)
        .bind(11, addresses.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        .run();
  }
  return *device_id;
}

}  // namespace kensa::riskdb
