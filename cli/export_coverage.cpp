#include "cli/export_coverage.hpp"

#include <map>

namespace kensa::cli {
namespace {

nlohmann::json optional_json(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

const std::vector<std::string>& coverage_columns() {
  static const std::vector<std::string> columns{"record",
                                                "target",
                                                "outcome",
                                                "detail",
                                                "message",
                                                "credential",
                                                "device_id",
                                                "vendor",
                                                "model",
                                                "serial",
                                                "sys_name",
                                                "not_rechecked_since",
                                                "last_checked_sweep"};
  return columns;
}

std::vector<std::vector<std::optional<std::string>>> coverage_rows(
    const riskdb::ExportContext& context) {
  std::vector<std::vector<std::optional<std::string>>> rows;
  const auto id_text = [](std::optional<std::int64_t> id) -> std::optional<std::string> {
    if (!id) return std::nullopt;
    return std::to_string(*id);
  };
  for (const riskdb::TargetOutcome& target : context.targets)
    rows.push_back({"target", target.target, target.outcome, target.detail, target.message,
                    target.credential, id_text(target.device_id), std::nullopt, std::nullopt,
                    std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  for (const riskdb::NotRechecked& device : context.not_rechecked)
    rows.push_back({"not_rechecked", device.address, device.outcome_here.value_or("not a target"),
                    std::nullopt,
                    "known from sweep " + std::to_string(device.last_checked_sweep) +
                        "; this sweep did not observe it",
                    std::nullopt, std::to_string(device.device_id), device.vendor, device.model,
                    device.serial, device.sys_name, device.last_checked_at,
                    std::to_string(device.last_checked_sweep)});
  for (const riskdb::MissingDataset& dataset : context.datasets_missing)
    rows.push_back({"dataset_missing", dataset.kind, "not loaded", std::nullopt,
                    "not judged: " + dataset.leaves_out, std::nullopt, std::nullopt, std::nullopt,
                    std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  return rows;
}

nlohmann::json target_outcome_json(const riskdb::TargetOutcome& target) {
  return {{"target", target.target},
          {"outcome", target.outcome},
          {"detail", target.detail},
          {"message", target.message},
          {"credential", optional_json(target.credential)},
          {"snmp_version", optional_json(target.snmp_version)},
          {"hop", target.hop},
          {"found_via", optional_json(target.found_via)},
          {"device_id", target.device_id ? nlohmann::json(*target.device_id) : nullptr}};
}

nlohmann::json not_rechecked_json(const riskdb::NotRechecked& device) {
  return {{"device_id", device.device_id},
          {"address", optional_json(device.address)},
          {"vendor", optional_json(device.vendor)},
          {"model", optional_json(device.model)},
          {"serial", optional_json(device.serial)},
          {"firmware", optional_json(device.firmware)},
          {"sys_name", optional_json(device.sys_name)},
          {"risk", optional_json(device.risk)},
          {"screening", optional_json(device.screening_status)},
          {"last_checked_sweep", device.last_checked_sweep},
          {"not_rechecked_since", device.last_checked_at},
          {"outcome_here", optional_json(device.outcome_here)}};
}

nlohmann::json coverage_json(const riskdb::ExportContext& context) {
  std::map<std::string, std::int64_t> outcomes;
  for (const std::string_view name : riskdb::outcome_names()) outcomes[std::string(name)] = 0;
  nlohmann::json targets = nlohmann::json::array(), devices = nlohmann::json::array(),
                 missing = nlohmann::json::array();
  for (const riskdb::TargetOutcome& target : context.targets) {
    ++outcomes[target.outcome];
    targets.push_back(target_outcome_json(target));
  }
  for (const riskdb::NotRechecked& device : context.not_rechecked)
    devices.push_back(not_rechecked_json(device));
  for (const riskdb::MissingDataset& dataset : context.datasets_missing)
    missing.push_back({{"kind", dataset.kind}, {"leaves_out", dataset.leaves_out}});
  return {{"outcomes", outcomes},
          {"targets", targets},
          {"not_rechecked", devices},
          {"datasets_missing", missing}};
}

}  // namespace kensa::cli
