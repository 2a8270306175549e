#include "scanner/snmp_source.hpp"

namespace kensa::scanner {

void MibSnapshot::put(Oid oid, SnmpValue value) {
  if (value.is_exception()) return;
  values_.insert_or_assign(std::move(oid), std::move(value));
}

std::optional<SnmpValue> MibSnapshot::get(const Oid& oid) const {
  const auto found = values_.find(oid);
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

std::vector<VarBind> MibSnapshot::walk(const Oid& root) const {
  std::vector<VarBind> rows;
  for (auto it = values_.upper_bound(root); it != values_.end(); ++it) {
    if (!oid_starts_with(it->first, root)) break;
    rows.push_back({it->first, it->second});
  }
  return rows;
}

std::optional<VarBind> MibSnapshot::next(const Oid& after) const {
  const auto it = values_.upper_bound(after);
  if (it == values_.end()) return std::nullopt;
  return VarBind{it->first, it->second};
}

}  // namespace kensa::scanner
