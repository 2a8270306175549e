#pragma once
// Where vendors keep a device's own model, firmware version and serial
// number: MIB objects under an enterprise's subtree, each with the field it
// holds. The shipped index (scanner/data/mib-identity.json) is generated
// from public MIB collections by scripts/generate-mib-index; an operator
// adds their own vendors' MIBs with `kensa feeds import mibs DIR`.
//
// Contract:
// - from_json() reads an index (checked against its JSON Schema by the
//   caller) and throws std::runtime_error naming `where` and the entry at
//   fault.
// - under(enterprise) gives the objects of one enterprise's subtree, best
//   first (rank, then OID), for one field or all.
// - read_first() gives the value an object holds on a device: a scalar's
//   instance .0, or a column's first row; a value that names nothing
//   (empty, "N/A", "unknown", all zeros, no letter or digit, a firmware
//   without a digit, a serial or model longer than 64 characters) is none.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "scanner/oid.hpp"
#include "scanner/snmp_source.hpp"

namespace kensa::scanner {

struct IdentityObject {
  Oid oid;  // a scalar's OID without its instance, or a table column's
  std::string module;
  std::string descriptor;
  std::string field;    // model, firmware or serial
  bool column = false;  // a column whose first row is the device's own
  int rank = 0;         // higher first among objects of one field
};

struct ObservedIdentity {
  Oid instance;
  std::string value;
};

class IdentityObjectIndex {
 public:
  static IdentityObjectIndex from_json(const nlohmann::json& json, const std::string& where);

  void add(IdentityObject object);
  [[nodiscard]] std::vector<const IdentityObject*> under(std::uint32_t enterprise,
                                                         std::string_view field = {}) const;
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  std::map<std::uint32_t, std::vector<IdentityObject>> by_enterprise_;
  std::size_t size_ = 0;
};

// The JSON form of index entries, as the shipped file and the database
// hold them.
nlohmann::json to_json(const IdentityObject& object);
IdentityObject identity_object_from_json(const nlohmann::json& json, const std::string& where);

std::optional<ObservedIdentity> read_first(const IdentityObject& object, const SnmpSource& source);

}  // namespace kensa::scanner
