#include "riskdb/postgresql_storage.hpp"

#include <libpq-fe.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <utility>
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

// libpq's messages run over several lines, indented with tabs: one line,
// as kensa's messages are.
std::string trimmed(std::string_view text) {
  std::string line;
  bool space = false;
  for (const char c : text) {
    if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
      space = !line.empty();
      continue;
    }
    if (space) line += ' ';
    space = false;
    line += c;
  }
  return line;
}

[[noreturn]] void throw_result_error(PGconn* connection, const PGresult* result,
                                     const std::string& name, std::string_view sql) {
  const std::string shown = sql.empty() ? "" : " (in: " + std::string(sql.substr(0, 120)) + ")";
  if (result == nullptr || PQstatus(connection) == CONNECTION_BAD) {
    throw StorageError("database " + name + ": the connection to the server was lost: " +
                       trimmed(PQerrorMessage(connection)) + shown);
  }
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
  std::string message =
      "database " + name + ": " +
      (primary != nullptr ? std::string(primary) : trimmed(PQresultErrorMessage(result)));
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

// One connection's statements in flight. Inside a writer's transaction the
// connection is in libpq's pipeline mode: statements whose results nobody
// reads are sent without waiting, and the next statement that needs an
// answer reads every answer before its own, throwing the first error among
// them (naming its statement). At most `limit` wait unread, so that
// neither side blocks on a full socket buffer.
class Pipeline {
 public:
  static constexpr std::size_t limit = 256;

  Pipeline(PGconn* connection, const std::string& name) : connection_(connection), name_(name) {}

  [[nodiscard]] bool active() const { return active_; }
  void enter() {
    if (!active_ && PQenterPipelineMode(connection_) == 1) active_ = true;
  }
  // Reads what is in flight, then leaves pipeline mode: for what the
  // pipeline cannot carry (several statements in one string, PQexec).
  void leave() {
    if (!active_) return;
    drain();
    PQexitPipelineMode(connection_);
    active_ = false;
  }

  // Before each PQsend*: reads what is in flight once `limit` wait.
  void make_room() {
    if (pending_.size() >= limit) drain();
  }
  // After a PQsend* of `sql` succeeded (or failed: then the connection is
  // gone). The statement goes to the server at once: in a pipeline libpq
  // keeps up to 64 KiB back until the next sync, and the server would
  // start on a group of rows only when the writer next waits for it.
  void sent(bool ok, std::string_view sql) {
    if (!ok || PQflush(connection_) != 0) throw_result_error(connection_, nullptr, name_, sql);
    pending_.emplace_back(sql);
  }

  // Reads every answer in flight; returns the last one when `keep_last`.
  Result drain(bool keep_last = false) {
    if (pending_.empty()) return nullptr;
    if (PQpipelineSync(connection_) != 1) lost("");
    std::optional<std::pair<Result, std::string>> failure;
    Result last;
    const std::size_t count = pending_.size();
    for (std::size_t i = 0; i < count; ++i) {
      const std::string sql = std::move(pending_.front());
      pending_.pop_front();
      while (PGresult* raw = PQgetResult(connection_)) {
        Result result(raw);
        const ExecStatusType status = PQresultStatus(raw);
        if (status == PGRES_FATAL_ERROR) {
          if (!failure) failure.emplace(std::move(result), sql);
        } else if (status != PGRES_PIPELINE_ABORTED && keep_last && i + 1 == count) {
          last = std::move(result);
        }
      }
      if (PQstatus(connection_) == CONNECTION_BAD) lost(sql);
    }
    Result sync(PQgetResult(connection_));
    if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) lost("");
    if (failure) throw_result_error(connection_, failure->first.get(), name_, failure->second);
    return last;
  }

 private:
  [[noreturn]] void lost(std::string_view sql) {
    pending_.clear();
    throw_result_error(connection_, nullptr, name_, sql);
  }

  PGconn* connection_;
  const std::string& name_;
  std::deque<std::string> pending_;
  bool active_ = false;
};

class PostgresqlConnection;

class PostgresqlQuery final : public Query {
 public:
  PostgresqlQuery(PostgresqlConnection& owner, std::string_view sql);
  ~PostgresqlQuery() override;

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
    if (!result_) execute(true);
    return ++row_ < rows_;
  }
  void run() override {
    execute(false);
    reset();
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
  [[nodiscard]] int column_count() const override { return result_ ? PQnfields(result_.get()) : 0; }

 private:
  struct Value {
    std::optional<std::string> bytes;
    Oid type = 0;  // unknown: the server infers it (a NULL)
    int format = 0;
    Value() = default;
    Value(std::string given, Oid oid, int binary)
        : bytes(std::move(given)), type(oid), format(binary) {}
  };
  struct Prepared {
    std::vector<Oid> types;
    std::string name;
  };

  Value& slot(int position) {
    if (position < 1 || position > parameters_)
      throw DatabaseError("parameter " + std::to_string(position) +
                          " is out of range (in: " + original_.substr(0, 120) + ")");
    return values_[static_cast<std::size_t>(position - 1)];
  }

  // Runs the statement with its bindings, keeping its rows when `answer`
  // (else, in a pipeline, without waiting). The first execution with a set
  // of parameter types is a one-off (no round trip to prepare); from the
  // second on, the statement is prepared once under a name and reused.
  void execute(bool answer);

  PostgresqlConnection& owner_;
  std::string original_;
  std::string sql_;
  int parameters_ = 0;
  std::vector<bool> referenced_;
  std::vector<Value> values_;
  std::vector<Prepared> prepared_;
  std::size_t executions_ = 0;
  Result result_;
  int row_ = -1;
  int rows_ = 0;
};

