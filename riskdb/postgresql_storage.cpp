#include "riskdb/postgresql_storage.hpp"

#include <libpq-fe.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/postgresql_dialect.hpp"

namespace kensa::riskdb {
namespace {

// The advisory lock keys: the first is "kens", the second what is locked.
constexpr int lock_namespace = 0x6B656E73;
constexpr int writer_lock = 1;
constexpr int schema_lock = 2;
// A running sweep's lease: "kent", and the sweep's id.
constexpr int sweep_lease_namespace = 0x6B656E74;

// PostgreSQL type OIDs (pg_type.dat) of the parameters kensa binds.
constexpr Oid int8_oid = 20;
constexpr Oid text_oid = 25;
constexpr Oid float8_oid = 701;
constexpr Oid bytea_oid = 17;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// The store failed rather than the statement: the connection (08), the
// server's resources (53: a full disk, out of memory), an operator
// intervention (57: shutdown, a cancelled query), the system (58: I/O) or
// an internal error (XX: corruption).
bool is_storage_state(std::string_view state) {
  return state.starts_with("08") || state.starts_with("53") || state.starts_with("57") ||
         state.starts_with("58") || state.starts_with("XX");
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

class PostgresqlConnection;

[[noreturn]] void throw_result_error(PGconn* connection, const PGresult* result,
                                     const std::string& name, std::string_view sql) {
  const std::string shown = sql.empty() ? "" : " (in: " + std::string(sql.substr(0, 120)) + ")";
  if (result == nullptr || PQstatus(connection) == CONNECTION_BAD) {
    throw StorageError("database " + name +
                       ": the connection to the server was lost: " +
                       trimmed(PQerrorMessage(connection)) + shown);
  }
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
  std::string message = "database " + name + ": " +
                        (primary != nullptr ? std::string(primary)
                                            : trimmed(PQresultErrorMessage(result)));
  if (detail != nullptr) message += " (" + std::string(detail) + ")";
  message += shown;
  if (state != nullptr && is_storage_state(state)) throw StorageError(message);
  throw DatabaseError(message);
}

bool succeeded(const PGresult* result) {
  if (result == nullptr) return false;
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

class PostgresqlQuery final : public Query {
 public:
  PostgresqlQuery(PGconn* connection, const std::string& name, std::string_view sql,
                  unsigned& statement_counter)
      : connection_(connection),
        name_(name),
        original_(sql),
        statement_counter_(statement_counter) {
    sql_ = postgresql_parameters(sql, referenced_);
    parameters_ = static_cast<int>(referenced_.size());
    values_.resize(referenced_.size());
  }
  ~PostgresqlQuery() override {
    for (const auto& prepared : prepared_) {
      Result ignored(PQexec(connection_, ("DEALLOCATE " + prepared.name).c_str()));
    }
  }

  void bind_text(int position, std::string_view text) override {
    slot(position) = {postgresql_text_of(text), text_oid, 0};
  }
  void bind_integer(int position, std::int64_t number) override {
    slot(position) = {std::to_string(number), int8_oid, 0};
  }
  void bind_real(int position, double number) override {
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%.17g", number);
    slot(position) = {std::string(text.data()), float8_oid, 0};
  }
  void bind_blob(int position, std::span<const unsigned char> bytes) override {
    slot(position) = {std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                      bytea_oid, 1};
  }
  void bind_null(int position) override { slot(position) = Value{}; }

  bool step() override {
    if (!result_) execute();
    if (++row_ < rows_) return true;
    return false;
  }
  void reset() override {
    result_.reset();
    row_ = -1;
    rows_ = 0;
    for (Value& value : values_) value = Value{};
  }

  [[nodiscard]] bool is_null(int column) const override {
    return PQgetisnull(result_.get(), row_, column) != 0;
  }
  [[nodiscard]] std::int64_t integer(int column) const override {
    const char* text = PQgetvalue(result_.get(), row_, column);
    const std::size_t length = static_cast<std::size_t>(PQgetlength(result_.get(), row_, column));
    if (length == 1 && (text[0] == 't' || text[0] == 'f')) return text[0] == 't' ? 1 : 0;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text, text + length, value);
    if (error == std::errc{}) return value;
    return static_cast<std::int64_t>(std::strtod(text, nullptr));  // numeric, as SQLite would
  }
  [[nodiscard]] double real(int column) const override {
    return std::strtod(PQgetvalue(result_.get(), row_, column), nullptr);
  }
  [[nodiscard]] std::string text(int column) const override {
    if (is_null(column)) return {};
    return octets_of_postgresql_text(
        {PQgetvalue(result_.get(), row_, column),
         static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))});
  }
  [[nodiscard]] int column_count() const override {
    return result_ ? PQnfields(result_.get()) : 0;
  }

 private:
  struct Value {
    std::optional<std::string> bytes;
    Oid type = 0;  // unknown: the server infers it (a NULL)
    int format = 0;
    Value() = default;
    Value(std::string given, Oid oid, int binary) : bytes(std::move(given)), type(oid), format(binary) {}
  };
  struct Prepared {
    std::vector<Oid> types;
    std::string name;
  };

