#pragma once
// One sweep as exports need it: every device the sweep observed with its
// modules, findings and evidence, the software profiles whose
// vulnerabilities devices share, and the provenance of the datasets the
// judgement used. Formats are the caller's business.
//
// Contract:
// - load_export_context throws std::invalid_argument when the sweep does
//   not exist or has not been judged (its findings would be missing).
// - The datasets are those in force when the sweep was judged: the newest
//   load of each kind at or before judged_at.
// - visit_export_devices calls `visit` once per observed device that passes
//   the filter, in device id order, without holding them all; findings
//   about the device and its modules come with it, vulnerabilities of its
//   software profile do not (see visit_export_profiles). Filters compare
//   with the sweep's observation: vendor case-insensitively, model and
//   firmware as case-insensitive globs, screening status exactly, subnet
//   (CIDR) against the address it was observed on, min_risk against the
//   judged risk. A malformed subnet throws std::invalid_argument.
// - visit_export_profiles calls `visit` for each software profile used by
//   at least one device of the sweep, in id order, with all its findings.
// Output is deterministic: the same database gives the same calls in the
// same order.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/dataset_coverage.hpp"
#include "riskdb/datasets.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/sweep_targets.hpp"

namespace kensa::riskdb {

struct ExportFinding {
  std::optional<std::int64_t> module_index;
  std::string kind, severity, reference, reason;
  std::string evidence_json = "[]";
  std::optional<std::int64_t> dataset_id;
};

struct ExportModule {
  std::int64_t index = 0, contained_in = 0;
  std::string class_name;
  std::optional<std::string> name, description, model, serial, firmware, software,
      hardware_revision, manufacturer, screening_status;
};

struct ExportDevice {
  std::int64_t device_id = 0;
  std::string identity_kind, identity_key;
  std::string observed_at, first_seen_at, last_seen_at;
  std::int64_t first_sweep_id = 0;
  bool neighbor_only = false;
  std::optional<std::string> address, vendor, os, model, firmware, serial, chassis_mac, sys_name,
      sys_descr, sys_object_id, location, screening_status, risk;
  std::optional<std::string> site;  // of the sweep that observed it
  std::optional<std::int64_t> profile_id;
  std::vector<ExportModule> modules;
  std::vector<ExportFinding> findings;  // about the device and its modules
  std::string evidence_json = "[]";     // where each identified field came from
};

struct ExportProfile {
  std::int64_t id = 0;
  std::vector<std::string> cpes;
  std::vector<std::string> undetermined;  // CVE ids that could not be decided
  std::vector<ExportFinding> findings;
};

struct ExportContext {
  Sweep sweep;
  std::vector<Dataset> datasets;  // in force when the sweep was judged
  // What the sweep did not cover: every target with its outcome, the
  // devices known before that it did not observe, the judging datasets
  // not in force when it was judged.
  std::vector<TargetOutcome> targets;
  std::vector<NotRechecked> not_rechecked;
  std::vector<MissingDataset> datasets_missing;
};

[[nodiscard]] ExportContext load_export_context(const Database& database, std::int64_t sweep_id);

// With details false, devices come without modules, findings or evidence
// (a cheap pass for counting).
std::size_t visit_export_devices(const Database& database, std::int64_t sweep_id,
                                 const InventoryFilter& filter,
                                 const std::function<void(const ExportDevice&)>& visit,
                                 bool details = true);

std::size_t visit_export_profiles(const Database& database, std::int64_t sweep_id,
                                  const std::function<void(const ExportProfile&)>& visit);

}  // namespace kensa::riskdb
