#pragma once
// The few SQL expressions SQLite and PostgreSQL spell differently, for
// queries that are otherwise written once for both.
//
// Contract: each returns an SQL fragment for `database`'s backend with the
// same result on both: text, byte for byte as SQLite gives it.

#include <string>
#include <string_view>

#include "riskdb/database.hpp"

namespace kensa::riskdb {

// The values of `expression` over a group joined by `separator` (an SQL
// string literal), in the order the rows come.
[[nodiscard]] std::string sql_joined(const Database& database, std::string_view expression,
                                     std::string_view separator);

// The member `member` of the JSON object in `column`, as JSON text.
[[nodiscard]] std::string sql_json_member(const Database& database, std::string_view column,
                                          std::string_view member);

// A table `alias` with a `value` column: the elements of the JSON array of
// strings in `column`, as text. For a FROM clause.
[[nodiscard]] std::string sql_json_strings(const Database& database, std::string_view column,
                                           std::string_view alias);

// LIKE that ignores the case of ASCII letters, as SQLite's LIKE does.
[[nodiscard]] std::string_view sql_like(const Database& database);

}  // namespace kensa::riskdb
