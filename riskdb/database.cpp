#include "riskdb/database.hpp"

#include <algorithm>

#include "riskdb/datasets.hpp"
#include "riskdb/migrations.hpp"
#include "riskdb/postgresql_storage.hpp"
#include "riskdb/sqlite_storage.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {

bool is_postgresql_location(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string without_url_password(std::string url, std::string_view replacement) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const auto authority = scheme + 3;
  const auto at = url.find('@', authority);
  const auto slash = url.find('/', authority);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    const auto colon = url.find(':', authority);
    if (colon != std::string::npos && colon < at)
      url.replace(colon + 1, at - colon - 1, replacement);
  }
  for (auto query = url.find('?'); query != std::string::npos;) {
    const auto start = query + 1;
    const auto end = std::min(url.find('&', start), url.size());
    if (url.compare(start, 9, "password=") == 0) {
      url.replace(start + 9, end - start - 9, replacement);
      query = url.find('&', start + 9 + replacement.size());
    } else {
      query = end < url.size() ? end : std::string::npos;
    }
  }
  return url;
}

namespace {

std::unique_ptr<Connection> connect(const std::filesystem::path& location, OpenMode mode) {
  const std::string text = location.string();
  if (is_postgresql_location(text)) return connect_postgresql(text, mode);
  return open_sqlite_file(location, mode);
}

std::string newer_schema_message(const std::string& name, int version) {
  return "database " + name + " has schema version " + std::to_string(version) +
         " but this kensa knows only up to " + std::to_string(Database::newest_schema_version()) +
         "; use a newer kensa";
}

}  // namespace

Database Database::open(const std::filesystem::path& location) {
  return open_at_version(location, newest_schema_version());
}

Database Database::open_at_version(const std::filesystem::path& location, int version) {
  Database database(connect(location, OpenMode::read_write), false);
  database.created_ = database.schema_version() == 0;
  const bool changed = database.migrate(version);
  database.connection_->finish_open(changed);
  return database;
}

std::optional<Database> Database::open_beside() const {
  if (backend() != Backend::postgresql) return std::nullopt;
  // The location is the name: a PostgreSQL location never holds a password.
  return Database(
      connect_postgresql(name(), read_only_ ? OpenMode::read_only : OpenMode::read_write),
      read_only_);
}

Database Database::open_read_only(const std::filesystem::path& location) {
  Database database(connect(location, OpenMode::read_only), true);
  const int current = database.schema_version();
  if (current > newest_schema_version())
    throw DatabaseError(newer_schema_message(database.name(), current));
  if (current < newest_schema_version())
    throw DatabaseError("database " + database.name() + " has schema version " +
                        std::to_string(current) + ", older than this kensa's " +
                        std::to_string(newest_schema_version()) +
                        "; commands that only read do not upgrade it: `kensa db init --db " +
                        database.name() + "` does");
  return database;
}

std::filesystem::path Database::file() const {
  if (backend() == Backend::sqlite) return name();
  return {};
}

void Database::execute(std::string_view sql) { connection_->execute(sql); }

int Database::schema_version() const { return connection_->schema_version(); }

int Database::newest_schema_version() { return schema_migrations().back().number; }

bool Database::migrate(int up_to) {
  Connection& connection = *connection_;
  connection.lock_schema();
  struct Unlock {
    Connection& connection;
    ~Unlock() { connection.unlock_schema(); }
  } unlock{connection};
  execute(connection.migration_sql(R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  number      INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
) STRICT)sql"));
  const int current = schema_version();
  if (current > newest_schema_version()) throw DatabaseError(newer_schema_message(name(), current));
  bool applied = false;
  for (const Migration& migration : schema_migrations()) {
    if (migration.number <= current || migration.number > up_to) continue;
    applied = true;
    try {
      connection.begin();
      if (backend() == Backend::postgresql && !migration.postgresql_sql.empty())
        execute(migration.postgresql_sql);
      else
        execute(connection.migration_sql(migration.sql));
      Statement record(*this,
                       "INSERT INTO schema_migrations(number, description, applied_at) "
                       "VALUES (?1, ?2, ?3)");
      record.bind(1, std::int64_t{migration.number})
          .bind(2, migration.description)
          .bind(3, utc_now())
          .run();
      connection.record_schema_version(migration.number);
      execute("COMMIT");
    } catch (const DatabaseError& error) {
      connection.execute_quietly("ROLLBACK");
      const std::string message = "migration " + std::to_string(migration.number) + " (" +
                                  std::string(migration.description) + ") failed: " + error.what();
      if (dynamic_cast<const StorageError*>(&error) != nullptr) throw StorageError(message);
      throw DatabaseError(message);
    }
  }
  return applied;
}

}  // namespace kensa::riskdb
