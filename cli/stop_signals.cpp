#include "cli/stop_signals.hpp"

#include <unistd.h>

#include <atomic>

namespace kensa::cli {
namespace {

std::atomic<int> signals_received{0};

void on_signal(int) {
  if (signals_received.fetch_add(1) >= 1) _exit(130);  // the second signal: at once
  static constexpr char message[] =
      "\nkensa: stopping: the devices in flight are abandoned, those read are kept (again to quit "
      "at once)\n";
  (void)!write(STDERR_FILENO, message, sizeof message - 1);
}

}  // namespace

StopSignals::StopSignals() {
  signals_received = 0;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < handled.size(); ++i) {
    sigaction(handled[i], nullptr, &previous_[i]);
    if (previous_[i].sa_handler != SIG_IGN) sigaction(handled[i], &action, nullptr);
  }
}

StopSignals::~StopSignals() {
  for (std::size_t i = 0; i < handled.size(); ++i) sigaction(handled[i], &previous_[i], nullptr);
}

bool StopSignals::received() const { return signals_received > 0; }

}  // namespace kensa::cli
