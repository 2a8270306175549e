// What kensa does to the file --db names: another application's SQLite
// file (or any other file) is refused and left byte for byte as it was by
// every command; commands that only read open a kensa database read-only,
// work on a copy nobody may write, refuse a path where none exists and a
// schema they would have to change.

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "riskdb/database.hpp"
#include "tests/harness/snmpd_agent.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;
namespace fs = std::filesystem;

namespace {

std::string bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs SQL on `file` with SQLite directly, as another application would.
void run_sql(const fs::path& file, const std::string& sql) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &handle) == SQLITE_OK);
  char* error = nullptr;
  const int status = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
  INFO((error != nullptr ? error : ""));
  sqlite3_free(error);
  sqlite3_close(handle);
  REQUIRE(status == SQLITE_OK);
}

fs::path source_file(const std::string& relative) { return fs::path(KENSA_SOURCE_DIR) / relative; }

// Every command that takes --db, each pointed at `db`.
std::vector<std::vector<std::string>> commands_on(const std::string& db, const fs::path& out) {
  const std::string walk = source_file("tests/fixtures/walks/edge-router.snmprec").string();
  return {
      {"inventory", "--db", db},
      {"inventory", "--db", db, "--json"},
      {"findings", "--db", db},
      {"diff", "--db", db},
      {"export", "--db", db, "--format", "csv", "--out", (out / "export.csv").string()},
      {"db", "status", "--db", db},
      {"db", "init", "--db", db},
      {"feeds", "status", "--db", db},
      {"feeds", "export", "screening", "--db", db},
      {"feeds", "import", "kev", source_file("tests/fixtures/feeds/kev.json").string(), "--db", db},
      {"feeds", "import", "screening", source_file("tests/fixtures/feeds/screening.csv").string(),
       "--db", db},
      {"check", "--db", db, "--vendor", "Huawei", "--model", "S5720-28X-SI"},
      {"check", "--db", db, "--walk", walk},
      {"identify", "--walk", walk, "--db", db},
      // Refused before any packet: nothing listens there anyway.
      {"sweep", "127.0.0.1:9", "--db", db, "--timeout", "100", "--retries", "0"},
  };
}

}  // namespace

TEST_CASE("another application's file is left byte for byte as it was by every kensa command") {
  TemporaryDirectory directory;
  const fs::path with_id = directory.path() / "with-id.db";
  run_sql(with_id,
          "PRAGMA journal_mode = WAL; PRAGMA application_id = 1234; CREATE TABLE notes(text); "
          "INSERT INTO notes VALUES ('kept')");
  // No application_id, and a table one of kensa's is named like.
  const fs::path without_id = directory.path() / "without-id.db";
  run_sql(without_id, "CREATE TABLE devices(name); INSERT INTO devices VALUES ('router')");
  const fs::path not_sqlite = directory.path() / "notes.txt";
  write_file(not_sqlite, "Not a database at all, but some notes someone keeps.\n");

  for (const fs::path& file : {with_id, without_id, not_sqlite}) {
    const std::string before = bytes_of(file);
    REQUIRE(!before.empty());
    for (const auto& command : commands_on(file.string(), directory.path())) {
      const ProcessResult result = run_kensa(command);
      INFO(file.filename().string() << ": kensa " << command[0] << ' ' << command[1]);
      INFO(result.describe());
      CHECK(result.exit_code != 0);
      CHECK(result.err.find("left it untouched") != std::string::npos);
      CHECK(bytes_of(file) == before);
      for (const char* suffix : {"-wal", "-shm", "-journal"})
        CHECK_FALSE(fs::exists(file.string() + suffix));
    }
  }
  // A file that is not SQLite is a storage failure (74); another
  // application's database is the operator's to fix (64).
  CHECK(run_kensa({"inventory", "--db", not_sqlite.string()}).exit_code == 74);
  CHECK(run_kensa({"inventory", "--db", with_id.string()}).exit_code == 64);
}

