#pragma once
// The schema of kensa's database as an ordered list of migrations.
//
// Contract: numbers start at 1 and increase by one; a migration, once
// released, is never edited: a change to the schema is a new migration.

#include <span>
#include <string_view>

namespace kensa::riskdb {

struct Migration {
  int number;
  std::string_view description;
  std::string_view sql;  // SQLite's; PostgreSQL runs its translation (postgresql_dialect.hpp)
  // Where set, what PostgreSQL runs in place of sql's translation.
  std::string_view postgresql_sql{};
};

std::span<const Migration> schema_migrations();

}  // namespace kensa::riskdb
