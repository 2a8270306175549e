#include "riskdb/sqlite_storage.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "riskdb/database.hpp"

namespace kensa::riskdb {

void throw_sqlite_error(int status, const std::string& message) {
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
void refuse_unless_kensa(const std::filesystem::path& file, const FileHeader& header) {
  if (!header.sqlite)
    throw StorageError(file.string() +
                       " is not an SQLite database (a corrupt file, or another kind of file); "
                       "kensa left it untouched");
  if (header.application_id == sqlite_application_id) return;
  if (header.application_id == 0 && has_kensa_tables(file)) return;
  const std::string whose = header.application_id == 0
                                ? "no application_id and not kensa's tables"
                                : "application_id " + hex_of(header.application_id) +
                                      ", not kensa's " + hex_of(sqlite_application_id);
  throw ForeignFileError(file.string() + " is an SQLite database of another application (" + whose +
                         "); kensa left it untouched. Give --db a kensa database, or a new path "
                         "for a new one");
}

class SqliteQuery final : public Query {
 public:
  SqliteQuery(sqlite3* handle, std::string_view sql) : handle_(handle), sql_(sql) {
    if (sqlite3_prepare_v2(handle_, sql_.c_str(), static_cast<int>(sql_.size()), &statement_,
                           nullptr) != SQLITE_OK)
      fail();
  }
  ~SqliteQuery() override { sqlite3_finalize(statement_); }

  void bind_text(int position, std::string_view text) override {
    check(sqlite3_bind_text(statement_, position, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
  }
  void bind_integer(int position, std::int64_t number) override {
    check(sqlite3_bind_int64(statement_, position, number));
  }
  void bind_real(int position, double number) override {
    check(sqlite3_bind_double(statement_, position, number));
  }
  void bind_blob(int position, std::span<const unsigned char> bytes) override {
    check(sqlite3_bind_blob(statement_, position, bytes.data(), static_cast<int>(bytes.size()),
                            SQLITE_TRANSIENT));
  }
  void bind_null(int position) override { check(sqlite3_bind_null(statement_, position)); }

  bool step() override {
    const int status = sqlite3_step(statement_);
    if (status == SQLITE_ROW) return true;
    if (status == SQLITE_DONE) return false;
    // The message first: resetting may replace it. Then the statement is
    // ready for its next use.
    const std::string message =
        std::string(sqlite3_errmsg(handle_)) + " (in: " + sql_.substr(0, 120) + ")";
    const int code = sqlite3_extended_errcode(handle_);
    reset();
    throw_sqlite_error(code, message);
  }
  void reset() override {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

  [[nodiscard]] bool is_null(int column) const override {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  [[nodiscard]] std::int64_t integer(int column) const override {
    return sqlite3_column_int64(statement_, column);
  }
  [[nodiscard]] double real(int column) const override {
    return sqlite3_column_double(statement_, column);
  }
  [[nodiscard]] std::string text(int column) const override {
    const auto* bytes = sqlite3_column_text(statement_, column);
    if (bytes == nullptr) return {};
    return {reinterpret_cast<const char*>(bytes),
            static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
  }
  [[nodiscard]] int column_count() const override { return sqlite3_column_count(statement_); }

 private:
  [[noreturn]] void fail() const {
    throw_sqlite_error(sqlite3_extended_errcode(handle_),
                       std::string(sqlite3_errmsg(handle_)) + " (in: " + sql_.substr(0, 120) + ")");
  }
  void check(int status) const {
    if (status != SQLITE_OK) fail();
  }

  sqlite3* handle_;
  sqlite3_stmt* statement_ = nullptr;
  std::string sql_;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* handle, std::string name, std::int32_t application_id)
      : handle_(handle), name_(std::move(name)), application_id_(application_id) {}
  ~SqliteConnection() override { sqlite3_close_v2(handle_); }

  [[nodiscard]] Backend backend() const override { return Backend::sqlite; }
  [[nodiscard]] const std::string& name() const override { return name_; }

  void execute(std::string_view sql) override {
    const std::string text(sql);
    char* error = nullptr;
    if (const int status = sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &error);
        status != SQLITE_OK) {
      std::string message = error != nullptr ? error : sqlite_message(handle_);
      sqlite3_free(error);
      throw_sqlite_error(status, "database " + name_ + ": " + message);
    }
  }
  [[nodiscard]] std::unique_ptr<Query> prepare(std::string_view sql) override {
    return std::make_unique<SqliteQuery>(handle_, sql);
  }
  // IMMEDIATE: the writer lock is taken at once, so that a concurrent
  // writer waits (up to the busy timeout) rather than failing half-way.
  void begin() override { execute("BEGIN IMMEDIATE"); }
  [[nodiscard]] bool in_usable_transaction() override { return in_transaction(); }
  void wait_for_sent() override {}
  [[nodiscard]] bool in_transaction() const override {
    return sqlite3_get_autocommit(handle_) == 0;
  }
  void execute_quietly(std::string_view sql) noexcept override {
    const std::string text(sql);
    sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, nullptr);
  }

  [[nodiscard]] int schema_version() override {
    return single_integer(handle_, "PRAGMA user_version");
  }
  void record_schema_version(int version) override {
    execute("PRAGMA user_version = " + std::to_string(version));
  }
  [[nodiscard]] std::string migration_sql(std::string_view sqlite_sql) const override {
    return std::string(sqlite_sql);
  }
  // Each migration's BEGIN IMMEDIATE is the lock.
  void lock_schema() override {}
  void unlock_schema() noexcept override {}
  void finish_open(bool changed) override {
    if (application_id_ != sqlite_application_id) {
      execute("PRAGMA application_id = " + std::to_string(sqlite_application_id));
      changed = true;
    }
    // Into the file itself, not only its write-ahead log: a reader that
    // checks the header (read_header) sees a kensa database at once.
    if (changed) execute("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  [[nodiscard]] std::vector<std::int64_t> reserve_ids(std::string_view table,
                                                      std::size_t count) override {
    const auto query = prepare("SELECT coalesce(max(id), 0) FROM " + std::string(table));
    query->step();
    // Beyond the ids reserved before too: their rows may not be written yet.
    std::int64_t& reserved = reserved_up_to_[std::string(table)];
    const std::int64_t largest = std::max(query->integer(0), reserved);
    reserved = largest + static_cast<std::int64_t>(count);
    std::vector<std::int64_t> ids(count);
    for (std::size_t i = 0; i < count; ++i) ids[i] = largest + 1 + static_cast<std::int64_t>(i);
    return ids;
  }

  void refresh_statistics(std::span<const std::string_view> /*tables*/) override {}
  [[nodiscard]] std::optional<double> planned_rows(std::string_view /*table*/) override {
    return std::nullopt;
  }

  void take_sweep_lease(std::int64_t /*sweep_id*/) override {}
  [[nodiscard]] std::optional<bool> sweep_lease_held(std::int64_t /*sweep_id*/) override {
    return std::nullopt;
  }

  sqlite3* handle_;

 private:
  std::string name_;
  std::int32_t application_id_;
  // The largest id reserve_ids has given for each table: a value never
  // given twice, even before the rows holding it are written.
  std::map<std::string, std::int64_t> reserved_up_to_;
};

std::unique_ptr<SqliteConnection> connection_of(sqlite3* handle, int status,
                                                const std::filesystem::path& file,
                                                std::int32_t application_id) {
  auto connection = std::make_unique<SqliteConnection>(handle, file.string(), application_id);
  if (status != SQLITE_OK)
    throw_sqlite_error(status,
                       "cannot open database " + file.string() + ": " + sqlite_message(handle));
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, 5000);
  return connection;
}

std::unique_ptr<Connection> open_read_write(const std::filesystem::path& file) {
  const FileHeader header = read_header(file);
  if (header.exists && !header.empty) refuse_unless_kensa(file, header);
  if (file.has_parent_path()) {
    std::error_code ignored;
    std::filesystem::create_directories(file.parent_path(), ignored);
  }
  sqlite3* handle = nullptr;
  const int status =
      sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  auto connection = connection_of(handle, status, file, header.application_id);
  connection->execute("PRAGMA journal_mode = WAL");
  connection->execute("PRAGMA foreign_keys = ON");
  connection->execute("PRAGMA synchronous = NORMAL");
  // A sweep writes and judges tens of thousands of rows per transaction: a
  // 64 MiB page cache keeps the B-tree pages it touches out of the kernel.
  // Sorts larger than that spill to temporary files, bounding memory.
  connection->execute("PRAGMA cache_size = -65536");
  return connection;
}

std::unique_ptr<Connection> open_read_only(const std::filesystem::path& file) {
  const FileHeader header = read_header(file);
  if (!header.exists)
    throw ForeignFileError("no kensa database at " + file.string() +
                           "; commands that only read never create one (a sweep, a feed import "
                           "or `kensa db init --db " +
                           file.string() + "` does)");
  if (header.empty)
    throw ForeignFileError(file.string() + " is an empty file, not a kensa database");
  refuse_unless_kensa(file, header);
  sqlite3* handle = nullptr;
  int status = sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  auto connection = connection_of(handle, status, file, header.application_id);
  // A WAL database needs its -shm index, which a read-only directory cannot
  // get: such a copy has no writer, so it is read as an immutable file.
  try {
    (void)connection->schema_version();
  } catch (const DatabaseError&) {
    sqlite3_close_v2(std::exchange(connection->handle_, nullptr));
    const std::string uri = sqlite_uri(file, "immutable=1");
    status = sqlite3_open_v2(uri.c_str(), &connection->handle_,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    if (status != SQLITE_OK)
      throw_sqlite_error(status, "cannot open database " + file.string() + ": " +
                                     sqlite_message(connection->handle_));
    sqlite3_extended_result_codes(connection->handle_, 1);
  }
  connection->execute("PRAGMA query_only = ON");
  return connection;
}

}  // namespace

std::unique_ptr<Connection> open_sqlite_file(const std::filesystem::path& file, OpenMode mode) {
  return mode == OpenMode::read_write ? open_read_write(file) : open_read_only(file);
}

}  // namespace kensa::riskdb
