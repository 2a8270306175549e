// The sweep's progress line: what an operator reads while the sweep runs.

#include <doctest/doctest.h>

#include "cli/progress_line.hpp"

using kensa::cli::progress_text;
using kensa::scanner::SweepProgress;

TEST_CASE("the progress line shows packets per second and what the rate limit holds back") {
  SweepProgress first;
  first.in_flight = 2000;
  first.queued = 500;
  first.packets_sent = 300;
  first.waiting_for_send_slot = 1700;
  first.elapsed = std::chrono::seconds(1);
  CHECK(progress_text(first, std::nullopt) ==
        "0 done, 0 answering, 2000 in flight, 500 queued, 300 packets/s, 1700 waiting for the "
        "rate limit, ETA --");

  SweepProgress second = first;
  second.done = 100;
  second.answering = 60;
  second.in_flight = 1900;
  second.packets_sent = 450;
  second.waiting_for_send_slot = 0;
  second.elapsed = std::chrono::milliseconds(1500);
  // 150 packets in the last half second; 100 devices in 1.5 s, 2400 left.
  CHECK(progress_text(second, first) ==
        "100 done, 60 answering, 1900 in flight, 500 queued, 300 packets/s, ETA 0m36s");
}
