#pragma once
// Rows gathered and sent in statements over a multi-row VALUES list: one
// statement's work for the store instead of one per row. An INSERT of the
// rows (insert_rows), or any statement around the list (an UPDATE ... FROM
// (VALUES ...) AS v, whose columns are v.column1, v.column2, ... in both
// stores).
//
// Contract: add() appends the next value of the row being built; a row is
// complete after `columns` values. send() runs the statement for every
// complete row, up to `rows_per_statement` a statement (one statement
// prepared per row count), in the order added, and forgets them; clear()
// forgets them unsent. The statement is `head`, the list, then `tail`.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {

class MultiRowValues {
 public:
  MultiRowValues(const Database& database, std::string head, std::size_t columns, std::string tail,
                 std::size_t rows_per_statement);

  MultiRowValues& add(std::int64_t number);
  MultiRowValues& add(double number);
  MultiRowValues& add(const std::string& text);
  MultiRowValues& add(std::string_view text);
  MultiRowValues& add_null();
  MultiRowValues& add(const std::optional<std::int64_t>& number);  // NULL when empty
  MultiRowValues& add(const std::optional<std::string>& text);     // NULL when empty
  MultiRowValues& add(const std::optional<double>& number);        // NULL when empty
  MultiRowValues& add_blob(std::vector<unsigned char> bytes);

  [[nodiscard]] std::size_t rows() const { return values_.size() / columns_; }
  void send();
  void clear() { values_.clear(); }

 private:
  using Value =
      std::variant<std::nullopt_t, std::int64_t, double, std::string, std::vector<unsigned char>>;
  Statement& statement_of(std::size_t rows);

  const Database& database_;
  std::string head_, tail_;
  std::size_t columns_, rows_per_statement_;
  std::vector<Value> values_;
  std::map<std::size_t, Statement> statements_;
};

// INSERT INTO `table_and_columns` VALUES ... `conflict` (" ON CONFLICT DO
// NOTHING", or "").
[[nodiscard]] MultiRowValues insert_rows(const Database& database, std::string table_and_columns,
                                         std::size_t columns, std::string conflict,
                                         std::size_t rows_per_statement);

}  // namespace kensa::riskdb
