#include <doctest/doctest.h>

#include <fstream>
#include <set>

#include "cli/shadow_devices.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/statement.hpp"
#include "tests/unit/riskdb_fixture.hpp"

using namespace kensa::riskdb;
using kensa::testing::make_device;
using kensa::testing::RiskDbFixture;

namespace {

void finish(Database& database, std::int64_t sweep) {
  Sweep done;
  done.id = sweep;
  done.status = "complete";
  finish_sweep(database, done);
}

std::int64_t count(const Database& database, const std::string& sql) {
  Statement query(database, sql);
  query.step();
  return query.integer(0);
}

}  // namespace

TEST_CASE("a database of every earlier schema version upgrades to the newest") {
  for (int version = 1; version < Database::newest_schema_version(); ++version) {
    CAPTURE(version);
    kensa::testing::TemporaryDirectory directory;
    const auto file = kensa::testing::test_database_location(directory, "old");
    {
      Database old = Database::open_at_version(file, version);
      CHECK(old.schema_version() == version);
      old.execute(
          "INSERT INTO datasets(kind, source, sha256, loaded_at, row_count) VALUES "
          "('oui', 'kept', '" +
          std::string(64, 'b') + "', '2026-01-01T00:00:00Z', 3)");
      if (version >= 3) {
        // Written as that version's kensa would: its sweep columns only.
        Statement begin(old,
                        "INSERT INTO sweeps(started_at, status) VALUES ('2026-01-01T00:00:00Z', "
                        "'complete') RETURNING id");
        const auto sweep = kensa::riskdb::returned_id(begin);
        SweepWriter writer(old, sweep);
        writer.record({make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC1234X0AB"),
                       "192.0.2.1", false});
        writer.flush();
      }
    }
    Database upgraded = Database::open(file);
    CHECK(upgraded.schema_version() == Database::newest_schema_version());
    CHECK(count(upgraded, "SELECT count(*) FROM datasets WHERE source = 'kept'") == 1);
    if (version >= 3) CHECK(count(upgraded, "SELECT count(*) FROM devices") == 1);
    if (upgraded.backend() == kensa::riskdb::Backend::sqlite)
      CHECK(count(upgraded,
                  "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'") ==
            0);
  }
}

TEST_CASE("a device keeps one identity across sweeps, addresses and identification changes") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  const auto first = begin_sweep(db, "t", "{}");
  std::int64_t by_address = 0, twice = 0, mac_device = 0;
  {
    SweepWriter writer(db, first);
    // Known only by its address at first (no serial).
    by_address = writer.record(
        {make_device("Juniper Networks", "MX204", "junos", "21.4R3-S5"), "192.0.2.10", false});
    // One device answering on two addresses.
    const auto device = make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC1234X0AB");
    twice = writer.record({device, "192.0.2.20", false});
    CHECK(writer.record({device, "198.51.100.20", false}) == twice);
    // Placeholder serials never identify: two different boxes, same "serial".
    auto a = make_device("Acme", "X1", "", "", "12345678");
    auto b = a;
    CHECK(writer.record({a, "192.0.2.30", false}) != writer.record({b, "192.0.2.31", false}));
    kensa::scanner::Device by_mac =
        make_device("Arista Networks", "DCS-7050SX3-48YC8", "eos", "4.28.3M");
    by_mac.chassis_mac = "00:1c:73:aa:bb:cc";
    mac_device = writer.record({by_mac, "192.0.2.40", false});
    writer.flush();
  }
  // One sweep writes at a time: the first must be finished.
  CHECK_THROWS_AS(begin_sweep(db, "t", "{}"), SweepConflict);
  finish(db, first);
  const auto second = begin_sweep(db, "t", "{}");
  {
    SweepWriter writer(db, second);
    // Now its serial is known (a new rule): same device, promoted identity.
    CHECK(
        writer.record({make_device("Juniper Networks", "MX204", "junos", "22.2R3", "JN11AB2CDAFA"),
                       "192.0.2.10", false}) == by_address);
    // The switch moved to a new address and its serial is written in lower case.
    CHECK(writer.record({make_device("Cisco", "C9300-48P", "iosxe", "17.12.4", "foc1234x0ab"),
                         "203.0.113.5", false}) == twice);
    kensa::scanner::Device moved =
        make_device("Arista Networks", "DCS-7050SX3-48YC8", "eos", "4.28.3M");
    moved.chassis_mac = "00:1c:73:aa:bb:cc";
    CHECK(writer.record({moved, "203.0.113.6", false}) == mac_device);
    writer.flush();
  }
  CHECK(count(db, "SELECT identity_kind = 'serial' FROM devices WHERE id = " +
                      std::to_string(by_address)) == 1);
  CHECK(count(db, "SELECT count(*) FROM device_addresses WHERE device_id = " +
                      std::to_string(twice)) == 3);

  const auto history = device_history(db, twice);
  REQUIRE(history.size() == 2);
  CHECK(history[0].firmware == "17.9.4");
  CHECK(history[1].firmware == "17.12.4");

  InventoryFilter filter;
  filter.subnet = "203.0.113.0/24";
  CHECK(query_inventory(db, filter).size() == 2);
  filter.subnet = "192.0.2.16/29";
  CHECK(query_inventory(db, filter).size() == 1);  // 192.0.2.20 of the switch
  filter = {};
  filter.firmware = "17.*";
  filter.vendor = "cisco";
  REQUIRE(query_inventory(db, filter).size() == 1);
  filter = {};
  filter.subnet = "203.0.113.0/33";
  CHECK_THROWS_WITH_AS((void)query_inventory(db, filter), doctest::Contains("prefix length"),
                       std::invalid_argument);
}

