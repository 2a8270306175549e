#include "riskdb/id_reservation.hpp"

#include <algorithm>

namespace kensa::riskdb {

std::int64_t IdReservation::next(Connection& connection) {
  if (ids_.empty()) {
    ids_ = connection.reserve_ids(table_, block_);
    std::reverse(ids_.begin(), ids_.end());
  }
  const std::int64_t id = ids_.back();
  ids_.pop_back();
  return id;
}

}  // namespace kensa::riskdb
