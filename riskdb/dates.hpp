#pragma once
// The calendar arithmetic of judging, on ISO dates (YYYY-MM-DD), in UTC.

#include <string>

namespace kensa::riskdb {

// Today's date, UTC, as YYYY-MM-DD.
[[nodiscard]] std::string utc_today();
// The ISO date `days` after `date` (before, when negative); a text that is
// not an ISO date comes back unchanged.
[[nodiscard]] std::string add_days(const std::string& date, int days);

}  // namespace kensa::riskdb