TEST_CASE("sightings filed in a group land on the devices they land on one by one") {
  // Within one group: a device on two addresses, one first known by its
  // address and then by its serial, a MAC that moves to another box, a
  // placeholder serial, and a neighbour known by its chassis id.
  const auto sightings = [] {
    std::vector<Sighting> all;
    auto juniper = make_device("Juniper Networks", "MX204", "junos", "21.4R3-S5");
    all.push_back({juniper, "192.0.2.10", false});
    juniper.serial = "JN11AB2CDAFA";
    all.push_back({juniper, "192.0.2.10", false});
    const auto cisco = make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC1234X0AB");
    all.push_back({cisco, "192.0.2.20", false});
    all.push_back({cisco, "198.51.100.20", false});
    auto arista = make_device("Arista Networks", "DCS-7050SX3-48YC8", "eos", "4.28.3M");
    arista.chassis_mac = "00:1c:73:aa:bb:cc";
    all.push_back({arista, "192.0.2.40", false});
    auto replacement =
        make_device("Arista Networks", "DCS-7050SX3-48YC8", "eos", "4.30.1F", "JPE12345678");
    replacement.chassis_mac = "00:1c:73:aa:bb:cc";
    all.push_back({replacement, "192.0.2.41", false});
    all.push_back({arista, "192.0.2.42", false});
    const auto placeholder = make_device("Acme", "X1", "", "", "12345678");
    all.push_back({placeholder, "192.0.2.30", false});
    all.push_back({placeholder, "192.0.2.31", false});
    kensa::scanner::Device unnamed;
    unnamed.sys_descr = "Gigabit Ethernet Switch";
    all.push_back({unnamed, std::nullopt, true, std::string("local:SW-0042")});
    all.push_back({unnamed, std::nullopt, true, std::string("local:SW-0042")});
    for (int i = 0; i < 40; ++i)  // past one group
      all.push_back({make_device("Cisco", "C9200L", "iosxe", "17.9.4", "JAE" + std::to_string(i)),
                     "192.0.3." + std::to_string(i), false});
    return all;
  }();
  const auto devices_of = [](const Database& db) {
    std::vector<std::string> rows;
    Statement query(db,
                    "SELECT d.identity_kind, d.identity_key, coalesce(d.chassis_mac, '-'), "
                    "coalesce(d.firmware, '-'), (SELECT count(*) FROM device_addresses a WHERE "
                    "a.device_id = d.id), (SELECT count(*) FROM observations o WHERE o.device_id = "
                    "d.id) FROM devices d ORDER BY d.id");
    while (query.step())
      rows.push_back(query.text(0) + " " + query.text(1) + " " + query.text(2) + " " +
                     query.text(3) + " " + std::to_string(query.integer(4)) + " " +
                     std::to_string(query.integer(5)));
    return rows;
  };
  RiskDbFixture one_by_one, grouped;
  std::vector<std::int64_t> singly, together;
  for (RiskDbFixture* fixture : {&one_by_one, &grouped}) {
    const auto sweep = begin_sweep(fixture->database, "t", "{}");
    SweepWriter writer(fixture->database, sweep);
    if (fixture == &one_by_one)
      for (const Sighting& sighting : sightings) singly.push_back(writer.record(sighting));
    else
      together = writer.record_all(sightings);
    writer.flush();
  }
  CHECK(together == singly);
  CHECK(devices_of(grouped.database) == devices_of(one_by_one.database));
  // Juniper, Cisco, the Arista and its replacement (one MAC), two Acme, the neighbour, 40 more.
  CHECK(devices_of(grouped.database).size() == 1 + 1 + 1 + 2 + 1 + 40);
}

