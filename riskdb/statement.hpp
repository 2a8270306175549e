#pragma once
// A prepared SQLite statement and a transaction guard.
//
// Contract: Statement finalises itself; bind() takes 1-based positions and
// copies text; step() returns true while a row is available and throws
// DatabaseError (StorageError for a failing file) with SQLite's message
// otherwise, after resetting the statement so that it can be used again. Transaction begins
// IMMEDIATE (the writer lock is taken at once, so a concurrent writer waits
// rather than failing half-way) and rolls back unless commit() was called.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "riskdb/database.hpp"

namespace kensa::riskdb {

class Statement {
 public:
  Statement(const Database& database, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

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

  [[nodiscard]] sqlite3_stmt* handle() const { return statement_; }
  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::int64_t integer(int column) const;
  [[nodiscard]] double real(int column) const;
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::optional<std::string> optional_text(int column) const;
  [[nodiscard]] std::optional<double> optional_real(int column) const;

 private:
  sqlite3* handle_;
  sqlite3_stmt* statement_ = nullptr;
  std::string sql_;
};

// BEGIN IMMEDIATE ... COMMIT; inside a transaction already, a savepoint
// of it, so that an operation made of several (a feed import that checks
// what it replaced) commits or rolls back as one.
class Transaction {
 public:
  explicit Transaction(Database& database);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();
  // SQLite ended the transaction itself (after a full disk, an I/O error):
  // nothing is left to roll back.
  void abandon() { open_ = false; }

 private:
  Database& database_;
  bool nested_ = false;
  bool open_ = true;
};

[[nodiscard]] std::int64_t last_insert_id(const Database& database);

}  // namespace kensa::riskdb
