#include "cli/progress_line.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace kensa::cli {
namespace {

double seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

std::string minutes_and_seconds(long total) {
  return std::to_string(total / 60) + "m" + (total % 60 < 10 ? "0" : "") +
         std::to_string(total % 60) + "s";
}

}  // namespace

std::string progress_text(const scanner::SweepProgress& now,
                          const std::optional<scanner::SweepProgress>& before) {
  const double elapsed = seconds(now.elapsed);
  const double devices_per_second = elapsed > 0 ? static_cast<double>(now.done) / elapsed : 0;
  const double interval = before ? seconds(now.elapsed - before->elapsed) : elapsed;
  const std::uint64_t packets = now.packets_sent - (before ? before->packets_sent : 0);
  const double packets_per_second = interval > 0 ? static_cast<double>(packets) / interval : 0;
  std::string eta = "--";
  if (devices_per_second > 0)
    eta = minutes_and_seconds(
        static_cast<long>(static_cast<double>(now.queued + now.in_flight) / devices_per_second));
  char line[256];
  std::snprintf(line, sizeof line,
                "%zu done, %zu answering, %zu in flight, %zu queued, %.0f packets/s", now.done,
                now.answering, now.in_flight, now.queued, packets_per_second);
  std::string text = line;
  if (now.waiting_for_send_slot > 0)
    text += ", " + std::to_string(now.waiting_for_send_slot) + " waiting for the rate limit";
  return text + ", ETA " + eta;
}

ProgressLine::ProgressLine(bool wanted)
    : enabled_(wanted && isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1) {}

void ProgressLine::update(const scanner::SweepProgress& progress) {
  if (!enabled_) return;
  std::fprintf(stderr, "\r\033[K%s", progress_text(progress, last_).c_str());
  std::fflush(stderr);
  last_ = progress;
  drawn_ = true;
}

void ProgressLine::clear() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace kensa::cli
