#include "riskdb/database.hpp"

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
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
  const int status = sqlite3_step(statement);
  if (status == SQLITE_ROW) value = sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  if (status != SQLITE_ROW && status != SQLITE_DONE)
    throw DatabaseError(std::string("cannot read the schema version: ") + sqlite_message(handle));
  return value;
}

// What the first 100 bytes of a file say, read without SQLite, which would
// write to a file it opens read-write (the journal mode, a hot journal).
struct FileHeader {
  bool exists = false;
  bool empty = false;
  bool sqlite = false;
  std::int32_t application_id = 0;
};

std::int32_t big_endian_at(const std::array<char, 100>& bytes, std::size_t offset) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i)
    value = (value << 8U) | static_cast<unsigned char>(bytes[offset + i]);
  return static_cast<std::int32_t>(value);
}

FileHeader read_header(const std::filesystem::path& file) {
  std::error_code error;
  FileHeader header;
  header.exists = std::filesystem::exists(file, error);
  if (!header.exists) return header;
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw StorageError("cannot read database " + file.string() + ": " + std::strerror(errno));
  std::array<char, 100> bytes{};
  in.read(bytes.data(), bytes.size());
  const auto length = in.gcount();
  header.empty = length == 0;
  // The 16-byte magic string, NUL included, then the header's fields.
  header.sqlite = length == 100 && std::memcmp(bytes.data(), "SQLite format 3", 16) == 0;
  if (header.sqlite) header.application_id = big_endian_at(bytes, 68);
  return header;
}

// `file` as an SQLite URI with `query`: the path percent-encoded.
std::string sqlite_uri(const std::filesystem::path& file, std::string_view query) {
  std::ostringstream uri;
  uri << "file:";
  for (const char byte : std::filesystem::absolute(file).string()) {
    const auto c = static_cast<unsigned char>(byte);
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~')
      uri << byte;
    else
      uri << '%' << "0123456789ABCDEF"[c >> 4U] << "0123456789ABCDEF"[c & 15U];
  }
  uri << '?' << query;
  return uri.str();
}

// Whether a file without kensa's application_id is one of kensa's from
// before it set one: it holds kensa's tables. Read as an immutable file,
// which takes no lock and creates no journal.
bool has_kensa_tables(const std::filesystem::path& file) {
  sqlite3* handle = nullptr;
  const std::string uri = sqlite_uri(file, "immutable=1");
  if (sqlite3_open_v2(uri.c_str(), &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) !=
      SQLITE_OK) {
    sqlite3_close_v2(handle);
    return false;
  }
  const int tables = single_integer(handle,
                                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                                    "name IN ('schema_migrations', 'sweeps', 'devices')");
  sqlite3_close_v2(handle);
  return tables == 3;
}

std::string hex_of(std::int32_t value) {
  std::ostringstream text;
  text << "0x" << std::hex << static_cast<std::uint32_t>(value);
  return text.str();
}

// Throws unless `file`, which exists and is not empty, is a kensa database.
void refuse_unless_kensa(const std::filesystem::path& file, const FileHeader& header,
                         std::int32_t kensa_id) {
  if (!header.sqlite)
    throw StorageError(file.string() +
                       " is not an SQLite database (a corrupt file, or another kind of file); "
                       "kensa left it untouched");
  if (header.application_id == kensa_id) return;
  if (header.application_id == 0 && has_kensa_tables(file)) return;
  const std::string whose =
      header.application_id == 0
          ? "no application_id and not kensa's tables"
          : "application_id " + hex_of(header.application_id) + ", not kensa's " + hex_of(kensa_id);
  throw ForeignFileError(file.string() + " is an SQLite database of another application (" + whose +
                         "); kensa left it untouched. Give --db a kensa database, or a new path "
                         "for a new one");
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
  const FileHeader header = read_header(file);
  if (header.exists && !header.empty) refuse_unless_kensa(file, header, application_id);
  if (file.has_parent_path()) {
    std::error_code ignored;
    std::filesystem::create_directories(file.parent_path(), ignored);
  }
  sqlite3* handle = nullptr;
  const int status =
      sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Database database(handle, file, false);
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
  bool changed = database.migrate(version);
  if (header.application_id != application_id) {
    database.execute("PRAGMA application_id = " + std::to_string(application_id));
    changed = true;
  }
  // Into the file itself, not only its write-ahead log: a reader that
  // checks the header (read_header) sees a kensa database at once.
  if (changed) database.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  return database;
}

Database Database::open_read_only(const std::filesystem::path& file) {
  const FileHeader header = read_header(file);
  if (!header.exists)
    throw ForeignFileError("no kensa database at " + file.string() +
                           "; commands that only read never create one (a sweep, a feed import "
                           "or `kensa db init --db " +
                           file.string() + "` does)");
  if (header.empty)
    throw ForeignFileError(file.string() + " is an empty file, not a kensa database");
  refuse_unless_kensa(file, header, application_id);
  sqlite3* handle = nullptr;
  int status = sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  Database database(handle, file, true);
  if (status != SQLITE_OK)
    throw_database_error(status,
                         "cannot open database " + file.string() + ": " + sqlite_message(handle));
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, 5000);
  // A WAL database needs its -shm index, which a read-only directory cannot
  // get: such a copy has no writer, so it is read as an immutable file.
  int current = 0;
  try {
    current = database.schema_version();
  } catch (const DatabaseError&) {
    sqlite3_close_v2(std::exchange(database.handle_, nullptr));
    const std::string uri = sqlite_uri(file, "immutable=1");
    status = sqlite3_open_v2(uri.c_str(), &database.handle_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                             nullptr);
    if (status != SQLITE_OK)
      throw_database_error(status, "cannot open database " + file.string() + ": " +
                                       sqlite_message(database.handle_));
    sqlite3_extended_result_codes(database.handle_, 1);
    current = database.schema_version();
  }
  database.execute("PRAGMA query_only = ON");
  if (current > newest_schema_version())
    throw DatabaseError("database " + file.string() + " has schema version " +
                        std::to_string(current) + " but this kensa knows only up to " +
                        std::to_string(newest_schema_version()) + "; use a newer kensa");
  if (current < newest_schema_version())
    throw DatabaseError("database " + file.string() + " has schema version " +
                        std::to_string(current) + ", older than this kensa's " +
                        std::to_string(newest_schema_version()) +
                        "; commands that only read do not upgrade it: `kensa db init --db " +
                        file.string() + "` does");
  return database;
}

Database::Database(Database&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      file_(std::move(other.file_)),
      read_only_(other.read_only_) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) sqlite3_close_v2(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    file_ = std::move(other.file_);
    read_only_ = other.read_only_;
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

bool Database::migrate(int up_to) {
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
  bool applied = false;
  for (const Migration& migration : schema_migrations()) {
    if (migration.number <= current || migration.number > up_to) continue;
    applied = true;
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
  return applied;
}

}  // namespace kensa::riskdb
