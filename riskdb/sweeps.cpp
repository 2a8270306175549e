#include "riskdb/sweeps.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "riskdb/datasets.hpp"
#include "riskdb/file_digest.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {
namespace {

// "host pid start": the process's start time (in clock ticks since boot,
// from /proc) tells a live owner from a later process that reused its id.
std::string process_owner(pid_t pid) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  std::string start = "0";
  // Field 22 (starttime) counts from the last ')' because the command name may hold spaces.
  if (const auto close = line.rfind(')'); close != std::string::npos) {
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i)
      if (i == 22) start = field;
  }
  return std::string(host) + " " + std::to_string(pid) + " " + start;
}

std::string this_host() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

bool process_is_alive(const std::string& owner) {
  std::istringstream fields(owner);
  std::string host;
  long pid = 0;
  if (!(fields >> host >> pid) || pid <= 0) return false;
  if (host != this_host()) return true;  // cannot tell from here: leave it running
  return process_owner(static_cast<pid_t>(pid)) == owner;
}

// 128 random bits from the system's entropy source, as 32 hex digits.
std::string random_uid() {
  std::random_device entropy;
  std::string uid;
  for (int i = 0; i < 4; ++i) {
    char word[9];
    std::snprintf(word, sizeof word, "%08x", static_cast<unsigned>(entropy()));
    uid += word;
  }
  return uid;
}

bool writer_is_alive(const Database& database, std::int64_t sweep_id, const std::string& owner) {
  if (const auto held = database.connection().sweep_lease_held(sweep_id)) return *held;
  return process_is_alive(owner);
}

}  // namespace

void check_site_name(const std::string& site) {
  const auto allowed = [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-' || c == ' ';
  };
  if (site.empty() || site.size() > 64 || std::isalnum(static_cast<unsigned char>(site[0])) == 0 ||
      !std::all_of(site.begin(), site.end(),
                   [&](char c) { return allowed(static_cast<unsigned char>(c)); }))
    throw DatabaseError(
        "a site is named by 1 to 64 letters, digits, '.', '_', '-' or spaces, "
        "starting with a letter or digit");
}

