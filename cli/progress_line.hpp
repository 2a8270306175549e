#pragma once
// A sweep's live progress line: targets done, answering, in flight, rate
// and estimated time left, redrawn in place on stderr.
//
// Contract: it draws only when enabled, which by default means both stdout
// and stderr are terminals; otherwise every call does nothing, so scripts,
// pipes, cron and systemd logs never see it. clear() erases the line before
// anything else is printed.

#include "scanner/network_sweep.hpp"

namespace kensa::cli {

class ProgressLine {
 public:
  explicit ProgressLine(bool wanted);
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine() { clear(); }

  [[nodiscard]] bool enabled() const { return enabled_; }
  void update(const scanner::SweepProgress& progress);
  void clear();

 private:
  bool enabled_;
  bool drawn_ = false;
};

}  // namespace kensa::cli
