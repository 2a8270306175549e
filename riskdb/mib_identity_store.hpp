#pragma once
// The identity objects of an operator's own MIB modules (`kensa feeds
// import mibs DIR...`), kept in the inventory database beside the other
// datasets, so that every sweep reads them without a recompile. They add to
// the shipped index; an object stated in both is the operator's.
//
// Contract: replace_mib_identity_objects replaces every stored object in
// one transaction and records the dataset; load_mib_identity_objects gives
// them in OID order.

#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/datasets.hpp"
#include "scanner/identity_objects.hpp"

namespace kensa::riskdb {

void replace_mib_identity_objects(Database& database,
                                  const std::vector<scanner::IdentityObject>& objects,
                                  Dataset provenance);
[[nodiscard]] std::vector<scanner::IdentityObject> load_mib_identity_objects(
    const Database& database);

}  // namespace kensa::riskdb
