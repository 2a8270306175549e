#pragma once
// What PostgreSQL needs of the SQL and the text kensa writes for SQLite.
//
// Contract: each function is pure and total; the text escaping is
// reversible (octets_of_postgresql_text(postgresql_text_of(x)) == x for
// every x) and the identity on valid UTF-8 without NUL and without the
// code points it uses.

#include <string>
#include <string_view>
#include <vector>

namespace kensa::riskdb {

// A migration written for SQLite, as PostgreSQL runs it: integer types
// 64-bit; `id INTEGER PRIMARY KEY` an identity column; every other rowid
// table given a `rowid` identity column (so that ORDER BY rowid keeps
// insertion order, as in SQLite); REAL and BLOB as DOUBLE PRECISION and
// BYTEA; TEXT compared byte by byte (COLLATE "C", SQLite's BINARY
// collation, whatever the database's locale); STRICT and WITHOUT ROWID
// dropped.
[[nodiscard]] std::string postgresql_schema_sql(std::string_view sqlite_sql);

// ?N and ? parameters as $N, outside string literals, quoted names and
// comments; `referenced[N - 1]` says whether $N occurs (SQLite lets a
// query skip numbers, which PostgreSQL must still be given a type for).
[[nodiscard]] std::string postgresql_parameters(std::string_view sql,
                                                std::vector<bool>& referenced);

// PostgreSQL text holds only valid UTF-8 without NUL; a device's strings
// may hold anything. Each octet of the input that is NUL, not part of
// valid UTF-8, or part of a code point from U+10FF00 to U+10FFFF is
// written as the code point U+10FF00 + octet (Supplementary Private Use
// Area-B); reading turns those code points back into the octets.
[[nodiscard]] std::string postgresql_text_of(std::string_view octets);
[[nodiscard]] std::string octets_of_postgresql_text(std::string_view text);

}  // namespace kensa::riskdb
