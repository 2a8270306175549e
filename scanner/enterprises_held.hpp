#pragma once
// The enterprise subtrees an agent holds, found as GETNEXT finds them: ask
// for what follows 1.3.6.1.4.1, note the enterprise number of the answer,
// ask for what follows that enterprise's subtree, and so on.
//
// Contract: next_enterprise_cursor(nothing) is 1.3.6.1.4.1 and
// next_enterprise_cursor(n) is 1.3.6.1.4.1.(n+1), so a GETNEXT on it
// answers from the next subtree held; enterprise_of names the enterprise an
// OID lies under (none outside 1.3.6.1.4.1). enterprises_held runs that
// chain on a source for at most most_enterprises_held steps, the bound a
// live poll keeps too, and returns every number met, in OID order.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "scanner/snmp_source.hpp"

namespace kensa::scanner {

inline constexpr std::size_t most_enterprises_held = 8;

[[nodiscard]] Oid next_enterprise_cursor(std::optional<std::uint32_t> last);
[[nodiscard]] std::optional<std::uint32_t> enterprise_of(const Oid& oid);
[[nodiscard]] std::vector<std::uint32_t> enterprises_held(const SnmpSource& source);

}  // namespace kensa::scanner
