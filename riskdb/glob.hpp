#pragma once
// Glob patterns as operators write them for models and firmware: `*` any
// run of characters, `?` one character, letters compared case-insensitively.
// Linear in practice, with no recursion, so a hostile pattern cannot stall it.

#include <string_view>

namespace kensa::riskdb {

[[nodiscard]] bool glob_matches(std::string_view pattern, std::string_view text);

}  // namespace kensa::riskdb
