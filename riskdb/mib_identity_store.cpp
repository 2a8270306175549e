#include "riskdb/mib_identity_store.hpp"

#include <stdexcept>

#include "riskdb/statement.hpp"

namespace kensa::riskdb {

void replace_mib_identity_objects(Database& database,
                                  const std::vector<scanner::IdentityObject>& objects,
                                  Dataset provenance) {
  Transaction transaction(database);
  Statement(database, "DELETE FROM mib_identity_objects").run();
  provenance.row_count = static_cast<std::int64_t>(objects.size());
  const std::int64_t dataset = record_dataset(database, provenance);
  Statement insert(database,
                   "INSERT INTO mib_identity_objects(oid, module, descriptor, field, place, rank, "
                   "dataset_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(oid) DO UPDATE SET "
                   "module = ?2, descriptor = ?3, field = ?4, place = ?5, rank = ?6");
  for (const scanner::IdentityObject& object : objects)
    insert.bind(1, scanner::to_string(object.oid))
        .bind(2, object.module)
        .bind(3, object.descriptor)
        .bind(4, object.field)
        .bind(5, std::string(object.column ? "column" : "scalar"))
        .bind(6, static_cast<std::int64_t>(object.rank))
        .bind(7, dataset)
        .run();
  transaction.commit();
}

std::vector<scanner::IdentityObject> load_mib_identity_objects(const Database& database) {
  Statement query(database,
                  "SELECT oid, module, descriptor, field, place, rank FROM mib_identity_objects "
                  "ORDER BY oid");
  std::vector<scanner::IdentityObject> objects;
  while (query.step()) {
    scanner::IdentityObject object;
    const auto oid = scanner::parse_oid(query.text(0));
    if (!oid) throw std::runtime_error("mib_identity_objects: invalid OID " + query.text(0));
    object.oid = *oid;
    object.module = query.text(1);
    object.descriptor = query.text(2);
    object.field = query.text(3);
    object.column = query.text(4) == "column";
    object.rank = static_cast<int>(query.integer(5));
    objects.push_back(std::move(object));
  }
  return objects;
}

}  // namespace kensa::riskdb
