#pragma once
// Ids for new rows of one table, reserved from the store a block at a time
// (Connection::reserve_ids): a row's id is known before its INSERT is sent,
// so rows that refer to it can be made at once and nothing waits for an
// INSERT's answer (PostgreSQL's pipeline).
//
// Contract: next() gives an id that no row of the table holds and that is
// given to no one else, good inside the transaction it was reserved in;
// forget() drops what is left of the block, for when that transaction ends.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "riskdb/storage.hpp"

namespace kensa::riskdb {

class IdReservation {
 public:
  IdReservation(std::string table, std::size_t block) : table_(std::move(table)), block_(block) {}

  std::int64_t next(Connection& connection);
  void forget() { ids_.clear(); }

 private:
  std::string table_;
  std::size_t block_;
  std::vector<std::int64_t> ids_;  // the next one at the back
};

}  // namespace kensa::riskdb
