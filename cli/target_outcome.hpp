#pragma once
// A sweep target's outcome as the inventory stores it: the poll's status
// sorted into riskdb's outcome names (answered, silent, refused,
// malformed, ...), with the credential profile that answered.
//
// Contract: every PollStatus maps to exactly one outcome; `detail` keeps
// the status's own name, `message` the poll's sentence (never a secret).

#include <cstdint>
#include <optional>
#include <span>

#include "riskdb/sweep_targets.hpp"
#include "scanner/credentials.hpp"
#include "scanner/device_poll.hpp"
#include "scanner/network_sweep.hpp"

namespace kensa::cli {

[[nodiscard]] riskdb::TargetOutcome target_outcome(const scanner::SweepTarget& target,
                                                   const scanner::DevicePoll& poll,
                                                   std::span<const scanner::Credentials> profiles,
                                                   std::optional<std::int64_t> device_id);

}  // namespace kensa::cli
