#include "tests/harness/postgresql_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace kensa::testing {
namespace {

// The bin folder of the newest PostgreSQL server installed the Debian way
// (/usr/lib/postgresql/N/bin), or of one whose initdb is on PATH.
std::optional<std::filesystem::path> server_programs() {
  std::optional<std::filesystem::path> best;
  int best_version = -1;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
    const auto bin = entry.path() / "bin";
    if (!std::filesystem::exists(bin / "initdb") || !std::filesystem::exists(bin / "postgres"))
      continue;
    const int version = std::atoi(entry.path().filename().c_str());
    if (version > best_version) {
      best_version = version;
      best = bin;
    }
  }
  if (best) return best;
  if (const char* path = std::getenv("PATH"); path != nullptr) {
    std::string_view rest(path);
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      const std::filesystem::path folder(rest.substr(0, colon));
      if (std::filesystem::exists(folder / "initdb") &&
          std::filesystem::exists(folder / "postgres"))
        return folder;
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  return std::nullopt;
}

std::uint16_t free_tcp_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error(std::string("bind: ") + std::strerror(errno));
  }
  close(fd);
  return ntohs(address.sin_port);
}

std::optional<UserIds> unprivileged_user() {
  if (geteuid() != 0) return std::nullopt;
  const passwd* nobody = getpwnam("nobody");
  if (nobody == nullptr)
    throw std::runtime_error("the tests run as root and there is no user nobody to run PostgreSQL");
  return UserIds{nobody->pw_uid, nobody->pw_gid};
}

}  // namespace

std::optional<std::string> PostgresqlServer::unavailable_reason() {
  if (server_programs()) return std::nullopt;
  return "PostgreSQL's server (initdb, postgres) is not installed; scripts/install-deps "
         "installs postgresql-15";
}

PostgresqlServer::PostgresqlServer() {
  const auto programs = server_programs();
  if (!programs) throw std::runtime_error(*unavailable_reason());
  bin_ = *programs;
  as_user_ = unprivileged_user();
  if (as_user_ && chown(directory_.path().c_str(), as_user_->uid, as_user_->gid) != 0)
    throw std::runtime_error("cannot give " + directory_.path().string() +
                             " to nobody: " + std::strerror(errno));
  const ProcessResult made =
      run_process({(bin_ / "initdb").string(), "-D", (directory_.path() / "data").string(), "-U",
                   "kensa", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"},
                  {}, std::chrono::seconds(120), as_user_);
  if (made.exit_code != 0) throw std::runtime_error("initdb failed: " + made.describe());
  start();
}

PostgresqlServer::~PostgresqlServer() {
  if (server_) server_->stop(SIGINT);
}

void PostgresqlServer::start() {
  if (server_ && server_->running()) return;
  if (port_ == 0) port_ = free_tcp_port();
  const auto log = directory_.path() / "server.log";
  // Durability is not what these tests measure: no fsync, for speed.
  server_.emplace(
      std::vector<std::string>{
          (bin_ / "postgres").string(), "-D", (directory_.path() / "data").string(), "-p",
          std::to_string(port_), "-c", "listen_addresses=127.0.0.1", "-c",
          "unix_socket_directories=" + directory_.path().string(), "-c", "fsync=off", "-c",
          "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=60"},
      log, EnvironmentChanges{}, as_user_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    const ProcessResult ready =
        run_process({(bin_ / "pg_isready").string(), "-q", "-h", "127.0.0.1", "-p",
                     std::to_string(port_), "-U", "kensa", "-d", "postgres"},
                    {}, std::chrono::seconds(10));
    if (ready.exit_code == 0) return;
    if (!server_->running() || std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("PostgreSQL did not start on port " + std::to_string(port_) + ":\n" +
                               tail_of_file(log, 40));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void PostgresqlServer::stop() {
  if (server_) server_->stop(SIGINT);
  server_.reset();
}

std::string PostgresqlServer::location(const std::string& database) const {
  return "postgresql://kensa@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

namespace {

std::vector<std::string> psql_arguments(const std::filesystem::path& bin, std::uint16_t port,
                                        const std::string& database, const std::string& sql) {
  return {(bin / "psql").string(),
          "-X",
          "-q",
          "-A",
          "-t",
          "-v",
          "ON_ERROR_STOP=1",
          "-h",
          "127.0.0.1",
          "-p",
          std::to_string(port),
          "-U",
          "kensa",
          "-d",
          database,
          "-c",
          sql};
}

}  // namespace

BackgroundProcess PostgresqlServer::start_sql(const std::string& database, const std::string& sql,
                                              const std::filesystem::path& log) const {
  return BackgroundProcess(psql_arguments(bin_, port_, database, sql), log,
                           {{"PGPASSFILE", "/dev/null"}});
}

std::string PostgresqlServer::run_sql(const std::string& database, const std::string& sql) const {
  const ProcessResult result =
      run_process(psql_arguments(bin_, port_, database, sql), {{"PGPASSFILE", "/dev/null"}},
                  std::chrono::seconds(120));
  if (result.exit_code != 0) throw std::runtime_error("psql failed: " + result.describe());
  return result.out;
}

std::string PostgresqlServer::create_database(const std::string& name) {
  run_sql("postgres", "CREATE DATABASE \"" + name + "\"");
  return location(name);
}

PostgresqlServer& shared_postgresql_server() {
  static PostgresqlServer server;
  return server;
}

PostgresqlServer* shared_postgresql_server_or_skip() {
  if (const auto reason = PostgresqlServer::unavailable_reason()) {
    std::cout << "SKIPPED: " << *reason << '\n';
    return nullptr;
  }
  return &shared_postgresql_server();
}

}  // namespace kensa::testing
