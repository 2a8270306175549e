#pragma once
// kensa's SQLite file: opened in WAL mode with foreign keys enforced, and
// brought to the newest schema by numbered migrations at open.
//
// Contract: Database::open creates the file if needed and applies every
// migration it has not seen, each in its own transaction, recording its
// number and time in schema_migrations; a failing migration leaves the file
// at the previous version and throws DatabaseError naming the migration and
// SQLite's message. A file written by a newer kensa (a schema version this
// build does not know) is refused rather than touched.

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kensa::riskdb {

class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The file itself failed, not what was asked of it: the disk is full, an
// I/O error, a corrupt or foreign file, one that cannot be opened or is
// read-only. Commands exit 74 for it.
class StorageError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// Throws StorageError or DatabaseError for SQLite result code `status`.
[[noreturn]] void throw_database_error(int status, const std::string& message);

class Database {
 public:
  static Database open(const std::filesystem::path& file);
  // Migrates only up to `version`: how tests build a file of an older kensa.
  static Database open_at_version(const std::filesystem::path& file, int version);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  [[nodiscard]] int schema_version() const;
  [[nodiscard]] static int newest_schema_version();
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

  // Runs SQL that returns no rows; throws DatabaseError with SQLite's message.
  void execute(std::string_view sql);
  [[nodiscard]] sqlite3* handle() const { return handle_; }

 private:
  Database(sqlite3* handle, std::filesystem::path file) : handle_(handle), file_(std::move(file)) {}
  void migrate(int up_to);

  sqlite3* handle_ = nullptr;
  std::filesystem::path file_;
};

}  // namespace kensa::riskdb
