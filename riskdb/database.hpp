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
//
// A kensa database carries kensa's SQLite application_id (files of kensa
// before it, with kensa's tables and none, are given it at their next
// write). Any other file, SQLite or not, is refused before SQLite opens it:
// its bytes are read, never written (ForeignFileError, or StorageError for a
// file that is not SQLite at all).
//
// Database::open_read_only is for commands that only read: the file must
// exist and be at this kensa's schema (older or newer is refused, naming
// the command that upgrades it); it is opened read-only with no migration
// and no write of any kind, and works on a file or directory the process
// cannot write (an auditor's copy).

#include <sqlite3.h>

#include <cstdint>
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

// The file is not a kensa database (another application's SQLite file),
// or a read command was pointed at a path where none exists.
class ForeignFileError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// Throws StorageError or DatabaseError for SQLite result code `status`.
[[noreturn]] void throw_database_error(int status, const std::string& message);

class Database {
 public:
  // kensa's SQLite application_id: "kens".
  static constexpr std::int32_t application_id = 0x6B656E73;

  static Database open(const std::filesystem::path& file);
  static Database open_read_only(const std::filesystem::path& file);
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
  [[nodiscard]] bool read_only() const { return read_only_; }

  // Runs SQL that returns no rows; throws DatabaseError with SQLite's message.
  void execute(std::string_view sql);
  [[nodiscard]] sqlite3* handle() const { return handle_; }

 private:
  Database(sqlite3* handle, std::filesystem::path file, bool read_only)
      : handle_(handle), file_(std::move(file)), read_only_(read_only) {}
  // Whether it applied any migration.
  bool migrate(int up_to);

  sqlite3* handle_ = nullptr;
  std::filesystem::path file_;
  bool read_only_ = false;
};

}  // namespace kensa::riskdb
