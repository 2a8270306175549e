#pragma once
// Rows for one table gathered and written in multi-row INSERT statements:
// one statement's work for the store instead of one per row.
//
// Contract: add() appends the next value of the row being built; a row is
// complete after `columns` values. send() writes every complete row, up to
// `rows_per_statement` a statement (one statement prepared per row count),
// in the order added, and forgets them; clear() forgets them unwritten.
// `conflict` follows VALUES (" ON CONFLICT DO NOTHING", or "").

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {

class MultiRowInsert {
 public:
  MultiRowInsert(const Database& database, std::string table_and_columns, std::size_t columns,
                 std::string conflict, std::size_t rows_per_statement);

  MultiRowInsert& add(std::int64_t number);
  MultiRowInsert& add(const std::optional<std::int64_t>& number);
  MultiRowInsert& add(const std::string& text);
  MultiRowInsert& add(const std::optional<std::string>& text);
  MultiRowInsert& add_blob(std::vector<unsigned char> bytes);

  [[nodiscard]] std::size_t rows() const { return values_.size() / columns_; }
  void send();
  void clear() { values_.clear(); }

 private:
  using Value = std::variant<std::nullopt_t, std::int64_t, std::string, std::vector<unsigned char>>;
  Statement& statement_of(std::size_t rows);

  const Database& database_;
  std::string head_, conflict_;
  std::size_t columns_, rows_per_statement_;
  std::vector<Value> values_;
  std::map<std::size_t, Statement> statements_;
};

}  // namespace kensa::riskdb
