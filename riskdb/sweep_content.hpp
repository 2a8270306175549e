#pragma once
// One sweep as it travels between inventories: from a site's own database
// to the central one (kensa push), or in a bundle across an air gap (kensa
// export --format bundle, kensa ingest).
//
// Contract:
// - read_sweep_content reads a complete sweep as JSON (schema
//   "kensa-sweep", version 1): its row, every device it observed (the stored
//   record, address, time, neighbour-only), every target's outcome, and the
//   judgements made where the sweep was made (for a received sweep: those
//   its site sent), with the findings of the latest. Throws DatabaseError
//   for a sweep that is missing, not complete, or has no site and none is
//   given.
// - evidence_sha256 is the SHA-256 of what the sweep observed (row, devices,
//   targets), the same wherever the sweep is read; judgements are left out
//   of it because a site may judge again.
// - check_sweep_content throws SweepContentError naming the first member
//   that is missing or of the wrong type.
// - store_sweep_content writes a checked content in one transaction: a
//   complete sweep with the same uid, marked received, its devices filed by
//   this inventory's identities (a device moved between sites is one
//   device) on every address they answered on (their answered targets),
//   its site's judgements kept beside this inventory's own. Before
//   committing it reads the sweep back and compares evidence digests. A
//   uid held already with the same digest is not written again (only site
//   judgements not held yet are added); with another digest, or a site
//   other than the held one, SweepContentError.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/sweep_judgement.hpp"

namespace kensa::riskdb {

class SweepContentError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// site_if_none: the site of a sweep that was made without naming one.
[[nodiscard]] nlohmann::json read_sweep_content(
    const Database& database, std::int64_t sweep_id,
    const std::optional<std::string>& site_if_none = std::nullopt);

[[nodiscard]] std::string evidence_sha256(const nlohmann::json& content);

void check_sweep_content(const nlohmann::json& content);

struct StoredSweep {
  std::int64_t sweep_id = 0;  // in the receiving inventory
  bool already_held = false;
  std::int64_t devices = 0;
  std::int64_t judgements_added = 0;
};

StoredSweep store_sweep_content(Database& database, const nlohmann::json& content);

}  // namespace kensa::riskdb
