#include <doctest/doctest.h>

#include <string>

#include "riskdb/database.hpp"
#include "riskdb/statement.hpp"
#include "tests/harness/child_process.hpp"

using kensa::riskdb::Database;
using kensa::riskdb::DatabaseError;

namespace {

std::string single_text(const Database& database, const char* sql) {
  kensa::riskdb::Statement statement(database, sql);
  if (!statement.step()) return {};
  return statement.text(0);
}

}  // namespace

TEST_CASE("a new database file is created in WAL mode at the newest schema") {
  kensa::testing::TemporaryDirectory directory;
  const auto file = directory.path() / "nested" / "kensa.db";
  {
    Database database = Database::open(file);
    CHECK(database.schema_version() == Database::newest_schema_version());
    CHECK(single_text(database, "PRAGMA journal_mode") == "wal");
    CHECK(single_text(database, "PRAGMA foreign_keys") == "1");
    CHECK(single_text(database, "SELECT count(*) FROM schema_migrations") ==
          std::to_string(Database::newest_schema_version()));
  }
  CHECK(std::filesystem::exists(file));
  // Opening again applies nothing twice.
  Database again = Database::open(file);
  CHECK(single_text(again, "SELECT count(*) FROM schema_migrations") ==
        std::to_string(Database::newest_schema_version()));
}

TEST_CASE("STRICT tables reject values of the wrong type") {
  kensa::testing::TemporaryDirectory directory;
  Database database = Database::open(directory.path() / "kensa.db");
  CHECK_THROWS_WITH_AS(
      database.execute("INSERT INTO datasets(kind, source, sha256, loaded_at, row_count) "
                       "VALUES ('kev', 'x', 'short', 'now', 1)"),
      doctest::Contains("CHECK constraint"), DatabaseError);
  CHECK_THROWS_AS(database.execute("INSERT INTO datasets(kind, source, sha256, loaded_at, "
                                   "row_count) VALUES ('kev', 'x', 'a', 'now', 'many')"),
                  DatabaseError);
}

TEST_CASE("a database from a newer kensa is refused, not modified") {
  kensa::testing::TemporaryDirectory directory;
  const auto file = directory.path() / "kensa.db";
  {
    Database database = Database::open(file);
    database.execute("PRAGMA user_version = 9999");
  }
  CHECK_THROWS_WITH_AS(Database::open(file), doctest::Contains("schema version 9999"),
                       DatabaseError);
}

TEST_CASE("a file that is not a database is reported with its path") {
  kensa::testing::TemporaryDirectory directory;
  const auto file = directory.path() / "not-a-db";
  kensa::testing::write_file(file, std::string(4096, 'x'));
  CHECK_THROWS_WITH_AS(Database::open(file), doctest::Contains(file.c_str()), DatabaseError);
}
