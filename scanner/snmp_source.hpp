#pragma once
// What collectors read: the values one agent holds, whether they come from a
// live poll or from a recorded walk. Collectors never know which.
//
// Contract: get returns the value stored at exactly `oid` (no exceptions
// such as noSuchObject are ever stored); walk returns, in OID order, every
// value whose OID starts with `root`, the root itself excluded; next
// returns the first value whose OID follows `after`, as GETNEXT would.

#include <map>
#include <optional>
#include <vector>

#include "scanner/snmp_value.hpp"

namespace kensa::scanner {

class SnmpSource {
 public:
  virtual ~SnmpSource() = default;
  [[nodiscard]] virtual std::optional<SnmpValue> get(const Oid& oid) const = 0;
  [[nodiscard]] virtual std::vector<VarBind> walk(const Oid& root) const = 0;
  [[nodiscard]] virtual std::optional<VarBind> next(const Oid& after) const = 0;
};

// The values of one agent held in memory: a recorded walk, or the subtrees
// a live poll has read.
class MibSnapshot : public SnmpSource {
 public:
  void put(Oid oid, SnmpValue value);
  [[nodiscard]] std::optional<SnmpValue> get(const Oid& oid) const override;
  [[nodiscard]] std::vector<VarBind> walk(const Oid& root) const override;
  [[nodiscard]] std::optional<VarBind> next(const Oid& after) const override;

 private:
  std::map<Oid, SnmpValue> values_;
};

}  // namespace kensa::scanner