TEST_CASE("a read-only copy of a kensa database answers every command that only reads") {
  TemporaryDirectory directory;
  const fs::path db = directory.path() / "kensa.db";
  SnmpdAgent agent;
  for (int sweep = 0; sweep < 2; ++sweep) {  // diff compares two
    const ProcessResult swept =
        run_kensa({"sweep", agent.endpoint(), "--db", db.string(), "--timeout", "2000"},
                  {{"KENSA_COMMUNITY", agent.settings().community}});
    INFO(swept.describe());
    REQUIRE(swept.exit_code == 0);
    // Judged on a database with no KEV, NVD, EOL or register: it says so.
    CHECK(swept.out.find("NOT JUDGED BY: kev (known-exploited findings)") != std::string::npos);
  }

  // The auditor's copy: a file in a directory nobody can write, root
  // included (a read-only bind mount), or for another user mode 0444 in a
  // 0555 directory.
  const fs::path copy_dir = directory.path() / "audit";
  const fs::path out = directory.path() / "out";
  fs::create_directories(copy_dir);
  fs::create_directories(out);
  fs::copy_file(db, copy_dir / "kensa.db");
  const fs::path copy = copy_dir / "kensa.db";
  const std::string before = bytes_of(copy);
  const std::string script =
      "\"$2\" feeds status --db \"$1/kensa.db\" > \"$3/out\" 2> \"$3/err\"; "
      "[ $? -le 1 ] || { echo 'kensa feeds status failed'; cat \"$3/err\"; exit 1; }; "
      "for command in 'inventory --json' 'findings' 'db status --json' 'diff' "
      "\"export --format json --out $3/export.json\"; do "
      "  \"$2\" $command --db \"$1/kensa.db\" > \"$3/out\" 2> \"$3/err\"; rc=$?; "
      "  if [ $rc -ne 0 ]; then echo \"kensa $command: exit $rc\"; cat \"$3/err\"; exit 1; fi; "
      "done; "
      "touch \"$1/probe\" 2>/dev/null && { echo 'the copy is writable'; exit 1; }; "
      "\"$2\" inventory --json --db \"$1/kensa.db\"";
  std::vector<std::string> argv;
  if (geteuid() == 0) {
    argv = {"unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" || exit 99; " + script,
            "sh",
            copy_dir.string(),
            KENSA_BINARY,
            out.string()};
  } else {
    fs::permissions(copy, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(copy_dir, fs::perms::owner_read | fs::perms::owner_exec |
                                  fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
    argv = {"sh", "-c", script, "sh", copy_dir.string(), KENSA_BINARY, out.string()};
  }
  const ProcessResult read = run_process(argv, {{"KENSA_DB", std::nullopt}});
  fs::permissions(copy_dir, fs::perms::owner_all);
  if (read.exit_code == 99) {
    std::cout << "SKIPPED: cannot make a read-only bind mount in a private mount namespace here\n";
    return;
  }
  INFO(read.describe());
  REQUIRE(read.exit_code == 0);
  CHECK(read.out.find(agent.settings().name) != std::string::npos);
  CHECK(fs::exists(out / "export.json"));
  CHECK(bytes_of(copy) == before);
}

TEST_CASE("commands that only read create nothing and change no schema") {
  TemporaryDirectory directory;
  const fs::path missing = directory.path() / "mistyped.db";
  for (const std::vector<std::string>& command : {std::vector<std::string>{"inventory"},
                                                  {"findings"},
                                                  {"db", "status"},
                                                  {"feeds", "status"},
                                                  {"diff"}}) {
    std::vector<std::string> argv = command;
    argv.insert(argv.end(), {"--db", missing.string()});
    const ProcessResult result = run_kensa(argv);
    INFO(result.describe());
    CHECK(result.exit_code == 64);
    CHECK(result.err.find("no kensa database at " + missing.string()) != std::string::npos);
    CHECK_FALSE(fs::exists(missing));
  }
  const ProcessResult created = run_kensa({"db", "init", "--db", missing.string()});
  CHECK(created.exit_code == 0);
  CHECK(created.err.find("created the database") != std::string::npos);
  CHECK(run_kensa({"inventory", "--db", missing.string()}).exit_code == 0);

  // Older: read commands say which command upgrades it, and leave it be.
  const fs::path older = directory.path() / "older.db";
  { auto database = kensa::riskdb::Database::open_at_version(older, 3); }
  const std::string older_bytes = bytes_of(older);
  const ProcessResult old_read = run_kensa({"inventory", "--db", older.string()});
  CHECK(old_read.exit_code == 64);
  CHECK(old_read.err.find("kensa db init --db " + older.string()) != std::string::npos);
  CHECK(bytes_of(older) == older_bytes);
  CHECK(run_kensa({"db", "init", "--db", older.string()}).exit_code == 0);
  CHECK(run_kensa({"inventory", "--db", older.string()}).exit_code == 0);

  // Newer: refused by readers and writers alike.
  const fs::path newer = directory.path() / "newer.db";
  { auto database = kensa::riskdb::Database::open(newer); }
  run_sql(newer, "PRAGMA user_version = 999");
  const std::string newer_bytes = bytes_of(newer);
  for (const char* command : {"inventory", "findings"}) {
    const ProcessResult result = run_kensa({command, "--db", newer.string()});
    CHECK(result.exit_code == 64);
    CHECK(result.err.find("use a newer kensa") != std::string::npos);
  }
  CHECK(run_kensa({"db", "init", "--db", newer.string()}).exit_code == 64);
  CHECK(bytes_of(newer) == newer_bytes);

  // A kensa database from before the application_id is read as one, and
  // given the id at its next write.
  const fs::path legacy = directory.path() / "legacy.db";
  { auto database = kensa::riskdb::Database::open(legacy); }
  run_sql(legacy, "PRAGMA application_id = 0");
  CHECK(run_kensa({"inventory", "--db", legacy.string()}).exit_code == 0);
  CHECK(run_kensa({"db", "init", "--db", legacy.string()}).exit_code == 0);
  const std::string stamped = bytes_of(legacy);
  REQUIRE(stamped.size() >= 72);
  CHECK(stamped.substr(68, 4) == "kens");
}
