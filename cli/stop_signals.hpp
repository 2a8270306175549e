#pragma once
// The signals that stop a sweep in order: SIGINT, SIGTERM and SIGHUP (a
// closed terminal, a dropped ssh session).
//
// Contract: while a StopSignals lives, the first of those signals is
// counted and announced on stderr (the sweep then abandons the polls in
// flight and keeps what it read); a second one exits at once with 130. A
// signal the caller ignores (nohup) stays ignored. The destructor restores
// the dispositions it found. One at a time per process.

#include <array>
#include <csignal>

namespace kensa::cli {

class StopSignals {
 public:
  StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  ~StopSignals();

  // Whether a stop was asked for; safe to call from any thread.
  [[nodiscard]] bool received() const;

 private:
  static constexpr std::array<int, 3> handled{SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> previous_{};
};

}  // namespace kensa::cli
