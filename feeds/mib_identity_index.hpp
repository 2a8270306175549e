#pragma once
// The identity index a MIB collection gives: every object mib_object_roles
// judges to hold a device's model, firmware or serial, as the JSON file
// scanner/data/mib-identity.json holds it (sorted by OID, facts only: OID,
// module, descriptor, field, place, rank; never DESCRIPTION prose).

#include <nlohmann/json.hpp>

#include <vector>

#include "feeds/mib_collection.hpp"
#include "scanner/identity_objects.hpp"

namespace kensa::feeds {

std::vector<scanner::IdentityObject> identity_objects_of(const MibCollection& collection);

// `sources` names the collections (with their snapshot), for provenance.
nlohmann::json identity_index_json(const std::vector<scanner::IdentityObject>& objects,
                                   const std::vector<std::string>& sources);

}  // namespace kensa::feeds
