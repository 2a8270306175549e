#pragma once
// The inventory over time: sweeps, the devices they found, and what each
// sweep observed of each device (identity, modules, neighbours).
//
// Contract (sweeps themselves: sweeps.hpp): a device keeps one row across sweeps. Its identity is,
// in this order, its vendor and serial number, its chassis MAC, or the address it answered on; a
// device first known by a weaker identity is promoted when a stronger one appears, and a device
// answering on several addresses in one sweep is one device with several addresses. SweepWriter
// writes in batches, each one transaction, so a killed process loses at most the batch in progress
// and the sweep row stays "running" until mark_interrupted_sweeps() (called at every open for
// writing) marks it aborted. The store is asked which devices a group of sightings is filed
// under once for the group (record_all), and the group's new rows are written together at its
// end in multi-row statements (riskdb/multi_row_values.hpp), with ids reserved beforehand
// (Connection::reserve_ids) so that nothing waits for an answer. Where the store has a session
// beside the writer's (Database::open_beside: PostgreSQL), both questions, known devices and ids,
// go there, laid under the writer's own changes (riskdb/known_devices.hpp), so that the writer
// never waits for its rows in flight and the server stores one group while the next is being
// made. A writer that outgrows what the store's planner believes it holds refreshes its
// statistics (Connection::refresh_statistics).
// Placeholder serials (all one character, "N/A", "unknown", "12345678", ...) never serve as
// identity.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/sweep_targets.hpp"
#include "riskdb/sweeps.hpp"
#include "scanner/device.hpp"

namespace kensa::riskdb {

// One device as a sweep saw it: polled at an address, or seen only in a
// neighbour's LLDP table.
struct Sighting {
  scanner::Device device;
  std::optional<std::string> address;  // "192.0.2.1", "192.0.2.1:1161", "[2001:db8::1]:161"
  bool neighbor_only = false;
  // A neighbour that advertises neither a system name nor a MAC chassis id
  // is known by its chassis id: "SUBTYPE:ID" ("local:SW-0042").
  std::optional<std::string> neighbor_chassis_id{};
  // When the sighting was made, for a sweep carried from its site; now
  // when empty. A device's current state follows its latest sighting in
  // time, so a sweep that arrives late does not overwrite a newer one.
  std::optional<std::string> observed_at{};
};

class SweepWriter {
 public:
  SweepWriter(Database& database, std::int64_t sweep_id, std::size_t batch_size = 1000);
  SweepWriter(const SweepWriter&) = delete;
  SweepWriter& operator=(const SweepWriter&) = delete;
  ~SweepWriter();  // flushes; errors there are lost, so call flush() yourself

  // Returns the device id the sighting was filed under. A device is
  // written whole or not at all (a savepoint each). After a failure the
  // writer refuses further records; flush() still commits the devices
  // recorded whole before it, unless the store rolled them back itself
  // (SQLite after a full disk). Where rows are sent without waiting
  // (PostgreSQL), the store's refusal of a group may be reported by a later
  // record or by flush(); either way the refused group and those sent after
  // it are not stored, and those before it are: only a flush() that
  // returns confirms the ids.
  std::int64_t record(const Sighting& sighting);
  // Several sightings, filed as record() would file them one after another,
  // with one question to the store and one savepoint for every
  // `sightings_per_lookup` of them rather than one each (savepoints are
  // PostgreSQL's costliest statement here): such a group is written whole
  // or not at all. Returns their device ids in order.
  static constexpr std::size_t sightings_per_lookup = 32;
  std::vector<std::int64_t> record_all(std::span<const Sighting> sightings);
  // One target's outcome (sweep_targets.hpp), in the same batches.
  void record_target(const TargetOutcome& target);
  void flush();

 private:
  std::int64_t write(const Sighting& sighting);
  struct State;
  std::unique_ptr<State> state_;
};

[[nodiscard]] bool is_placeholder_serial(std::string_view serial);

// 16 bytes for an IPv4 or IPv6 address (IPv4 mapped as ::ffff:a.b.c.d);
// empty for a host name. Accepts an optional port and IPv6 brackets.
[[nodiscard]] std::vector<unsigned char> address_bytes(std::string_view address);

}  // namespace kensa::riskdb