  Value& slot(int position) {
    if (position < 1 || position > parameters_)
      throw DatabaseError("parameter " + std::to_string(position) + " is out of range (in: " +
                          original_.substr(0, 120) + ")");
    return values_[static_cast<std::size_t>(position - 1)];
  }

  // Runs the statement with its bindings. The first execution with a set
  // of parameter types is a one-off (no round trip to prepare); from the
  // second on, the statement is prepared once under a name and reused.
  void execute() {
    std::vector<Oid> types;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (std::size_t i = 0; i < values_.size(); ++i) {
      const Value& value = values_[i];
      // A NULL's type is inferred where the query uses it; one it skips is text.
      types.push_back(value.type == 0 && !referenced_[i] ? text_oid : value.type);
      values.push_back(value.bytes ? value.bytes->c_str() : nullptr);
      lengths.push_back(value.bytes ? static_cast<int>(value.bytes->size()) : 0);
      formats.push_back(value.format);
    }
    const Prepared* prepared = nullptr;
    for (const Prepared& candidate : prepared_)
      if (candidate.types == types) prepared = &candidate;
    PGresult* raw = nullptr;
    if (prepared == nullptr && executions_ == 0) {
      raw = PQexecParams(connection_, sql_.c_str(), parameters_, types.data(), values.data(),
                         lengths.data(), formats.data(), 0);
    } else {
      if (prepared == nullptr) {
        Prepared made{types, "kensa_" + std::to_string(++statement_counter_)};
        Result done(PQprepare(connection_, made.name.c_str(), sql_.c_str(), parameters_,
                              types.data()));
        if (!succeeded(done.get())) throw_result_error(connection_, done.get(), name_, original_);
        prepared_.push_back(std::move(made));
        prepared = &prepared_.back();
      }
      raw = PQexecPrepared(connection_, prepared->name.c_str(), parameters_, values.data(),
                           lengths.data(), formats.data(), 0);
    }
    ++executions_;
    Result result(raw);
    if (!succeeded(result.get())) {
      reset();
      throw_result_error(connection_, result.get(), name_, original_);
    }
    rows_ = PQntuples(result.get());
    row_ = -1;
    result_ = std::move(result);
  }

  PGconn* connection_;
  const std::string& name_;
  std::string original_;
  std::string sql_;
  int parameters_ = 0;
  std::vector<bool> referenced_;
  std::vector<Value> values_;
  std::vector<Prepared> prepared_;
  unsigned& statement_counter_;
  std::size_t executions_ = 0;
  Result result_;
  int row_ = -1;
  int rows_ = 0;
};

class PostgresqlConnection final : public Connection {
 public:
  PostgresqlConnection(PGconn* connection, std::string name)
      : connection_(connection), name_(std::move(name)) {}
  ~PostgresqlConnection() override { PQfinish(connection_); }

  [[nodiscard]] Backend backend() const override { return Backend::postgresql; }
  [[nodiscard]] const std::string& name() const override { return name_; }

