#include "riskdb/statement.hpp"

namespace kensa::riskdb {

Statement::Statement(const Database& database, std::string_view sql)
    : query_(database.connection().prepare(sql)) {}

Statement& Statement::bind(int position, std::string_view text) {
  query_->bind_text(position, text);
  return *this;
}

Statement& Statement::bind(int position, const std::optional<std::string>& text) {
  return text ? bind(position, std::string_view(*text)) : bind(position, std::nullopt);
}

Statement& Statement::bind(int position, std::int64_t number) {
  query_->bind_integer(position, number);
  return *this;
}

Statement& Statement::bind(int position, const std::optional<std::int64_t>& number) {
  return number ? bind(position, *number) : bind(position, std::nullopt);
}

Statement& Statement::bind(int position, double number) {
  query_->bind_real(position, number);
  return *this;
}

Statement& Statement::bind(int position, std::nullopt_t) {
  query_->bind_null(position);
  return *this;
}

Statement& Statement::bind_blob(int position, const std::vector<unsigned char>& bytes) {
  query_->bind_blob(position, bytes);
  return *this;
}

bool Statement::step() { return query_->step(); }

void Statement::run() { query_->run(); }

void Statement::reset() { query_->reset(); }

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<double> Statement::optional_real(int column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}

Transaction::Transaction(Database& database)
    : database_(database), nested_(database.connection().in_transaction()) {
  if (nested_)
    database_.execute("SAVEPOINT kensa_nested");
  else
    database_.connection().begin();
}

Transaction::~Transaction() {
  if (!open_) return;
  Connection& connection = database_.connection();
  if (nested_ && committable_)
    connection.execute_quietly("ROLLBACK TO kensa_nested; RELEASE kensa_nested");
  else if (connection.in_transaction())
    connection.execute_quietly("ROLLBACK");
}

void Transaction::commit() {
  if (!committable_ || !database_.connection().in_usable_transaction())
    throw DatabaseError("database " + database_.name() +
                        ": the transaction was ended by an earlier error and cannot commit");
  database_.execute(nested_ ? "RELEASE kensa_nested" : "COMMIT");
  open_ = false;
}

std::int64_t returned_id(Statement& statement) {
  if (!statement.step()) throw DatabaseError("an INSERT ... RETURNING returned no row");
  const std::int64_t id = statement.integer(0);
  statement.reset();
  return id;
}

}  // namespace kensa::riskdb