TEST_CASE("new devices among known ones each get their own id, group after group") {
  // Ten devices known, then a sweep of 600 in groups: the new ones' ids,
  // reserved ahead, run out in the middle of a group, whose rows are not
  // sent yet when the next ids are reserved.
  RiskDbFixture fixture;
  Database& db = fixture.database;
  const auto sightings = [](int count) {
    std::vector<Sighting> all;
    for (int i = 0; i < count; ++i)
      all.push_back({make_device("Cisco", "C9200L", "iosxe", "17.9.4", "JAE" + std::to_string(i)),
                     "10.1." + std::to_string(i / 200) + "." + std::to_string(i % 200), false});
    return all;
  };
  for (const int count : {10, 600}) {
    const auto sweep = begin_sweep(db, "t", "{}");
    SweepWriter writer(db, sweep);
    const std::vector<std::int64_t> ids = writer.record_all(sightings(count));
    writer.flush();
    finish(db, sweep);
    CHECK(std::set<std::int64_t>(ids.begin(), ids.end()).size() == ids.size());
  }
  CHECK(count(db, "SELECT count(*) FROM devices") == 600);
  CHECK(count(db, "SELECT count(*) FROM observations") == 610);
}

TEST_CASE("a neighbour with no name and no MAC is one device by its chassis id") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  const auto sweep = begin_sweep(db, "t", "{}");
  SweepWriter writer(db, sweep);
  kensa::scanner::Device unnamed;
  unnamed.sys_descr = "Gigabit Ethernet Switch";
  Sighting seen{unnamed, std::nullopt, true, std::string("local:SW-0042")};
  const auto first = writer.record(seen);
  CHECK(writer.record(seen) == first);
  seen.neighbor_chassis_id = "local:SW-0043";
  CHECK(writer.record(seen) != first);
  writer.flush();
}

namespace {

// A module that the store refuses, as a full disk would refuse any row: one named "refused".
void refuse_modules_named_refused(Database& db) {
  if (db.backend() == kensa::riskdb::Backend::sqlite)
    db.execute(
        "CREATE TRIGGER refuse_module BEFORE INSERT ON modules WHEN NEW.name = 'refused' "
        "BEGIN SELECT RAISE(ABORT, 'the module row was refused'); END");
  else
    db.execute(
        "CREATE FUNCTION refuse_module() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF "
        "NEW.name = 'refused' THEN RAISE EXCEPTION 'the module row was refused'; END IF; RETURN "
        "NEW; END $$; CREATE TRIGGER refuse_module BEFORE INSERT ON modules FOR EACH ROW EXECUTE "
        "FUNCTION refuse_module()");
}

kensa::scanner::Device device_with_refused_module() {
  auto broken = make_device("Juniper Networks", "mx480", "junos", "21.4R3", "JN11AB2CDAFA");
  kensa::scanner::Module refused;
  refused.index = 1;
  refused.class_name = "module";
  refused.name = "refused";
  broken.modules.push_back(refused);
  return broken;
}

}  // namespace