std::int64_t begin_sweep(Database& database, const std::string& targets,
                         const std::string& parameters_json,
                         const std::optional<std::string>& site) {
  if (site) check_site_name(*site);
  // Checked and written in one write transaction: two sweeps starting at
  // once cannot both see the site free.
  Transaction transaction(database);
  {
    Statement running(database,
                      "SELECT id, owner, started_at FROM sweeps WHERE status = 'running' AND "
                      "coalesce(site, '') = coalesce(?1, '')");
    running.bind(1, site);
    while (running.step())
      if (writer_is_alive(database, running.integer(0), running.text(1)))
        throw SweepConflict("sweep " + std::to_string(running.integer(0)) + " (started " +
                            running.text(2) + ", process " + running.text(1) +
                            ") is still writing " + (site ? "site " + *site + " of " : "") +
                            database.name() + "; wait for it, or stop it, before starting another");
  }
  Statement insert(
      database,
      "INSERT INTO sweeps(started_at, status, targets, parameters, owner, site, "
      "scanner_host, uid) VALUES (?1, 'running', ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
  insert.bind(1, utc_now())
      .bind(2, targets)
      .bind(3, parameters_json)
      .bind(4, process_owner(getpid()))
      .bind(5, site)
      .bind(6, this_host())
      .bind(7, random_uid());
  const std::int64_t id = returned_id(insert);
  // Held before the row can be seen: nobody may find the sweep without it.
  database.connection().take_sweep_lease(id);
  transaction.commit();
  return id;
}

void finish_sweep(Database& database, const Sweep& sweep) {
  Statement update(database,
                   "UPDATE sweeps SET finished_at = ?2, status = ?3, counters = ?4, "
                   "addresses_probed = ?5, addresses_answering = ?6, note = ?7 WHERE id = ?1");
  update.bind(1, sweep.id)
      .bind(2, sweep.finished_at.value_or(utc_now()))
      .bind(3, sweep.status)
      .bind(4, sweep.counters)
      .bind(5, sweep.addresses_probed)
      .bind(6, sweep.addresses_answering)
      .bind(7, sweep.note)
      .run();
}

namespace {
constexpr const char* interrupted_note =
    "interrupted: the process running it ended before it finished";
}  // namespace

std::vector<std::int64_t> interrupted_sweeps(const Database& database) {
  std::vector<std::int64_t> ids;
  Statement running(database, "SELECT id, owner FROM sweeps WHERE status = 'running' ORDER BY id");
  while (running.step())
    if (!writer_is_alive(database, running.integer(0), running.text(1)))
      ids.push_back(running.integer(0));
  return ids;
}

std::vector<std::int64_t> mark_interrupted_sweeps(Database& database) {
  const std::vector<std::int64_t> ids = interrupted_sweeps(database);
  Statement abort(database,
                  "UPDATE sweeps SET status = 'aborted', finished_at = coalesce(finished_at, ?2), "
                  "note = coalesce(note, ?3) WHERE id = ?1 AND status = 'running'");
  for (const std::int64_t id : ids)
    abort.bind(1, id).bind(2, utc_now()).bind(3, interrupted_note).run();
  return ids;
}

namespace {

constexpr const char* sweep_columns =
    "SELECT id, started_at, finished_at, status, targets, parameters, counters, addresses_probed, "
    "addresses_answering, note, judged_at, policy_sha256, owner, site, scanner_host, uid, "
    "received_at, content_sha256 FROM sweeps";

// A sweep made before uids were recorded: its uid is the digest of what
// identifies its row wherever it is read (process, start time, id), so
// that pushing it twice finds it the second time.
std::string derived_uid(const Sweep& sweep, const std::string& owner) {
  return sha256_of_bytes("kensa sweep\n" + owner + "\n" + sweep.started_at + "\n" +
                         std::to_string(sweep.id))
      .substr(0, 32);
}

Sweep read_sweep(const Database& database, const Statement& row) {
  Sweep sweep;
  sweep.id = row.integer(0);
  sweep.started_at = row.text(1);
  sweep.finished_at = row.optional_text(2);
  sweep.status = row.text(3);
  sweep.targets = row.text(4);
  sweep.parameters = row.text(5);
  sweep.counters = row.text(6);
  sweep.addresses_probed = row.integer(7);
  sweep.addresses_answering = row.integer(8);
  sweep.note = row.optional_text(9);
  sweep.judged_at = row.optional_text(10);
  sweep.policy_sha256 = row.optional_text(11);
  sweep.site = row.optional_text(13);
  sweep.scanner_host = row.optional_text(14);
  sweep.uid =
      row.is_null(15) ? derived_uid(sweep, row.optional_text(12).value_or("")) : row.text(15);
  sweep.received_at = row.optional_text(16);
  sweep.content_sha256 = row.optional_text(17);
  // Read as it is, even where the file cannot be written to record it.
  if (sweep.status == "running" &&
      !writer_is_alive(database, sweep.id, row.optional_text(12).value_or(""))) {
    sweep.status = "aborted";
    if (!sweep.note) sweep.note = interrupted_note;
  }
  return sweep;
}

}  // namespace

std::optional<Sweep> find_sweep(const Database& database, std::int64_t id) {
  Statement query(database, std::string(sweep_columns) + " WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_sweep(database, query);
}

std::optional<std::int64_t> sweep_with_uid(const Database& database, const std::string& uid) {
  Statement recorded(database, "SELECT id FROM sweeps WHERE uid = ?1");
  recorded.bind(1, uid);
  if (recorded.step()) return recorded.integer(0);
  // Sweeps made before uids were recorded answer to the uid derived from them.
  Statement unrecorded(database,
                       "SELECT id, started_at, coalesce(owner, '') FROM sweeps WHERE uid IS NULL");
  while (unrecorded.step()) {
    Sweep sweep;
    sweep.id = unrecorded.integer(0);
    sweep.started_at = unrecorded.text(1);
    if (derived_uid(sweep, unrecorded.text(2)) == uid) return sweep.id;
  }
  return std::nullopt;
}

std::vector<Sweep> list_sweeps(const Database& database) {
  Statement query(database, std::string(sweep_columns) + " ORDER BY id");
  std::vector<Sweep> sweeps;
  while (query.step()) sweeps.push_back(read_sweep(database, query));
  return sweeps;
}

}  // namespace kensa::riskdb
