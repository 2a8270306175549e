#include "scanner/bounded_fanout.hpp"

#include <algorithm>
#include <exception>
#include <memory>

namespace kensa::scanner {

namespace asio = boost::asio;

void spawn_with_window(asio::io_context& io, std::size_t count, std::size_t window,
                       std::function<asio::awaitable<void>(std::size_t)> work,
                       std::function<void()> when_done) {
  struct Shared {
    std::size_t next = 0;
    std::size_t count;
    std::size_t running;
    std::function<asio::awaitable<void>(std::size_t)> work;
    std::function<void()> when_done;
  };
  const std::size_t workers = std::min(std::max<std::size_t>(window, 1), count);
  auto shared =
      std::make_shared<Shared>(Shared{0, count, workers, std::move(work), std::move(when_done)});
  if (workers == 0) {
    asio::post(io, shared->when_done);
    return;
  }
  for (std::size_t i = 0; i < workers; ++i) {
    asio::co_spawn(
        io,
        [shared]() -> asio::awaitable<void> {
          while (shared->next < shared->count) co_await shared->work(shared->next++);
        },
        [shared](std::exception_ptr error) {
          if (--shared->running == 0) shared->when_done();
          if (error) std::rethrow_exception(error);
        });
  }
}

}  // namespace kensa::scanner
