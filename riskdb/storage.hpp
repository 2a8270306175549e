#pragma once
// The storage interface under riskdb: a connection to one of the two stores
// an inventory lives in (an SQLite file, a PostgreSQL database), and a
// prepared query on it. Everything riskdb keeps goes through these two
// classes, in SQL that both backends accept, with ?N parameters.
//
// Contract: a Query binds 1-based positions, copying what it is given;
// step() returns true while a row is available and false at the end, and
// throws DatabaseError (StorageError when the store itself failed) after
// which the query may be bound and run again. Column readers are valid only
// after step() returned true. begin() opens the writer's transaction: one
// writer at a time on a store, readers meanwhile see only what a writer
// committed.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kensa::riskdb {

enum class Backend { sqlite, postgresql };

// How a store is opened: read_only writes nothing, migrates nothing and
// creates nothing.
enum class OpenMode { read_write, read_only };

class Query {
 public:
  Query() = default;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  virtual ~Query() = default;

  virtual void bind_text(int position, std::string_view text) = 0;
  virtual void bind_integer(int position, std::int64_t number) = 0;
  virtual void bind_real(int position, double number) = 0;
  virtual void bind_blob(int position, std::span<const unsigned char> bytes) = 0;
  virtual void bind_null(int position) = 0;

  virtual bool step() = 0;
  // Ready for the next binding: the bindings are cleared.
  virtual void reset() = 0;
  // Runs a statement whose rows nobody reads, then resets it. A store may
  // send it without waiting (PostgreSQL, inside a transaction): its error,
  // if any, is then thrown by the next statement that waits, at the latest
  // by the end of the transaction.
  virtual void run() {
    step();
    reset();
  }

  [[nodiscard]] virtual bool is_null(int column) const = 0;
  [[nodiscard]] virtual std::int64_t integer(int column) const = 0;
  [[nodiscard]] virtual double real(int column) const = 0;
  [[nodiscard]] virtual std::string text(int column) const = 0;
  [[nodiscard]] virtual int column_count() const = 0;
};

class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  virtual ~Connection() = default;

  [[nodiscard]] virtual Backend backend() const = 0;
  // A file's path, or the server and database without any secret.
  [[nodiscard]] virtual const std::string& name() const = 0;

  // SQL that returns no rows; several statements separated by ';' are allowed.
  virtual void execute(std::string_view sql) = 0;
  [[nodiscard]] virtual std::unique_ptr<Query> prepare(std::string_view sql) = 0;

  // The writer's transaction; inside one already, callers use savepoints.
  virtual void begin() = 0;
  // Whether a transaction is open and can still commit: false once the
  // store ended it itself (SQLite after a full disk) or an error spoilt it
  // (PostgreSQL after any failed statement).
  [[nodiscard]] virtual bool in_usable_transaction() = 0;
  // Waits for every statement sent without waiting (Query::run, a
  // SAVEPOINT or RELEASE on PostgreSQL) and throws the first error among
  // them; where each statement runs as it is given (SQLite), nothing waits.
  virtual void wait_for_sent() = 0;
  [[nodiscard]] virtual bool in_transaction() const = 0;
  // Runs `sql` and ignores any failure: for rollbacks while unwinding.
  virtual void execute_quietly(std::string_view sql) noexcept = 0;

  // Schema bookkeeping for Database's migrations. The version is the
  // number of the newest migration applied (0 for a new store).
  [[nodiscard]] virtual int schema_version() = 0;
  // Called inside the migration's transaction, after its SQL.
  virtual void record_schema_version(int version) = 0;
  // A migration's SQL, written for SQLite, as this backend runs it.
  [[nodiscard]] virtual std::string migration_sql(std::string_view sqlite_sql) const = 0;
  // Around all migrations of one open: one process migrates at a time.
  virtual void lock_schema() = 0;
  virtual void unlock_schema() noexcept = 0;
  // After migrating; `changed` says whether anything was applied.
  virtual void finish_open(bool changed) = 0;

  // Whether a running sweep's writer is alive, where the store can tell:
  // the writer takes a lease on its sweep that lasts as long as its
  // connection (a PostgreSQL session lock, released by the server when
  // the scanner dies, wherever it ran). nullopt: the store cannot tell
  // (SQLite), and the caller asks the writer's process instead.
  virtual void take_sweep_lease(std::int64_t sweep_id) = 0;
  [[nodiscard]] virtual std::optional<bool> sweep_lease_held(std::int64_t sweep_id) = 0;

  // `count` values for the integer key `id` of `table` (a kensa table) that
  // no row holds, for inserting rows without waiting for their generated
  // ids. Called inside the writer's transaction; the values are good while
  // it lasts and while the table's other inserts in it use them too.
  // PostgreSQL draws them from the column's sequence, in any session (a
  // sequence never gives a value twice); SQLite counts on from the largest
  // id in the table or given before, whichever is larger (the rows of ids
  // given may not be written yet), which its writer's lock keeps still.
  [[nodiscard]] virtual std::vector<std::int64_t> reserve_ids(std::string_view table,
                                                              std::size_t count) = 0;

  // After a load that changed much of `tables` (kensa tables): the store's
  // planner is told what they now hold, so the statements that follow in
  // the same transaction, and other sessions after it commits, are planned
  // for the tables as they are. PostgreSQL samples them (ANALYZE), which
  // its autovacuum would do only some time later; plans made for an empty
  // or small table turn index lookups into scans. SQLite's plans for
  // kensa's statements do not depend on statistics: nothing is done.
  virtual void refresh_statistics(std::span<const std::string_view> tables) = 0;
  // How many rows the planner believes `table` holds (PostgreSQL: as its
  // last ANALYZE counted them, 0 if never); nullopt where plans do not
  // depend on it (SQLite), and refreshing statistics is never needed.
  [[nodiscard]] virtual std::optional<double> planned_rows(std::string_view table) = 0;
};

}  // namespace kensa::riskdb
