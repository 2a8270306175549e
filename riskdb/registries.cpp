#include "riskdb/registries.hpp"

#include "riskdb/statement.hpp"

namespace kensa::riskdb {

void replace_mac_blocks(Database& database, const std::vector<MacBlock>& blocks,
                        Dataset provenance) {
  Transaction transaction(database);
  database.execute("DELETE FROM mac_blocks");
  provenance.row_count = static_cast<std::int64_t>(blocks.size());
  const std::int64_t dataset = record_dataset(database, provenance);
  Statement insert(
      database,
      "INSERT INTO mac_blocks(bits, prefix, registry, organization, address, dataset_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(bits, prefix) DO UPDATE SET "
      "registry = excluded.registry, organization = excluded.organization, "
      "address = excluded.address, dataset_id = excluded.dataset_id");
  for (const MacBlock& block : blocks)
    insert.bind(1, std::int64_t{block.bits})
        .bind(2, block.prefix)
        .bind(3, block.registry)
        .bind(4, block.organization)
        .bind(5, block.address)
        .bind(6, dataset)
        .run();
  transaction.commit();
}

void replace_enterprise_numbers(Database& database, const std::vector<EnterpriseNumber>& numbers,
                                Dataset provenance) {
  Transaction transaction(database);
  database.execute("DELETE FROM enterprise_numbers");
  provenance.row_count = static_cast<std::int64_t>(numbers.size());
  const std::int64_t dataset = record_dataset(database, provenance);
  Statement insert(
      database,
      "INSERT INTO enterprise_numbers(number, organization, contact, email, dataset_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(number) DO UPDATE SET organization = "
      "excluded.organization, contact = excluded.contact, email = excluded.email, dataset_id = "
      "excluded.dataset_id");
  for (const EnterpriseNumber& entry : numbers)
    insert.bind(1, entry.number)
        .bind(2, entry.organization)
        .bind(3, entry.contact)
        .bind(4, entry.email)
        .bind(5, dataset)
        .run();
  transaction.commit();
}

std::vector<MacBlock> imported_mac_blocks(const Database& database) {
  std::vector<MacBlock> blocks;
  Statement query(database, "SELECT bits, prefix, registry, organization FROM mac_blocks");
  while (query.step())
    blocks.push_back(
        {static_cast<int>(query.integer(0)), query.text(1), query.text(2), query.text(3), {}});
  return blocks;
}

std::vector<EnterpriseNumber> imported_enterprise_numbers(const Database& database) {
  std::vector<EnterpriseNumber> numbers;
  Statement query(database, "SELECT number, organization FROM enterprise_numbers");
  while (query.step()) numbers.push_back({query.integer(0), query.text(1), {}, {}});
  return numbers;
}

}  // namespace kensa::riskdb
