#pragma once
// The public registries that name makers: IEEE MAC address blocks and IANA
// private enterprise numbers, as loaded into the database with provenance.
//
// Contract: each replace_* call is one transaction that replaces the whole
// registry and records its dataset; a failure changes nothing. The readers
// return what the last import left, empty when nothing was imported (then
// identification reads Debian's copies of the registries).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/datasets.hpp"

namespace kensa::riskdb {

struct MacBlock {
  int bits = 24;       // 24 (MA-L, OUI), 28 (MA-M), 36 (MA-S, IAB)
  std::string prefix;  // upper-case hex
  std::string registry;
  std::string organization;
  std::optional<std::string> address;
};

struct EnterpriseNumber {
  std::int64_t number = 0;
  std::string organization;
  std::optional<std::string> contact, email;
};

void replace_mac_blocks(Database& database, const std::vector<MacBlock>& blocks,
                        Dataset provenance);
void replace_enterprise_numbers(Database& database, const std::vector<EnterpriseNumber>& numbers,
                                Dataset provenance);

[[nodiscard]] std::vector<MacBlock> imported_mac_blocks(const Database& database);
[[nodiscard]] std::vector<EnterpriseNumber> imported_enterprise_numbers(const Database& database);

}  // namespace kensa::riskdb
