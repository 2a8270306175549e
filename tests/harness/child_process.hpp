#pragma once
// Running other programs from tests: to completion with their output
// captured, or in the background for as long as a test needs a service.
//
// Contract: every child is started with PR_SET_PDEATHSIG, so it is killed
// when the test process dies, however it dies. BackgroundProcess stops its
// child on destruction: SIGTERM, then SIGKILL after a grace period.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kensa::testing {

// Environment changes for a child: a value sets the variable, nullopt unsets it.
using EnvironmentChanges = std::map<std::string, std::optional<std::string>>;

// The user a child runs as, when the test runs as root and the program
// refuses root (PostgreSQL). The child drops its groups, then its group
// and user ids, before the parent-death signal is armed (a change of
// credentials would clear it).
struct UserIds {
  uid_t uid;
  gid_t gid;
};

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
  bool timed_out = false;

  // A one-paragraph account for failure messages.
  [[nodiscard]] std::string describe() const;
};

// Runs argv[0] (looked up in PATH) and waits for it, killing it after `limit`.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const EnvironmentChanges& environment = {},
                          std::chrono::milliseconds limit = std::chrono::seconds(60),
                          std::optional<UserIds> as_user = std::nullopt);

class BackgroundProcess {
 public:
  // Starts argv with stdout and stderr appended to `log`.
  BackgroundProcess(const std::vector<std::string>& argv, const std::filesystem::path& log,
                    const EnvironmentChanges& environment = {},
                    std::optional<UserIds> as_user = std::nullopt);
  BackgroundProcess(BackgroundProcess&& other) noexcept;
  BackgroundProcess& operator=(BackgroundProcess&&) = delete;
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  ~BackgroundProcess();

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] bool running();
  [[nodiscard]] const std::filesystem::path& log() const { return log_; }
  void signal(int number) const;
  // `first` (SIGTERM unless told), then SIGKILL after a grace period.
  void stop(int first = 15);

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

// The last `lines` lines of a text file, for failure messages.
std::string tail_of_file(const std::filesystem::path& file, std::size_t lines = 20);

// A fresh directory under the system's temporary directory, removed with
// everything in it when the object is destroyed.
class TemporaryDirectory {
 public:
  explicit TemporaryDirectory(const std::string& prefix = "kensa-test");
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  ~TemporaryDirectory();
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The bytes of a file; throws when it cannot be read.
std::string read_file(const std::filesystem::path& file);

// Writes `content` to `file` with the given permission bits.
void write_file(const std::filesystem::path& file, const std::string& content,
                std::filesystem::perms permissions = std::filesystem::perms::owner_read |
                                                     std::filesystem::perms::owner_write);

}  // namespace kensa::testing
