#include "tests/harness/test_database.hpp"

#include <cstdlib>
#include <string_view>

#include "tests/harness/postgresql_server.hpp"

namespace kensa::testing {

bool testing_postgresql() {
  const char* backend = std::getenv("KENSA_TEST_BACKEND");
  return backend != nullptr && std::string_view(backend) == "postgresql";
}

std::string test_database_location(const TemporaryDirectory& directory, const std::string& name) {
  if (!testing_postgresql()) return (directory.path() / (name + ".db")).string();
  static int made = 0;
  return shared_postgresql_server().create_database(name + "_" + std::to_string(++made));
}

}  // namespace kensa::testing
