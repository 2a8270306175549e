#include "riskdb/migrations.hpp"

#include <array>

namespace kensa::riskdb {
namespace {

constexpr std::array<Migration, 1> migrations{{
    {1, "provenance of every dataset loaded",
     R"sql(
CREATE TABLE datasets (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,              -- oui, pen, kev, nvd, eol, restrictions, screening
  source      TEXT NOT NULL,              -- URL or file path it was read from
  version     TEXT,                       -- the feed's own version or date, when it has one
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  loaded_at   TEXT NOT NULL,              -- ISO 8601, UTC
  row_count   INTEGER NOT NULL CHECK (row_count >= 0)
) STRICT;
CREATE INDEX datasets_by_kind ON datasets(kind, loaded_at);
)sql"},
}};

}  // namespace

std::span<const Migration> schema_migrations() { return migrations; }

}  // namespace kensa::riskdb
