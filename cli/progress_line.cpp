#include "cli/progress_line.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace kensa::cli {

ProgressLine::ProgressLine(bool wanted)
    : enabled_(wanted && isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1) {}

void ProgressLine::update(const scanner::SweepProgress& progress) {
  if (!enabled_) return;
  const double seconds = std::chrono::duration<double>(progress.elapsed).count();
  const double rate = seconds > 0 ? static_cast<double>(progress.done) / seconds : 0;
  const std::size_t remaining = progress.queued + progress.in_flight;
  std::string eta = "--";
  if (rate > 0) {
    const auto left = static_cast<long>(static_cast<double>(remaining) / rate);
    eta = std::to_string(left / 60) + "m" + (left % 60 < 10 ? "0" : "") +
          std::to_string(left % 60) + "s";
  }
  std::fprintf(stderr, "\r\033[K%zu done, %zu answering, %zu in flight, %zu queued, %.0f/s, ETA %s",
               progress.done, progress.answering, progress.in_flight, progress.queued, rate,
               eta.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::clear() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace kensa::cli
