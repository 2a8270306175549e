#pragma once
// Pieces of SQL filters that inventory queries and exports share.
//
// Contract: like_pattern turns a glob (`*`, `?`) into a LIKE pattern with
// `\\` as its escape. subnet_range gives the 16-byte bounds (as
// address_bytes stores them) of an IPv4 or IPv6 prefix, or throws
// std::invalid_argument naming it. severities_at_least lists the severity
// names at or above one. placeholders writes "?N, ?N+1, ..." for `count`
// parameters from `first`.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "riskdb/policy.hpp"

namespace kensa::riskdb {

struct ByteRange {
  std::vector<unsigned char> low, high;
};

[[nodiscard]] std::string like_pattern(std::string_view glob);
[[nodiscard]] ByteRange subnet_range(const std::string& cidr);
[[nodiscard]] std::vector<std::string> severities_at_least(Severity minimum);
[[nodiscard]] std::string placeholders(std::size_t first, std::size_t count);

}  // namespace kensa::riskdb
