#pragma once
// The error every importer throws for a file it cannot accept.
//
// Contract: the message names the file and, as far as known, the line or
// JSON path and the field, so that a user can find what is wrong.

#include <stdexcept>

namespace kensa::feeds {

class FeedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kensa::feeds