TEST_CASE("a device that fails half-way is not written at all, and the writer takes no more") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  refuse_modules_named_refused(db);
  const auto sweep = begin_sweep(db, "t", "{}");
  SweepWriter writer(db, sweep, 100);
  writer.record(
      {make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC1234X0AB"), "192.0.2.1", false});
  const auto broken = device_with_refused_module();
  // SQLite refuses the row at once; PostgreSQL, whose rows go without waiting, when the next
  // record is filed at the latest.
  bool refused_at_once = false;
  try {
    writer.record({broken, "192.0.2.2", false});
  } catch (const DatabaseError& error) {
    CHECK(std::string(error.what()).find("the module row was refused") != std::string::npos);
    refused_at_once = true;
  }
  CHECK(refused_at_once == (db.backend() == kensa::riskdb::Backend::sqlite));
  const auto arista =
      make_device("Arista Networks", "DCS-7050SX3-48YC8", "eos", "4.30.1F", "JPE12345678");
  if (!refused_at_once)
    CHECK_THROWS_WITH_AS(writer.record({arista, "192.0.2.3", false}),
                         doctest::Contains("the module row was refused"), DatabaseError);
  CHECK_THROWS_WITH_AS(writer.record({arista, "192.0.2.3", false}),
                       doctest::Contains("stopped after an earlier error"), DatabaseError);
  writer.flush();
  // The device recorded before stays; nothing of the broken one, not even its device row.
  CHECK(count(db, "SELECT count(*) FROM devices") == 1);
  CHECK(count(db, "SELECT count(*) FROM observations") == 1);
  CHECK(count(db, "SELECT count(*) FROM devices WHERE serial = 'JN11AB2CDAFA'") == 0);
  CHECK(count(db, "SELECT count(*) FROM device_addresses WHERE address = '192.0.2.2'") == 0);
}

TEST_CASE("a refusal of the last group is reported by flush, which keeps the groups before it") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  refuse_modules_named_refused(db);
  const auto sweep = begin_sweep(db, "t", "{}");
  SweepWriter writer(db, sweep, 100);
  std::vector<Sighting> first;
  for (int n = 0; n < 40; ++n)
    first.push_back(
        {make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC1234X" + std::to_string(100 + n)),
         "192.0.2." + std::to_string(n + 1), false});
  writer.record_all(first);  // two groups, the second not yet confirmed
  const auto broken = device_with_refused_module();
  bool reported = false;
  try {
    writer.record({broken, "192.0.2.200", false});
    writer.flush();
  } catch (const DatabaseError& error) {
    CHECK(std::string(error.what()).find("the module row was refused") != std::string::npos);
    reported = true;
  }
  CHECK(reported);
  // The forty recorded before are committed; nothing of the broken one.
  CHECK(count(db, "SELECT count(*) FROM devices") == 40);
  CHECK(count(db, "SELECT count(*) FROM observations") == 40);
  CHECK(count(db, "SELECT count(*) FROM devices WHERE serial = 'JN11AB2CDAFA'") == 0);
}

TEST_CASE("a refusal still unread is the error reported, not a later group's own") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  refuse_modules_named_refused(db);
  const auto sweep = begin_sweep(db, "t", "{}");
  SweepWriter writer(db, sweep, 100);
  writer.record(
      {make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC1234X0AB"), "192.0.2.1", false});
  const auto broken = device_with_refused_module();
  Sighting nameless{kensa::scanner::Device{}, std::nullopt, false};  // no identity: refused here
  try {
    writer.record({broken, "192.0.2.2", false});
    writer.record(nameless);
    FAIL("neither record was refused");
  } catch (const DatabaseError& error) {
    CHECK(std::string(error.what()).find("the module row was refused") != std::string::npos);
  }
  writer.flush();
  CHECK(count(db, "SELECT count(*) FROM devices") == 1);
}

TEST_CASE("a statement that fails can be used again") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  db.execute("CREATE TABLE unique_names(name TEXT PRIMARY KEY)");
  Statement insert(db, "INSERT INTO unique_names(name) VALUES (?1)");
  insert.bind(1, "first").run();
  CHECK_THROWS_AS(insert.bind(1, "first").run(), DatabaseError);
  insert.bind(1, "second").run();
  CHECK(count(db, "SELECT count(*) FROM unique_names") == 2);
}

TEST_CASE("a file that is not a database is a storage error, named as such") {
  kensa::testing::TemporaryDirectory directory;
  const auto file = directory.path() / "kensa.db";
  {
    std::ofstream out(file, std::ios::binary);
    out << std::string(8192, '\x5a');
  }
  CHECK_THROWS_AS(Database::open(file), StorageError);
}

TEST_CASE("placeholder serials are recognised") {
  for (const char* placeholder :
       {"", "0", "000000000000", "N/A", "unknown", "12345678", "  ", "FFFFFFFF"})
    CHECK(is_placeholder_serial(placeholder));
  for (const char* real : {"FOC1234X0AB", "JN11AB2CDAFA", "2102351931P0"})
    CHECK_FALSE(is_placeholder_serial(real));
}

