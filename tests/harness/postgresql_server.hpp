#pragma once
// A real PostgreSQL server of a test's own: initdb in a temporary folder,
// listening on a free port of 127.0.0.1 and on a socket in that folder,
// with trust authentication for the superuser `kensa`. Never a mock.
//
// Contract: PostgreSQL refuses to run as root, so when the tests run as
// root the folder is given to `nobody` and initdb and the server run as
// that user. The server is stopped (fast shutdown) when the object is
// destroyed, and killed with the test process however that ends (the
// parent-death signal), so no server outlives its test. The constructor
// throws, with the server's log, when the server does not start.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "tests/harness/child_process.hpp"

namespace kensa::testing {

class PostgresqlServer {
 public:
  // Why PostgreSQL's server programs cannot be run here (not installed),
  // or nullopt when they can: tests skip with this message.
  static std::optional<std::string> unavailable_reason();

  PostgresqlServer();
  PostgresqlServer(const PostgresqlServer&) = delete;
  PostgresqlServer& operator=(const PostgresqlServer&) = delete;
  ~PostgresqlServer();

  // A new, empty database; its libpq URI, with no password.
  std::string create_database(const std::string& name);
  [[nodiscard]] std::string location(const std::string& database) const;
  [[nodiscard]] std::uint16_t port() const { return port_; }

  // Runs SQL with psql as the superuser; throws with psql's output on failure.
  std::string run_sql(const std::string& database, const std::string& sql) const;

  // Runs SQL with psql in the background, output to `log`: a session that
  // holds a lock while the test does something else.
  [[nodiscard]] BackgroundProcess start_sql(const std::string& database, const std::string& sql,
                                            const std::filesystem::path& log) const;

  // A fast shutdown (clients are disconnected), and a start on the same port.
  void stop();
  void start();

 private:
  TemporaryDirectory directory_{"kensa-postgresql"};
  std::filesystem::path bin_;
  std::optional<UserIds> as_user_;
  std::uint16_t port_ = 0;
  std::optional<BackgroundProcess> server_;
};

// The server the tests of this process share, started at first use.
PostgresqlServer& shared_postgresql_server();

// The shared server, or nullptr after printing "SKIPPED:" and the reason
// when PostgreSQL is not installed.
PostgresqlServer* shared_postgresql_server_or_skip();

}  // namespace kensa::testing
