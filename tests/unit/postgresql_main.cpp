// The runner of the riskdb tests on PostgreSQL: the same test cases as the
// unit tests' (kensa_store_test_cases), each inventory a new database on a
// real server of this process's own (tests/harness/test_database.hpp).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  setenv("KENSA_TEST_BACKEND", "postgresql", 1);
  return doctest::Context(argc, argv).run();
}
