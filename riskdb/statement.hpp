#pragma once
// A prepared statement on either store, and a transaction guard.
//
// Contract: Statement finalises itself; bind() takes 1-based positions and
// copies text; step() returns true while a row is available and throws
// DatabaseError (StorageError for a failing store) with the store's message
// otherwise, after resetting the statement so that it can be used again.
// SQL is written once for both stores (riskdb/storage.hpp): ?N parameters,
// RETURNING for generated ids. Transaction is the writer's transaction (one
// writer at a time: a concurrent writer waits rather than failing half-way)
// and rolls back unless commit() was called.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "riskdb/database.hpp"

namespace kensa::riskdb {

class Statement {
 public:
  Statement(const Database& database, std::string_view sql);

  Statement& bind(int position, std::string_view text);
  Statement& bind(int position, const std::string& text) {
    return bind(position, std::string_view(text));
  }
  Statement& bind(int position, const char* text) { return bind(position, std::string_view(text)); }
  Statement& bind(int position, const std::optional<std::string>& text);
  Statement& bind(int position, std::int64_t number);
  Statement& bind(int position, const std::optional<std::int64_t>& number);  // NULL when empty
  Statement& bind(int position, double number);
  Statement& bind(int position, std::nullopt_t);
  Statement& bind_blob(int position, const std::vector<unsigned char>& bytes);

  bool step();
  // Runs a statement that returns no rows, then resets it for the next binding.
  void run();
  void reset();

  [[nodiscard]] bool is_null(int column) const { return query_->is_null(column); }
  [[nodiscard]] std::int64_t integer(int column) const { return query_->integer(column); }
  [[nodiscard]] double real(int column) const { return query_->real(column); }
  [[nodiscard]] std::string text(int column) const { return query_->text(column); }
  [[nodiscard]] int column_count() const { return query_->column_count(); }
  [[nodiscard]] std::optional<std::string> optional_text(int column) const;
  [[nodiscard]] std::optional<double> optional_real(int column) const;

 private:
  std::unique_ptr<Query> query_;
};

// The writer's transaction; inside a transaction already, a savepoint of
// it, so that an operation made of several (a feed import that checks what
// it replaced) commits or rolls back as one.
class Transaction {
 public:
  explicit Transaction(Database& database);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();
  // The store ended the transaction itself (SQLite after a full disk, an
  // I/O error): commit() could only fail; the destructor rolls back what
  // is left.
  void abandon() { committable_ = false; }

 private:
  Database& database_;
  bool nested_ = false;
  bool open_ = true;
  bool committable_ = true;
};

// Runs `statement`, which ends in RETURNING a single integer (a generated
// id), and returns that integer.
[[nodiscard]] std::int64_t returned_id(Statement& statement);

}  // namespace kensa::riskdb
