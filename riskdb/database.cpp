#include "riskdb/database.hpp"

#include <utility>

#include "riskdb/migrations.hpp"

namespace kensa::riskdb {
namespace {

std::string sqlite_message(sqlite3* handle) {
  return handle != nullptr ? sqlite3_errmsg(handle) : "out of memory";
}

int single_integer(sqlite3* handle, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(handle, sql, -1, &statement, nullptr) != SQLITE_OK)
    throw DatabaseError(std::string("cannot read the schema version: ") + sqlite_message(handle));
  int value = 0;
  if (sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  return value;
}

}  // namespace

void throw_database_error(int status, const std::string& message) {
  switch (status & 0xFF) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_NOLFS:
    case SQLITE_PERM: throw StorageError(message);
    default: throw DatabaseError(message);
  }
}

Database Database::open(const std::filesystem::path& file) {
  return open_at_version(file, newest_schema_version());
}

Database Database::open_at_version(const std::filesystem::path& file, int version) {
  if (file.has_parent_path()) {
    std::error_code ignored;
    std::filesystem::create_directories(file.parent_path(), ignored);
  }
  sqlite3* handle = nullptr;
  const int status =
      sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Database database(handle, file);
  if (status != SQLITE_OK)
    throw_database_error(status,
                         "cannot open database " + file.string() + ": " + sqlite_message(handle));
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, 5000);
  database.execute("PRAGMA journal_mode = WAL");
  database.execute("PRAGMA foreign_keys = ON");
  database.execute("PRAGMA synchronous = NORMAL");
  // A sweep writes and judges tens of thousands of rows per transaction: a
  // 64 MiB page cache keeps the B-tree pages it touches out of the kernel.
  // Sorts larger than that spill to temporary files, bounding memory.
  database.execute("PRAGMA cache_size = -65536");
  database.migrate(version);
  return database;
}

Database::Database(Database&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), file_(std::move(other.file_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) sqlite3_close_v2(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    file_ = std::move(other.file_);
  }
  return *this;
}

Database::~Database() {
  if (handle_ != nullptr) sqlite3_close_v2(handle_);
}

void Database::execute(std::string_view sql) {
  const std::string text(sql);
  char* error = nullptr;
  if (const int status = sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &error);
      status != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite_message(handle_);
    sqlite3_free(error);
    throw_database_error(status, "database " + file_.string() + ": " + message);
  }
}

int Database::schema_version() const { return single_integer(handle_, "PRAGMA user_version"); }

int Database::newest_schema_version() { return schema_migrations().back().number; }

void Database::migrate(int up_to) {
  execute(R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  number      INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
) STRICT)sql");
  const int current = schema_version();
  if (current > newest_schema_version())
    throw DatabaseError("database " + file_.string() + " has schema version " +
                        std::to_string(current) + " but this kensa knows only up to " +
                        std::to_string(newest_schema_version()) + "; use a newer kensa");
  for (const Migration& migration : schema_migrations()) {
    if (migration.number <= current || migration.number > up_to) continue;
    try {
      execute("BEGIN IMMEDIATE");
      execute(migration.sql);
      sqlite3_stmt* record = nullptr;
      sqlite3_prepare_v2(handle_,
                         "INSERT INTO schema_migrations(number, description, applied_at) "
                         "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                         -1, &record, nullptr);
      sqlite3_bind_int(record, 1, migration.number);
      sqlite3_bind_text(record, 2, migration.description.data(),
                        static_cast<int>(migration.description.size()), SQLITE_STATIC);
      const int step = sqlite3_step(record);
      sqlite3_finalize(record);
      if (step != SQLITE_DONE) throw_database_error(step, sqlite_message(handle_));
      execute("PRAGMA user_version = " + std::to_string(migration.number));
      execute("COMMIT");
    } catch (const DatabaseError& error) {
      sqlite3_exec(handle_, "ROLLBACK", nullptr, nullptr, nullptr);
      const std::string message = "migration " + std::to_string(migration.number) + " (" +
                                  std::string(migration.description) + ") failed: " + error.what();
      if (dynamic_cast<const StorageError*>(&error) != nullptr) throw StorageError(message);
      throw DatabaseError(message);
    }
  }
}

}  // namespace kensa::riskdb
