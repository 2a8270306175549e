#pragma once
// Runs many coroutines on one io_context, at most `window` at a time.
//
// Contract: work(i) runs once for each i in [0, count), in increasing order
// of start; when the last one has finished, when_done() runs (also when
// count is 0). An exception escaping work(i) ends that worker and is
// rethrown by io_context::run().

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>

#include <cstddef>
#include <functional>

namespace kensa::scanner {

void spawn_with_window(boost::asio::io_context& io, std::size_t count, std::size_t window,
                       std::function<boost::asio::awaitable<void>(std::size_t)> work,
                       std::function<void()> when_done);

}  // namespace kensa::scanner
