#pragma once
// The PostgreSQL backend of the storage interface: the central inventory
// that scanners at many sites write into, through libpq.
//
// Contract:
// - The location is a libpq connection URI (postgresql://[user@]host
//   [:port]/database[?parameters], a service=NAME parameter for libpq's
//   service file). A password in it, in the user part or as a parameter, is
//   refused before any connection: secrets come from libpq's password file
//   (PGPASSFILE, ~/.pgpass, which libpq ignores when others can read it) or
//   its service file (PGSERVICEFILE), never from a command line. Messages
//   name the location as given, which then holds no secret.
// - A server that cannot be reached, a refused login or a missing database
//   throws StorageError naming the location, at connect, before anything
//   else is done. A lost connection later, or the server shutting down, is
//   a StorageError too; so are a full disk and the server's I/O errors.
// - A database with tables that are not kensa's is refused
//   (ForeignFileError) and left untouched; an empty one gets kensa's schema.
//   Read-only connections refuse every write (the session is read only).
// - Writers take one advisory lock for the length of their transaction, so
//   that writers run one at a time, as on SQLite; readers never wait.
// - SQL is written for SQLite and translated (riskdb/postgresql_dialect.hpp);
//   text keeps the device's exact bytes, as it does in SQLite.

#include <memory>
#include <string>
#include <string_view>

#include "riskdb/storage.hpp"

namespace kensa::riskdb {

[[nodiscard]] std::unique_ptr<Connection> connect_postgresql(std::string_view location,
                                                             OpenMode mode);

}  // namespace kensa::riskdb