class PostgresqlConnection final : public Connection {
 public:
  PostgresqlConnection(PGconn* connection, std::string name)
      : connection_(connection), name_(std::move(name)), pipeline_(connection, name_) {}
  ~PostgresqlConnection() override { PQfinish(connection_); }

  [[nodiscard]] Backend backend() const override { return Backend::postgresql; }
  [[nodiscard]] const std::string& name() const override { return name_; }

  // A single SAVEPOINT or RELEASE is sent without waiting, as a statement
  // that returns no rows (its error, if any, thrown by the next statement
  // that waits); anything else waits for its answer.
  void execute(std::string_view sql) override {
    if (pipeline_.active() && (sql.starts_with("SAVEPOINT ") || sql.starts_with("RELEASE ")) &&
        sql.find(';') == std::string_view::npos) {
      pipeline_.make_room();
      pipeline_.sent(PQsendQueryParams(connection_, std::string(sql).c_str(), 0, nullptr, nullptr,
                                       nullptr, nullptr, 0) == 1,
                     sql);
      return;
    }
    const bool resume = pipeline_.active();
    pipeline_.leave();
    const std::string text(sql);
    Result result(PQexec(connection_, text.c_str()));
    if (!succeeded(result.get())) {
      if (resume && in_transaction()) pipeline_.enter();
      throw_result_error(connection_, result.get(), name_, sql);
    }
    settle(resume);
  }
  [[nodiscard]] std::unique_ptr<Query> prepare(std::string_view sql) override {
    return std::make_unique<PostgresqlQuery>(*this, sql);
  }
  void begin() override {
    execute("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(lock_namespace) + ", " +
            std::to_string(writer_lock) + ")");
    pipeline_.enter();
  }
  [[nodiscard]] bool in_usable_transaction() override {
    pipeline_.drain();
    return PQtransactionStatus(connection_) == PQTRANS_INTRANS;
  }
  void wait_for_sent() override { pipeline_.drain(); }
  [[nodiscard]] bool in_transaction() const override {
    const PGTransactionStatusType status = PQtransactionStatus(connection_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
  }
  void execute_quietly(std::string_view sql) noexcept override {
    const bool resume = pipeline_.active();
    try {
      pipeline_.leave();
    } catch (const std::exception&) {
      PQexitPipelineMode(connection_);
    }
    const std::string text(sql);
    Result ignored(PQexec(connection_, text.c_str()));
    settle(resume);
  }

  [[nodiscard]] int schema_version() override {
    // Two questions: a query naming a table that does not exist fails to parse.
    if (single_value("SELECT to_regclass('schema_migrations') IS NULL") == "t") return 0;
    return std::atoi(
        single_value("SELECT coalesce(max(number), 0) FROM schema_migrations").c_str());
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
        std::to_string(sweep_lease_namespace) + " AND objid = " +
        std::to_string(static_cast<std::uint32_t>(static_cast<std::int32_t>(sweep_id))) +
        " AND objsubid = 2";
    return single_value(sql.c_str()) != "0";
  }

  [[nodiscard]] std::vector<std::int64_t> reserve_ids(std::string_view table,
                                                      std::size_t count) override {
    // The sequence named in the statement by its oid, resolved once a table rather than for
    // each id (which costs ten times nextval itself).
    auto sequence = sequences_.find(table);
    if (sequence == sequences_.end()) {
      const auto oid = prepare("SELECT pg_get_serial_sequence(?1, 'id')::regclass::oid");
      oid->bind_text(1, table);
      if (!oid->step() || oid->is_null(0))
        throw DatabaseError("table " + std::string(table) + " has no id sequence");
      sequence = sequences_.emplace(std::string(table), oid->integer(0)).first;
    }
    const auto query =
        prepare("SELECT nextval(" + std::to_string(sequence->second) +
                "::oid::regclass) FROM generate_series(1, " + std::to_string(count) + ")");
    std::vector<std::int64_t> ids;
    ids.reserve(count);
    while (query->step()) ids.push_back(query->integer(0));
    return ids;
  }

  void refresh_statistics(std::span<const std::string_view> tables) override {
    std::string sql = "ANALYZE ";
    for (std::size_t i = 0; i < tables.size(); ++i)
      sql += (i == 0 ? "" : ", ") + std::string(tables[i]);
    if (!tables.empty()) execute(sql);
  }
  [[nodiscard]] std::optional<double> planned_rows(std::string_view table) override {
    const auto query =
        prepare("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = to_regclass(?1)");
    query->bind_text(1, table);
    return query->step() ? query->real(0) : 0.0;
  }

  PGconn* handle() const { return connection_; }
  Pipeline& pipeline() { return pipeline_; }
  unsigned next_statement_number() { return ++statement_counter_; }

  // A prepared statement no longer needed; dropped at once, or once the
  // pipeline is left (DEALLOCATE is not a pipeline's to carry).
  void deallocate(const std::string& statement) {
    if (pipeline_.active()) {
      to_deallocate_.push_back(statement);
      return;
    }
    Result ignored(PQexec(connection_, ("DEALLOCATE " + statement).c_str()));
  }

  std::string single_value(const char* sql) {
    const bool resume = pipeline_.active();
    pipeline_.leave();
    Result result(PQexec(connection_, sql));
    settle(resume);
    if (!succeeded(result.get()) || PQntuples(result.get()) != 1 || PQnfields(result.get()) != 1)
      throw_result_error(connection_, result.get(), name_, sql);
    return PQgetvalue(result.get(), 0, 0);
  }

 private:
  // After a statement outside the pipeline: back into it while the
  // transaction lasts; statements dropped meanwhile are deallocated once
  // it ended.
  void settle(bool resume) {
    if (in_transaction()) {
      if (resume) pipeline_.enter();
      return;
    }
    for (const std::string& statement : std::exchange(to_deallocate_, {})) {
      Result ignored(PQexec(connection_, ("DEALLOCATE " + statement).c_str()));
    }
  }

  PGconn* connection_;
  std::string name_;
  Pipeline pipeline_;
  std::map<std::string, std::int64_t, std::less<>> sequences_;  // table: its id sequence's oid
  unsigned statement_counter_ = 0;
  std::vector<std::string> to_deallocate_;
};

PostgresqlQuery::PostgresqlQuery(PostgresqlConnection& owner, std::string_view sql)
    : owner_(owner), original_(sql) {
  sql_ = postgresql_parameters(sql, referenced_);
  parameters_ = static_cast<int>(referenced_.size());
  values_.resize(referenced_.size());
}

PostgresqlQuery::~PostgresqlQuery() {
  for (const auto& prepared : prepared_) owner_.deallocate(prepared.name);
}

void PostgresqlQuery::execute(bool answer) {
  PGconn* connection = owner_.handle();
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
  const bool once = prepared == nullptr && executions_ == 0;
  ++executions_;
  Pipeline& pipeline = owner_.pipeline();
  if (pipeline.active()) {
    pipeline.make_room();
    if (once) {
      pipeline.sent(PQsendQueryParams(connection, sql_.c_str(), parameters_, types.data(),
                                      values.data(), lengths.data(), formats.data(), 0) == 1,
                    original_);
    } else {
      if (prepared == nullptr) {
        prepared_.push_back({types, "kensa_" + std::to_string(owner_.next_statement_number())});
        prepared = &prepared_.back();
        pipeline.sent(PQsendPrepare(connection, prepared->name.c_str(), sql_.c_str(), parameters_,
                                    types.data()) == 1,
                      original_);
      }
      pipeline.sent(PQsendQueryPrepared(connection, prepared->name.c_str(), parameters_,
                                        values.data(), lengths.data(), formats.data(), 0) == 1,
                    original_);
    }
    if (!answer) return;
    Result result;
    try {
      result = pipeline.drain(true);
    } catch (...) {
      reset();
      throw;
    }
    rows_ = result ? PQntuples(result.get()) : 0;
    row_ = -1;
    result_ = std::move(result);
    return;
  }
  PGresult* raw = nullptr;
  if (once) {
    raw = PQexecParams(connection, sql_.c_str(), parameters_, types.data(), values.data(),
                       lengths.data(), formats.data(), 0);
  } else {
    if (prepared == nullptr) {
      Prepared made{types, "kensa_" + std::to_string(owner_.next_statement_number())};
      Result done(
          PQprepare(connection, made.name.c_str(), sql_.c_str(), parameters_, types.data()));
      if (!succeeded(done.get()))
        throw_result_error(connection, done.get(), owner_.name(), original_);
      prepared_.push_back(std::move(made));
      prepared = &prepared_.back();
    }
    raw = PQexecPrepared(connection, prepared->name.c_str(), parameters_, values.data(),
                         lengths.data(), formats.data(), 0);
  }
  Result result(raw);
  if (!succeeded(result.get())) {
    reset();
    throw_result_error(connection, result.get(), owner_.name(), original_);
  }
  rows_ = PQntuples(result.get());
  row_ = -1;
  result_ = std::move(result);
}

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
  const std::array<const char*, 7> keywords{"connect_timeout",
                                            "keepalives_idle",
                                            "keepalives_interval",
                                            "keepalives_count",
                                            "fallback_application_name",
                                            "dbname",
                                            nullptr};
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
