#pragma once
// Sweeps in the inventory: one row per run, from "running" to "complete" or
// "aborted", with its targets, parameters, engine counters and note.
//
// Contract: begin_sweep records a running sweep owned by this process, at
// its site and host, and throws SweepConflict while another live writer
// has one running at the same site (one sweep writes a site's inventory at
// a time; sites of a central database sweep side by side).
// mark_interrupted_sweeps, called at every open for writing, marks aborted
// the running sweeps whose writer is gone, and returns their ids;
// interrupted_sweeps finds them without writing, and find_sweep and
// list_sweeps already report them as aborted (a read-only file cannot
// record it). A writer is alive while its lease on the store is held
// (PostgreSQL: wherever the scanner runs), else while its process lives
// (SQLite: checked on this host; a sweep of another host is left running).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "riskdb/database.hpp"

namespace kensa::riskdb {

struct Sweep {
  std::int64_t id = 0;
  std::string started_at;
  std::optional<std::string> finished_at;
  std::string status;  // running, complete, aborted
  std::string targets;
  std::string parameters = "{}";
  std::string counters = "{}";
  std::int64_t addresses_probed = 0, addresses_answering = 0;
  std::optional<std::string> note, judged_at, policy_sha256;
  std::optional<std::string> site, scanner_host;
  // The same sweep in every inventory it reaches (32 hex digits); derived
  // from the row for sweeps made before uids were recorded.
  std::string uid;
  // Set for a sweep that came from its site (kensa push, kensa ingest).
  std::optional<std::string> received_at, content_sha256;
};

// A site's name: 1 to 64 letters, digits, '.', '_', '-' or spaces, starting
// with a letter or digit. Throws DatabaseError naming what is wrong.
void check_site_name(const std::string& site);

// Another sweep is still writing the database (its process is alive).
class SweepConflict : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// Throws SweepConflict while another live process has a sweep running.
// The sweep gets a random uid.
std::int64_t begin_sweep(Database& database, const std::string& targets,
                         const std::string& parameters_json,
                         const std::optional<std::string>& site = std::nullopt);
void finish_sweep(Database& database, const Sweep& sweep);
// Marks every sweep still "running" whose process is gone as aborted;
// returns their ids.
std::vector<std::int64_t> mark_interrupted_sweeps(Database& database);
[[nodiscard]] std::vector<std::int64_t> interrupted_sweeps(const Database& database);
[[nodiscard]] std::optional<Sweep> find_sweep(const Database& database, std::int64_t id);
[[nodiscard]] std::vector<Sweep> list_sweeps(const Database& database);
// The sweep holding `uid`, recorded or derived, if any.
[[nodiscard]] std::optional<std::int64_t> sweep_with_uid(const Database& database,
                                                         const std::string& uid);

}  // namespace kensa::riskdb
