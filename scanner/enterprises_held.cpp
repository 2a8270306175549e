#include "scanner/enterprises_held.hpp"

#include <limits>

namespace kensa::scanner {
namespace {
const Oid enterprises_root{1, 3, 6, 1, 4, 1};
}

Oid next_enterprise_cursor(std::optional<std::uint32_t> last) {
  Oid cursor = enterprises_root;
  if (last) {
    // The last number has no subtree after it to ask for.
    if (*last == std::numeric_limits<std::uint32_t>::max()) return Oid{1, 3, 6, 1, 4, 2};
    cursor.push_back(*last + 1);
  }
  return cursor;
}

std::optional<std::uint32_t> enterprise_of(const Oid& oid) {
  if (oid.size() <= enterprises_root.size() || !oid_starts_with(oid, enterprises_root))
    return std::nullopt;
  return oid[enterprises_root.size()];
}

std::vector<std::uint32_t> enterprises_held(const SnmpSource& source) {
  std::vector<std::uint32_t> held;
  std::optional<std::uint32_t> last;
  for (std::size_t step = 0; step < most_enterprises_held; ++step) {
    const auto found = source.next(next_enterprise_cursor(last));
    last = found ? enterprise_of(found->oid) : std::nullopt;
    if (!last) break;
    held.push_back(*last);
  }
  return held;
}

}  // namespace kensa::scanner
