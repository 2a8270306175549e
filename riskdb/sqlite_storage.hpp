#pragma once
// The SQLite backend of the storage interface: kensa's embedded default, a
// file opened in WAL mode with foreign keys enforced.
//
// Contract: open_sqlite_file refuses, before SQLite opens it, a file that
// is not a kensa database (ForeignFileError for another application's
// SQLite file, StorageError for one that is not SQLite at all); it reads
// such a file's bytes and never writes them. Read-write opens create the
// file and its folder; read-only opens need an existing, non-empty file and
// work where the process can write nothing (an immutable read of a WAL
// file whose -shm cannot be made). A file without kensa's application_id
// that holds kensa's tables (from before kensa set one) is given it at its
// next read-write open.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>

#include "riskdb/storage.hpp"

namespace kensa::riskdb {

// kensa's SQLite application_id: "kens".
inline constexpr std::int32_t sqlite_application_id = 0x6B656E73;

[[nodiscard]] std::unique_ptr<Connection> open_sqlite_file(const std::filesystem::path& file,
                                                           OpenMode mode);

// Throws StorageError or DatabaseError for SQLite result code `status`.
[[noreturn]] void throw_sqlite_error(int status, const std::string& message);

}  // namespace kensa::riskdb
