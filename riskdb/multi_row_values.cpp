#include "riskdb/multi_row_values.hpp"

#include <algorithm>

namespace kensa::riskdb {

MultiRowValues::MultiRowValues(const Database& database, std::string head, std::size_t columns,
                               std::string tail, std::size_t rows_per_statement)
    : database_(database),
      head_(std::move(head)),
      tail_(std::move(tail)),
      columns_(columns),
      rows_per_statement_(std::max<std::size_t>(1, rows_per_statement)) {}

MultiRowValues& MultiRowValues::add(std::int64_t number) {
  values_.emplace_back(number);
  return *this;
}

MultiRowValues& MultiRowValues::add(double number) {
  values_.emplace_back(number);
  return *this;
}

MultiRowValues& MultiRowValues::add(const std::string& text) {
  values_.emplace_back(text);
  return *this;
}

MultiRowValues& MultiRowValues::add(std::string_view text) {
  values_.emplace_back(std::string(text));
  return *this;
}

MultiRowValues& MultiRowValues::add_null() {
  values_.emplace_back(std::nullopt);
  return *this;
}

MultiRowValues& MultiRowValues::add(const std::optional<std::int64_t>& number) {
  return number ? add(*number) : add_null();
}

MultiRowValues& MultiRowValues::add(const std::optional<std::string>& text) {
  return text ? add(*text) : add_null();
}

MultiRowValues& MultiRowValues::add(const std::optional<double>& number) {
  return number ? add(*number) : add_null();
}

MultiRowValues& MultiRowValues::add_blob(std::vector<unsigned char> bytes) {
  values_.emplace_back(std::move(bytes));
  return *this;
}

Statement& MultiRowValues::statement_of(std::size_t rows) {
  if (const auto found = statements_.find(rows); found != statements_.end()) return found->second;
  std::string sql = head_;
  for (std::size_t row = 0; row < rows; ++row) {
    sql += row == 0 ? "(" : ", (";
    for (std::size_t column = 1; column <= columns_; ++column)
      sql += (column == 1 ? "?" : ", ?") + std::to_string(row * columns_ + column);
    sql += ")";
  }
  return statements_.emplace(rows, Statement(database_, sql + tail_)).first->second;
}

void MultiRowValues::send() {
  const std::size_t complete = rows();
  for (std::size_t first = 0; first < complete; first += rows_per_statement_) {
    const std::size_t count = std::min(rows_per_statement_, complete - first);
    Statement& statement = statement_of(count);
    for (std::size_t i = 0; i < count * columns_; ++i) {
      const int position = static_cast<int>(i + 1);
      const Value& value = values_[first * columns_ + i];
      if (const auto* number = std::get_if<std::int64_t>(&value))
        statement.bind(position, *number);
      else if (const auto* real = std::get_if<double>(&value))
        statement.bind(position, *real);
      else if (const auto* text = std::get_if<std::string>(&value))
        statement.bind(position, *text);
      else if (const auto* bytes = std::get_if<std::vector<unsigned char>>(&value))
        statement.bind_blob(position, *bytes);
      else
        statement.bind(position, std::nullopt);
    }
    statement.run();
  }
  values_.clear();
}

MultiRowValues insert_rows(const Database& database, std::string table_and_columns,
                           std::size_t columns, std::string conflict,
                           std::size_t rows_per_statement) {
  return MultiRowValues(database, "INSERT INTO " + std::move(table_and_columns) + " VALUES ",
                        columns, std::move(conflict), rows_per_statement);
}

}  // namespace kensa::riskdb
