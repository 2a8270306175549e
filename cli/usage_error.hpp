#pragma once
// A mistake in what the user asked for: an argument, a configuration value
// or a secret file. The message says what was wrong and where; main() prints
// it and exits with exit_usage.

#include <stdexcept>

namespace kensa::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kensa::cli