TEST_CASE("a sweep whose process is gone is marked aborted; a live one is left running") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  const auto live = begin_sweep(db, "t", "{}");
  const auto insert_running = [&db](const std::string& owner) {
    kensa::riskdb::Statement insert(db,
                                    "INSERT INTO sweeps(started_at, status, owner) VALUES "
                                    "('2026-01-01T00:00:00Z', 'running', ?1) RETURNING id");
    insert.bind(1, owner);
    return kensa::riskdb::returned_id(insert);
  };
  const auto gone_elsewhere = insert_running("no-such-host-really 1 1");
  // A process of this host that does not exist.
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  const auto dead = insert_running(std::string(host) + " 999999999 12");
  const auto aborted = mark_interrupted_sweeps(db);
  CHECK(find_sweep(db, dead)->status == "aborted");
  CHECK(find_sweep(db, live)->status == "running");
  if (db.backend() == kensa::riskdb::Backend::sqlite) {
    // Another host's process cannot be asked: its sweep is left running.
    CHECK(aborted == std::vector<std::int64_t>{dead});
    CHECK(find_sweep(db, gone_elsewhere)->status == "running");
  } else {
    // The server knows every writer's session, wherever it runs.
    CHECK(aborted == std::vector<std::int64_t>{gone_elsewhere, dead});
    CHECK(find_sweep(db, gone_elsewhere)->status == "aborted");
  }
}

TEST_CASE("neighbours known by neither name nor MAC become one shadow each by chassis id") {
  kensa::scanner::Device switch_device;
  switch_device.sys_name = "core-sw01";
  for (const char* id : {"SW-0042", "SW-0043", "SW-0042"}) {
    kensa::scanner::Neighbor neighbour;
    neighbour.chassis_id_subtype = "local";
    neighbour.chassis_id = id;
    neighbour.system_description = "Gigabit Ethernet Switch";
    switch_device.neighbors.push_back(neighbour);
  }
  kensa::scanner::Neighbor nameless;  // nothing to know it by
  switch_device.neighbors.push_back(nameless);
  const auto shadows = kensa::cli::shadow_devices({{switch_device, "192.0.2.1"}});
  REQUIRE(shadows.size() == 2);
  CHECK(shadows[0].neighbor_chassis_id == "local:SW-0042");
  CHECK(shadows[1].neighbor_chassis_id == "local:SW-0043");
  CHECK(shadows[0].neighbor_only);
  CHECK_FALSE(shadows[0].device.sys_name);
}

TEST_CASE("a module index an agent lists twice is stored once, as first listed") {
  RiskDbFixture fixture;
  Database& db = fixture.database;
  auto device = make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC2222X0AB");
  for (const char* serial : {"FIRST0001", "SECOND0002"}) {
    kensa::scanner::Module module;
    module.index = 1000;
    module.class_name = "module";
    module.serial = serial;
    device.modules.push_back(module);
  }
  kensa::scanner::Module other;
  other.index = 1001;
  other.class_name = "module";
  device.modules.push_back(other);
  const auto sweep = begin_sweep(db, "192.0.2.1", "{}");
  {
    SweepWriter writer(db, sweep);
    writer.record({device, "192.0.2.1", false});
    writer.flush();
  }
  CHECK(count(db, "SELECT count(*) FROM modules") == 2);
  Statement serial(db, "SELECT serial FROM modules WHERE ent_index = 1000");
  REQUIRE(serial.step());
  CHECK(serial.text(0) == "FIRST0001");
}

TEST_CASE("a chassis with more modules than one statement takes is stored whole") {
  // 600 entities: more than one statement's rows on either store (64 on
  // SQLite, 256 on PostgreSQL), with a last statement shorter than the rest.
  RiskDbFixture fixture;
  Database& db = fixture.database;
  auto chassis = make_device("Cisco", "N9K-C9508", "nxos", "10.3(4a)", "FOX2500X0AB");
  for (std::uint32_t index = 1; index <= 600; ++index) {
    kensa::scanner::Module module;
    module.index = index;
    module.class_name = "port";
    module.name = "Ethernet" + std::to_string(index);
    chassis.modules.push_back(module);
  }
  const auto sweep = begin_sweep(db, "192.0.2.1", "{}");
  {
    SweepWriter writer(db, sweep);
    writer.record({chassis, "192.0.2.1", false});
    writer.flush();
  }
  CHECK(count(db, "SELECT count(*) FROM modules") == 600);
  CHECK(count(db, "SELECT count(DISTINCT name) FROM modules") == 600);
  CHECK(count(db, "SELECT min(ent_index) + max(ent_index) FROM modules") == 601);
}
