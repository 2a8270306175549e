#include "riskdb/sql_dialect.hpp"

namespace kensa::riskdb {
namespace {

bool sqlite(const Database& database) { return database.backend() == Backend::sqlite; }

}  // namespace

std::string sql_joined(const Database& database, std::string_view expression,
                       std::string_view separator) {
  const std::string joined = std::string(expression) + ", " + std::string(separator);
  return sqlite(database) ? "group_concat(" + joined + ")" : "string_agg(" + joined + ")";
}

std::string sql_json_member(const Database& database, std::string_view column,
                            std::string_view member) {
  if (sqlite(database))
    return "json_extract(" + std::string(column) + ", '$." + std::string(member) + "')";
  return "(" + std::string(column) + "::json ->> '" + std::string(member) + "')";
}

std::string sql_json_strings(const Database& database, std::string_view column,
                             std::string_view alias) {
  if (sqlite(database)) return "json_each(" + std::string(column) + ") " + std::string(alias);
  return "json_array_elements_text(" + std::string(column) + "::json) AS " + std::string(alias) +
         "(value)";
}

std::string_view sql_like(const Database& database) { return sqlite(database) ? "LIKE" : "ILIKE"; }

}  // namespace kensa::riskdb
