#pragma once
// kensa's inventory database, in either store: an SQLite file (the embedded
// default) or a PostgreSQL database (the central inventory of many sites),
// brought to the newest schema by numbered migrations at open.
//
// Contract: a location that starts with postgresql:// or postgres:// is a
// PostgreSQL database (riskdb/postgresql_storage.hpp says what it may
// hold); anything else is an SQLite file (riskdb/sqlite_storage.hpp).
// Database::open creates what is missing and applies every migration it has
// not seen, each in its own transaction, recording its number and time in
// schema_migrations; a failing migration leaves the store at the previous
// version and throws DatabaseError naming the migration and the store's
// message. A store written by a newer kensa (a schema version this build
// does not know) is refused rather than touched, and so is one that is not
// kensa's (another application's file or tables).
//
// Database::open_read_only is for commands that only read: the store must
// exist and be at this kensa's schema (older or newer is refused, naming
// the command that upgrades it); it is opened with no migration and no
// write of any kind, and an SQLite file works where the process can write
// nothing (an auditor's copy).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "riskdb/storage.hpp"

namespace kensa::riskdb {

class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The store itself failed, not what was asked of it: the disk is full, an
// I/O error, a corrupt or foreign file, one that cannot be opened or is
// read-only, a server that cannot be reached or went away. Commands exit
// 74 for it.
class StorageError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// The file or database is not kensa's (another application's SQLite file
// or tables), or a read command was pointed at a path where none exists.
class ForeignFileError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// Whether `location` names a PostgreSQL database rather than a file.
[[nodiscard]] bool is_postgresql_location(std::string_view location);

// A URL with the password of scheme://user:PASSWORD@host and of any
// password=PASSWORD parameter replaced by `replacement`: what messages and
// records may show of a location. Anything else is returned as it is.
[[nodiscard]] std::string without_url_password(std::string url, std::string_view replacement);

class Database {
 public:
  static Database open(const std::filesystem::path& location);
  static Database open_read_only(const std::filesystem::path& location);
  // Migrates only up to `version`: how tests build a store of an older kensa.
  static Database open_at_version(const std::filesystem::path& location, int version);
  // A second session on the same store, for reading what is committed and
  // drawing ids (Connection::reserve_ids) without waiting behind this
  // session's statements in flight: on PostgreSQL, whose writer sends its
  // rows without waiting for them (libpq's pipeline), a question on the
  // writer's own session is answered only after every row sent before it.
  // It sees nothing of this session's open transaction. nullopt for SQLite,
  // which runs each statement in process as it is given.
  [[nodiscard]] std::optional<Database> open_beside() const;

  [[nodiscard]] int schema_version() const;
  [[nodiscard]] static int newest_schema_version();
  [[nodiscard]] Backend backend() const { return connection_->backend(); }
  // The file's path, or the server and database (never a password): for messages.
  [[nodiscard]] const std::string& name() const { return connection_->name(); }
  // The SQLite file; empty for a PostgreSQL database.
  [[nodiscard]] std::filesystem::path file() const;
  [[nodiscard]] bool read_only() const { return read_only_; }
  // Whether this open made the schema: a new file, or an empty PostgreSQL database.
  [[nodiscard]] bool created() const { return created_; }

  // Runs SQL that returns no rows; throws DatabaseError with the store's message.
  void execute(std::string_view sql);
  [[nodiscard]] Connection& connection() const { return *connection_; }

 private:
  Database(std::unique_ptr<Connection> connection, bool read_only)
      : connection_(std::move(connection)), read_only_(read_only) {}
  // Whether it applied any migration.
  bool migrate(int up_to);

  std::unique_ptr<Connection> connection_;
  bool read_only_ = false;
  bool created_ = false;
};

}  // namespace kensa::riskdb
