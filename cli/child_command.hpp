#pragma once
// Another kensa command run as a child process of this one: how `kensa demo`
// runs the simulator and the sweep, each with an engine and an io_context
// of its own, exactly as a user would type them.
//
// Contract: the child is this same executable (/proc/self/exe) with
// `arguments` after argv[0], this process's environment with `environment`
// set on top, stdin closed, stderr shared, and stdout shared or captured
// (read_line). The constructor throws std::runtime_error naming the command
// when it cannot be started. wait() returns the exit status (128 + signal
// number when killed). The destructor of a child still running sends it
// SIGTERM and waits for it.

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kensa::cli {

class ChildCommand {
 public:
  ChildCommand(const std::vector<std::string>& arguments,
               const std::map<std::string, std::string>& environment, bool capture_output);
  ChildCommand(const ChildCommand&) = delete;
  ChildCommand& operator=(const ChildCommand&) = delete;
  ~ChildCommand();

  // The next line of the captured output without its newline; nullopt at its end.
  std::optional<std::string> read_line();
  int wait();
  void terminate();

 private:
  pid_t pid_ = -1;
  int output_ = -1;
  std::string buffered_;
  std::optional<int> status_;
};

}  // namespace kensa::cli
