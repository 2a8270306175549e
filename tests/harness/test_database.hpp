#pragma once
// Where a test keeps its inventory: the same tests run against both stores.
//
// Contract: with KENSA_TEST_BACKEND=postgresql in the environment, every
// call gives a new, empty database on the PostgreSQL server this test
// process shares (shared_postgresql_server); otherwise the SQLite file
// `directory`/`name`.db, which is new when the directory is.

#include <string>

#include "tests/harness/child_process.hpp"

namespace kensa::testing {

[[nodiscard]] bool testing_postgresql();
[[nodiscard]] std::string test_database_location(const TemporaryDirectory& directory,
                                                 const std::string& name = "kensa");

}  // namespace kensa::testing
