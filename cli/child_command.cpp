#include "cli/child_command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace kensa::cli {

ChildCommand::ChildCommand(const std::vector<std::string>& arguments,
                           const std::map<std::string, std::string>& environment,
                           bool capture_output) {
  std::vector<std::string> argv_text{"kensa"};
  argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& argument : argv_text) argv.push_back(argument.data());
  argv.push_back(nullptr);

  std::vector<std::string> environment_text;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    if (!environment.contains(text.substr(0, text.find('=')))) environment_text.push_back(text);
  }
  for (const auto& [name, value] : environment) environment_text.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& entry : environment_text) envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  int pipe_ends[2] = {-1, -1};
  if (capture_output) {
    if (pipe2(pipe_ends, O_CLOEXEC) != 0) {
      posix_spawn_file_actions_destroy(&actions);
      throw std::runtime_error(std::string("cannot start kensa ") + arguments.front() + ": " +
                               std::strerror(errno));
    }
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  }
  const int error =
      posix_spawn(&pid_, "/proc/self/exe", &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (capture_output) {
    close(pipe_ends[1]);
    output_ = pipe_ends[0];
  }
  if (error != 0) {
    pid_ = -1;
    if (output_ >= 0) close(output_);
    throw std::runtime_error(std::string("cannot start kensa ") + arguments.front() + ": " +
                             std::strerror(error));
  }
}

ChildCommand::~ChildCommand() {
  if (!status_ && pid_ > 0) {
    terminate();
    wait();
  }
  if (output_ >= 0) close(output_);
}

std::optional<std::string> ChildCommand::read_line() {
  while (true) {
    if (const auto end = buffered_.find('\n'); end != std::string::npos) {
      std::string line = buffered_.substr(0, end);
      buffered_.erase(0, end + 1);
      return line;
    }
    char chunk[4096];
    const ssize_t read_bytes = output_ >= 0 ? read(output_, chunk, sizeof chunk) : 0;
    if (read_bytes < 0 && errno == EINTR) continue;
    if (read_bytes <= 0) {
      if (buffered_.empty()) return std::nullopt;
      return std::exchange(buffered_, {});
    }
    buffered_.append(chunk, static_cast<std::size_t>(read_bytes));
  }
}

void ChildCommand::terminate() {
  if (!status_ && pid_ > 0) kill(pid_, SIGTERM);
}

int ChildCommand::wait() {
  if (status_) return *status_;
  int raw = 0;
  while (waitpid(pid_, &raw, 0) < 0)
    if (errno != EINTR) return *(status_ = 127);
  status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  return *status_;
}

}  // namespace kensa::cli
