#pragma once
// The coverage section every export carries, as one table of rows that
// the CSV, XLSX and HTML writers lay out alike: each target of the sweep
// with its outcome, each device known before that the sweep did not
// re-check, each judging dataset that was not loaded.
//
// Contract: rows come targets first (in the order the sweep recorded
// them), then devices not re-checked (by id), then missing datasets;
// `columns` names the fields of every row, in order. Values are device or
// feed strings as stored: each writer escapes them for its format.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "riskdb/sweep_export.hpp"

namespace kensa::cli {

// record: "target", "not_rechecked" or "dataset_missing".
[[nodiscard]] const std::vector<std::string>& coverage_columns();
[[nodiscard]] std::vector<std::vector<std::optional<std::string>>> coverage_rows(
    const riskdb::ExportContext& context);
// One target, one device not re-checked, as JSON objects.
[[nodiscard]] nlohmann::json target_outcome_json(const riskdb::TargetOutcome& target);
[[nodiscard]] nlohmann::json not_rechecked_json(const riskdb::NotRechecked& device);
// The same as structured JSON: {outcomes, targets, not_rechecked, datasets_missing}.
[[nodiscard]] nlohmann::json coverage_json(const riskdb::ExportContext& context);

}  // namespace kensa::cli
