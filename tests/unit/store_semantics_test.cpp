// What both stores must do alike, run on each (tests/harness/test_database.hpp).

#include <doctest/doctest.h>

#include <string>

#include "riskdb/inventory.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/statement.hpp"
#include "tests/unit/riskdb_fixture.hpp"

using kensa::riskdb::Database;
using kensa::riskdb::DatabaseError;
using kensa::riskdb::Statement;
using kensa::riskdb::Transaction;
using kensa::testing::count_of;
using kensa::testing::RiskDbFixture;

TEST_CASE("a device's strings come back byte for byte, whatever bytes they hold") {
  RiskDbFixture fixture;
  using namespace std::string_literals;
  const std::string hostile[] = {
      "plain",
      "\xff\xfe not UTF-8",
      "NUL\0inside"s,
      "\xf4\x8f\xbc\x80 an escape code point itself",
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xa9",
      "\xed\xa0\x80 a surrogate",
      "truncated \xe2\x82",
  };
  const auto sweep = kensa::riskdb::begin_sweep(fixture.database, "192.0.2.0/29", "{}");
  {
    kensa::riskdb::SweepWriter writer(fixture.database, sweep);
    int host = 1;
    for (const std::string& text : hostile) {
      kensa::scanner::Device device = kensa::testing::make_device("Cisco", text);
      device.sys_descr = text;
      device.sys_name = "name-" + std::to_string(host);
      writer.record({device, "192.0.2." + std::to_string(host++), false});
    }
    writer.flush();
  }
  Statement query(fixture.database,
                  "SELECT model, sys_descr FROM observations WHERE sweep_id = ?1 ORDER BY id");
  query.bind(1, sweep);
  for (const std::string& text : hostile) {
    REQUIRE(query.step());
    CHECK(query.text(0) == text);
    CHECK(query.text(1) == text);
  }
  CHECK_FALSE(query.step());
  // Equality on stored text is equality of the bytes.
  Statement find(fixture.database, "SELECT count(*) FROM devices WHERE model = ?1");
  find.bind(1, hostile[1]);
  REQUIRE(find.step());
  CHECK(find.integer(0) == 1);
}

TEST_CASE("a rolled-back transaction leaves nothing, and a savepoint rolls back alone") {
  RiskDbFixture fixture;
  Database& database = fixture.database;
  const auto before = count_of(database, "SELECT count(*) FROM datasets");
  {
    Transaction outer(database);
    kensa::riskdb::record_dataset(database, kensa::testing::test_dataset("oui"));
    {
      Transaction inner(database);
      kensa::riskdb::record_dataset(database, kensa::testing::test_dataset("pen"));
    }  // rolled back
    CHECK(count_of(database, "SELECT count(*) FROM datasets") == before + 1);
    outer.commit();
  }
  CHECK(count_of(database, "SELECT count(*) FROM datasets") == before + 1);
  {
    Transaction dropped(database);
    kensa::riskdb::record_dataset(database, kensa::testing::test_dataset("kev"));
  }
  CHECK(count_of(database, "SELECT count(*) FROM datasets") == before + 1);
}

TEST_CASE("a device refused inside a sweep's batch loses only that device") {
  RiskDbFixture fixture;
  Database& database = fixture.database;
  const auto sweep = kensa::riskdb::begin_sweep(database, "192.0.2.0/30", "{}");
  kensa::riskdb::SweepWriter writer(database, sweep);
  writer.record({kensa::testing::make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC1"),
                 "192.0.2.1", false});
  kensa::riskdb::Sighting nameless;  // no serial, MAC, address or name: refused
  CHECK_THROWS_AS(writer.record(nameless), DatabaseError);
  writer.flush();
  CHECK(count_of(database, "SELECT count(*) FROM devices") == 1);
}

TEST_CASE("queries skip parameter numbers and compare without regard to ASCII case") {
  RiskDbFixture fixture;
  const auto sweep = kensa::riskdb::begin_sweep(fixture.database, "192.0.2.0/30", "{}");
  {
    kensa::riskdb::SweepWriter writer(fixture.database, sweep);
    writer.record({kensa::testing::make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC1"),
                   "192.0.2.1", false});
    writer.record({kensa::testing::make_device("Juniper", "EX4300", "junos", "21.4R3", "JN1"),
                   "192.0.2.2", false});
  }
  kensa::riskdb::InventoryFilter filter;
  filter.vendor = "cisco";
  CHECK(kensa::riskdb::query_inventory(fixture.database, filter).size() == 1);
  filter = {};
  filter.model = "c93*";
  const auto rows = kensa::riskdb::query_inventory(fixture.database, filter);
  REQUIRE(rows.size() == 1);
  CHECK(rows.front().model == "C9300-48P");
  CHECK(rows.front().addresses == std::vector<std::string>{"192.0.2.1"});
}

TEST_CASE("sweeps of different sites run side by side; a site sweeps once at a time") {
  RiskDbFixture fixture;
  Database& database = fixture.database;
  const auto osaka = kensa::riskdb::begin_sweep(database, "192.0.2.0/30", "{}", "Osaka");
  const auto tokyo = kensa::riskdb::begin_sweep(database, "198.51.100.0/30", "{}", "Tokyo");
  CHECK(osaka != tokyo);
  CHECK_THROWS_WITH_AS(kensa::riskdb::begin_sweep(database, "192.0.2.0/30", "{}", "Osaka"),
                       doctest::Contains("site Osaka"), kensa::riskdb::SweepConflict);
  CHECK_THROWS_AS(kensa::riskdb::begin_sweep(database, "t", "{}", "bad\nname"), DatabaseError);
  const auto sweep = kensa::riskdb::find_sweep(database, tokyo);
  REQUIRE(sweep);
  CHECK(sweep->site == "Tokyo");
  CHECK(sweep->scanner_host.has_value());
  CHECK(sweep->status == "running");
}

