#include "riskdb/statement.hpp"

namespace kensa::riskdb {
namespace {

[[noreturn]] void fail(sqlite3* handle, const std::string& sql) {
  std::string shown = sql.substr(0, 120);
  throw_database_error(sqlite3_extended_errcode(handle),
                       std::string(sqlite3_errmsg(handle)) + " (in: " + shown + ")");
}

}  // namespace

Statement::Statement(const Database& database, std::string_view sql)
    : handle_(database.handle()), sql_(sql) {
  if (sqlite3_prepare_v2(handle_, sql_.c_str(), static_cast<int>(sql_.size()), &statement_,
                         nullptr) != SQLITE_OK)
    fail(handle_, sql_);
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int position, std::string_view text) {
  if (sqlite3_bind_text(statement_, position, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    fail(handle_, sql_);
  return *this;
}

Statement& Statement::bind(int position, const std::optional<std::string>& text) {
  return text ? bind(position, std::string_view(*text)) : bind(position, std::nullopt);
}

Statement& Statement::bind(int position, std::int64_t number) {
  if (sqlite3_bind_int64(statement_, position, number) != SQLITE_OK) fail(handle_, sql_);
  return *this;
}

Statement& Statement::bind(int position, const std::optional<std::int64_t>& number) {
  return number ? bind(position, *number) : bind(position, std::nullopt);
}

Statement& Statement::bind(int position, double number) {
  if (sqlite3_bind_double(statement_, position, number) != SQLITE_OK) fail(handle_, sql_);
  return *this;
}

Statement& Statement::bind(int position, std::nullopt_t) {
  if (sqlite3_bind_null(statement_, position) != SQLITE_OK) fail(handle_, sql_);
  return *this;
}

Statement& Statement::bind_blob(int position, const std::vector<unsigned char>& bytes) {
  if (sqlite3_bind_blob(statement_, position, bytes.data(), static_cast<int>(bytes.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    fail(handle_, sql_);
  return *this;
}

bool Statement::step() {
  const int status = sqlite3_step(statement_);
  if (status == SQLITE_ROW) return true;
  if (status == SQLITE_DONE) return false;
  // The message first: resetting may replace it. Then the statement is
  // ready for its next use.
  const std::string message =
      std::string(sqlite3_errmsg(handle_)) + " (in: " + sql_.substr(0, 120) + ")";
  const int code = sqlite3_extended_errcode(handle_);
  reset();
  throw_database_error(code, message);
}

void Statement::run() {
  step();
  reset();
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double Statement::real(int column) const { return sqlite3_column_double(statement_, column); }

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(statement_, column);
  if (bytes == nullptr) return {};
  return {reinterpret_cast<const char*>(bytes),
          static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<double> Statement::optional_real(int column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}

Transaction::Transaction(Database& database)
    : database_(database), nested_(sqlite3_get_autocommit(database.handle()) == 0) {
  database_.execute(nested_ ? "SAVEPOINT kensa_nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (open_)
    sqlite3_exec(database_.handle(),
                 nested_ ? "ROLLBACK TO kensa_nested; RELEASE kensa_nested" : "ROLLBACK", nullptr,
                 nullptr, nullptr);
}

void Transaction::commit() {
  database_.execute(nested_ ? "RELEASE kensa_nested" : "COMMIT");
  open_ = false;
}

std::int64_t last_insert_id(const Database& database) {
  return sqlite3_last_insert_rowid(database.handle());
}

}  // namespace kensa::riskdb