  void execute(std::string_view sql) override {
    const std::string text(sql);
    Result result(PQexec(connection_, text.c_str()));
    if (!succeeded(result.get())) throw_result_error(connection_, result.get(), name_, sql);
  }
  [[nodiscard]] std::unique_ptr<Query> prepare(std::string_view sql) override {
    return std::make_unique<PostgresqlQuery>(connection_, name_, sql, statement_counter_);
  }
  void begin() override {
    execute("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(lock_namespace) + ", " +
            std::to_string(writer_lock) + ")");
  }
  [[nodiscard]] bool in_usable_transaction() const override {
    return PQtransactionStatus(connection_) == PQTRANS_INTRANS;
  }
  [[nodiscard]] bool in_transaction() const override {
    const PGTransactionStatusType status = PQtransactionStatus(connection_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
  }
  void execute_quietly(std::string_view sql) noexcept override {
    const std::string text(sql);
    Result ignored(PQexec(connection_, text.c_str()));
  }

  [[nodiscard]] int schema_version() override {
    // Two questions: a query naming a table that does not exist fails to parse.
    if (single_value("SELECT to_regclass('schema_migrations') IS NULL") == "t") return 0;
    return std::atoi(single_value("SELECT coalesce(max(number), 0) FROM schema_migrations").c_str());
  }
  void record_schema_version(int /*version*/) override {}
  [[nodiscard]] std::string migration_sql(std::string_view sqlite_sql) const override {
    return postgresql_schema_sql(sqlite_sql);
  }
  void lock_schema() override {
    execute("SELECT pg_advisory_lock(" + std::to_string(lock_namespace) + ", " +
            std::to_string(schema_lock) + ")");
  }
  void unlock_schema() noexcept override {
    execute_quietly("SELECT pg_advisory_unlock(" + std::to_string(lock_namespace) + ", " +
                    std::to_string(schema_lock) + ")");
  }
  void finish_open(bool /*changed*/) override {}

  void take_sweep_lease(std::int64_t sweep_id) override {
    execute("SELECT pg_advisory_lock(" + std::to_string(sweep_lease_namespace) + ", " +
            std::to_string(static_cast<std::int32_t>(sweep_id)) + ")");
  }
  // Seen in pg_locks, which shows every session's locks: asking to take
  // the lock would succeed for the session that holds it.
  [[nodiscard]] std::optional<bool> sweep_lease_held(std::int64_t sweep_id) override {
    const std::string sql =
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = " +
        std::to_string(sweep_lease_namespace) +
        " AND objid = " + std::to_string(static_cast<std::uint32_t>(static_cast<std::int32_t>(sweep_id))) +
        " AND objsubid = 2";
    return single_value(sql.c_str()) != "0";
  }

  PGconn* handle() const { return connection_; }

  std::string single_value(const char* sql) {
    Result result(PQexec(connection_, sql));
    if (!succeeded(result.get()) || PQntuples(result.get()) != 1 || PQnfields(result.get()) != 1)
      throw_result_error(connection_, result.get(), name_, sql);
    return PQgetvalue(result.get(), 0, 0);
  }

 private:
  PGconn* connection_;
  std::string name_;
  unsigned statement_counter_ = 0;
};

// Refuses a location with a password in it, naming where it was.
void refuse_password(std::string_view location) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(location).c_str(), &error);
  if (options == nullptr) {
    const std::string message = error != nullptr ? trimmed(error) : "cannot be parsed";
    PQfreemem(error);
    throw DatabaseError("the PostgreSQL location given to --db is not a libpq connection URI: " +
                        message);
  }
  bool has_password = false;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option)
    if (std::string_view(option->keyword) == "password" && option->val != nullptr &&
        *option->val != '\0')
      has_password = true;
  PQconninfoFree(options);
  if (has_password)
    throw DatabaseError(
        "the PostgreSQL location holds a password, which kensa refuses: a command line is seen "
        "by every user of the machine and kept in shell histories and logs. Put the password in "
        "libpq's password file (~/.pgpass or $PGPASSFILE, mode 0600) or a service file "
        "($PGSERVICEFILE, with ?service=NAME), and give --db the location without it");
}

// Whether the database holds kensa's tables, none at all, or others.
enum class Tables { none, kensa, foreign };

// kensa's are those of a database whose schema_migrations table has
// kensa's three columns (other tools keep tables of that name too).
Tables tables_of(PostgresqlConnection& connection) {
  Result result(PQexec(connection.handle(),
                       "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = "
                       "current_schema()), (SELECT count(*) FROM information_schema.columns "
                       "WHERE table_schema = current_schema() AND table_name = "
                       "'schema_migrations' AND column_name IN ('number', 'description', "
                       "'applied_at'))"));
  if (!succeeded(result.get()))
    throw_result_error(connection.handle(), result.get(), connection.name(), "");
  const int all = std::atoi(PQgetvalue(result.get(), 0, 0));
  const int bookkeeping = std::atoi(PQgetvalue(result.get(), 0, 1));
  if (all == 0) return Tables::none;
  if (bookkeeping == 3) return Tables::kensa;
  return Tables::foreign;
}

void ignore_notice(void* /*unused*/, const char* /*message*/) {}

}  // namespace

std::unique_ptr<Connection> connect_postgresql(std::string_view location, OpenMode mode) {
  refuse_password(location);
  const std::string name(location);
  // Defaults first: what the location says overrides them. Keepalives
  // notice a server that vanished without closing the connection.
  const std::array<const char*, 7> keywords{"connect_timeout",  "keepalives_idle",
                                            "keepalives_interval", "keepalives_count",
                                            "fallback_application_name", "dbname", nullptr};
  const std::array<const char*, 7> values{"10", "30", "10", "3", "kensa", name.c_str(), nullptr};
  PGconn* raw = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (raw == nullptr) throw StorageError("cannot connect to " + name + ": out of memory");
  auto connection = std::make_unique<PostgresqlConnection>(raw, name);
  if (PQstatus(raw) != CONNECTION_OK)
    throw StorageError("cannot connect to the PostgreSQL database " + name + ": " +
                       trimmed(PQerrorMessage(raw)));
  PQsetNoticeProcessor(raw, ignore_notice, nullptr);
  connection->execute("SET client_encoding = 'UTF8'; SET client_min_messages = warning");
  const Tables tables = tables_of(*connection);
  if (tables == Tables::foreign)
    throw ForeignFileError("the PostgreSQL database " + name +
                           " holds tables that are not kensa's; kensa left it untouched. Give "
                           "--db a kensa database, or an empty one for a new inventory");
  if (mode == OpenMode::read_only) {
    if (tables == Tables::none)
      throw ForeignFileError("no kensa inventory in the PostgreSQL database " + name +
                             "; commands that only read never create one (a sweep, a feed "
                             "import or `kensa db init --db " +
                             name + "` does)");
    connection->execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
  }
  return connection;
}

}  // namespace kensa::riskdb
