#pragma once
// A sweep's live progress line: targets done, answering, in flight, queued,
// packets per second, requests held back by the rate limit, and estimated
// time left, redrawn in place on stderr.
//
// Contract: it draws only when enabled, which by default means both stdout
// and stderr are terminals; otherwise every call does nothing, so scripts,
// pipes, cron and systemd logs never see it. clear() erases the line before
// anything else is printed. progress_text is the line itself: packets per
// second are those sent since `before` (since the start without one).

#include <optional>
#include <string>

#include "scanner/network_sweep.hpp"

namespace kensa::cli {

[[nodiscard]] std::string progress_text(const scanner::SweepProgress& now,
                                        const std::optional<scanner::SweepProgress>& before);

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
  std::optional<scanner::SweepProgress> last_;
};

}  // namespace kensa::cli