TEST_CASE("a large first sweep leaves the planner knowing the tables it filled") {
  RiskDbFixture fixture;
  Database& database = fixture.database;
  const auto planned_before = database.connection().planned_rows("observations");
  const auto sweep = kensa::riskdb::begin_sweep(database, "10.1.0.0/20", "{}");
  {
    kensa::riskdb::SweepWriter writer(database, sweep);
    std::vector<kensa::riskdb::Sighting> sightings;
    for (int host = 0; host < 2500; ++host) {
      kensa::scanner::Device device = kensa::testing::make_device(
          "Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC" + std::to_string(100000 + host));
      sightings.push_back(
          {device, "10.1." + std::to_string(host / 250) + "." + std::to_string(host % 250 + 1),
           false});
    }
    writer.record_all(sightings);
    writer.flush();
  }
  CHECK(count_of(database, "SELECT count(*) FROM observations") == 2500);
  const auto planned_after = database.connection().planned_rows("observations");
  if (!planned_before) {
    // SQLite: its plans do not depend on statistics, and none are kept.
    CHECK_FALSE(planned_after);
    return;
  }
  // Refreshed when the sweep outgrew what the planner believed: past 1,000
  // devices in an empty store, and again past twice that.
  CHECK(*planned_before == 0);
  REQUIRE(planned_after);
  CHECK(*planned_after >= 2000);
  CHECK(*planned_after <= 2500);
}

namespace {

// Whether running `sql` is refused for breaking a reference.
bool refused_as_reference(Database& database, const std::string& sql) {
  try {
    Statement(database, sql).run();
  } catch (const DatabaseError& error) {
    std::string message = error.what();
    for (char& c : message) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return message.find("foreign key") != std::string::npos;
  }
  return false;
}

}  // namespace

TEST_CASE("a row refers only to a row that is there, and a deletion does what the schema says") {
  RiskDbFixture fixture;
  Database& database = fixture.database;
  const auto sweep = kensa::riskdb::begin_sweep(database, "192.0.2.0/30", "{}");
  std::int64_t kept = 0;
  std::int64_t removed = 0;
  {
    kensa::riskdb::SweepWriter writer(database, sweep);
    kensa::scanner::Device chassis =
        kensa::testing::make_device("Cisco", "C9300-48P", "iosxe", "17.9.4", "FOC1");
    for (std::uint32_t index = 1; index <= 3; ++index) {
      kensa::scanner::Module module;
      module.index = index;
      module.class_name = "module";
      chassis.modules.push_back(module);
    }
    kept = writer.record({chassis, "192.0.2.1", false});
    removed = writer.record(
        {kensa::testing::make_device("Juniper Networks", "EX4300", "junos", "21.4R3", "JN2"),
         "192.0.2.2", false});
    kensa::riskdb::TargetOutcome target;
    target.target = "192.0.2.2:161";
    target.outcome = "answered";
    target.device_id = removed;
    writer.record_target(target);
    writer.flush();
  }
  const std::int64_t observation =
      count_of(database, "SELECT id FROM observations WHERE device_id = " + std::to_string(kept));
  const std::string of_kept = std::to_string(observation);
  const std::string absent = std::to_string(observation + 1000);

  // Written rows: each statement checked whole, whether one row or several break it.
  CHECK(refused_as_reference(database,
                             "INSERT INTO modules(observation_id, ent_index, contained_in, class) "
                             "VALUES (" +
                                 absent + ", 1, 0, 'chassis')"));
  CHECK(refused_as_reference(database,
                             "INSERT INTO modules(observation_id, ent_index, contained_in, class) "
                             "VALUES (" +
                                 of_kept + ", 50, 0, 'module'), (" + absent +
                                 ", 51, 0, 'module')"));
  CHECK(count_of(database, "SELECT count(*) FROM modules") == 3);
  CHECK(refused_as_reference(
      database, "UPDATE modules SET observation_id = " + absent + " WHERE ent_index = 2"));
  CHECK(refused_as_reference(database,
                             "UPDATE devices SET last_sweep_id = " + std::to_string(sweep + 1000)));
  // Rows referred to: a key is not changed, a sweep with devices is not deleted.
  CHECK(refused_as_reference(database,
                             "UPDATE observations SET id = " + absent + " WHERE id = " + of_kept));
  CHECK(refused_as_reference(database, "DELETE FROM sweeps WHERE id = " + std::to_string(sweep)));
  CHECK(count_of(database, "SELECT count(*) FROM sweeps") == 1);

  // A device deleted takes its sightings, their records and addresses; its target forgets it.
  Statement(database, "DELETE FROM devices WHERE id = " + std::to_string(removed)).run();
  CHECK(count_of(database, "SELECT count(*) FROM observations") == 1);
  CHECK(count_of(database, "SELECT count(*) FROM observation_records") == 1);
  CHECK(count_of(database, "SELECT count(*) FROM device_addresses") == 1);
  CHECK(count_of(database, "SELECT count(*) FROM sweep_targets WHERE device_id IS NULL") == 1);
  // A sighting deleted takes its modules.
  Statement(database, "DELETE FROM observations WHERE id = " + of_kept).run();
  CHECK(count_of(database, "SELECT count(*) FROM modules") == 0);
  CHECK(count_of(database, "SELECT count(*) FROM observation_records") == 0);
}
