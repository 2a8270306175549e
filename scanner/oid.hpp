#pragma once
// Object identifiers as sequences of sub-identifiers. std::vector's ordering
// is the lexicographic order SNMP walks in.
//
// Contract: parse_oid accepts dotted decimal with an optional leading dot,
// at least two sub-identifiers of at most 2^32-1 each and at most 128 in all
// (RFC 2578), and returns nullopt for anything else.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kensa::scanner {

using Oid = std::vector<std::uint32_t>;

inline constexpr std::size_t max_oid_length = 128;

std::optional<Oid> parse_oid(std::string_view text);
std::string to_string(const Oid& oid);
bool oid_starts_with(const Oid& oid, const Oid& prefix);

}  // namespace kensa::scanner
