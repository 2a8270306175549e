#include "feeds/mib_identity_index.hpp"

namespace kensa::feeds {

std::vector<scanner::IdentityObject> identity_objects_of(const MibCollection& collection) {
  std::vector<scanner::IdentityObject> objects;
  for (const MibObjectFacts& facts : collection.objects)
    if (auto object = identity_role(facts)) objects.push_back(std::move(*object));
  return objects;
}

nlohmann::json identity_index_json(const std::vector<scanner::IdentityObject>& objects,
                                   const std::vector<std::string>& sources) {
  nlohmann::json entries = nlohmann::json::array();
  for (const scanner::IdentityObject& object : objects) entries.push_back(scanner::to_json(object));
  return {{"index_version", 1}, {"generated_from", sources}, {"objects", std::move(entries)}};
}

}  // namespace kensa::feeds
