#pragma once
// `kensa inventory --unreached [--sweep N]`: what a sweep did not reach,
// the targets that did not answer (with why) and the devices known from
// earlier sweeps it did not observe (with when they were last checked).
//
// Contract: the default sweep is the latest; device strings are escaped
// for the terminal; --json prints {sweep, outcomes, unreached: [...],
// not_rechecked: [...]}. Exit 0 when everything was reached, 1 otherwise.

#include <cstdint>
#include <optional>

#include "riskdb/database.hpp"

namespace kensa::cli {

int print_unreached(const riskdb::Database& database, std::optional<std::int64_t> sweep, bool json);

}  // namespace kensa::cli
