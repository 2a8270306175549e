#include "cli/device_json.hpp"

namespace kensa::cli {
namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  if (!value) return nullptr;
  return *value;
}

}  // namespace

nlohmann::json device_json(const scanner::Device& device) {
  nlohmann::json modules = nlohmann::json::array();
  for (const auto& module : device.modules)
    modules.push_back({{"index", module.index},
                       {"contained_in", module.contained_in},
                       {"class", module.class_name},
                       {"description", or_null(module.description)},
                       {"name", or_null(module.name)},
                       {"model", or_null(module.model)},
                       {"serial", or_null(module.serial)},
                       {"firmware", or_null(module.firmware)},
                       {"software", or_null(module.software)},
                       {"hardware_revision", or_null(module.hardware_revision)},
                       {"manufacturer", or_null(module.manufacturer)},
                       {"field_replaceable", or_null(module.field_replaceable)}});
  nlohmann::json neighbors = nlohmann::json::array();
  for (const auto& neighbor : device.neighbors) {
    nlohmann::json addresses = nlohmann::json::array();
    for (const auto& address : neighbor.management_addresses)
      addresses.push_back({{"family", address.family}, {"address", address.address}});
    neighbors.push_back({{"protocol", neighbor.protocol},
                         {"local_port", or_null(neighbor.local_port)},
                         {"chassis_id", or_null(neighbor.chassis_id)},
                         {"chassis_id_subtype", neighbor.chassis_id_subtype},
                         {"port_id", or_null(neighbor.port_id)},
                         {"port_id_subtype", neighbor.port_id_subtype},
                         {"port_description", or_null(neighbor.port_description)},
                         {"system_name", or_null(neighbor.system_name)},
                         {"system_description", or_null(neighbor.system_description)},
                         {"platform", or_null(neighbor.platform)},
                         {"management_addresses", std::move(addresses)},
                         {"vendor", or_null(neighbor.vendor)}});
  }
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& item : device.evidence)
    evidence.push_back({{"field", item.field},
                        {"value", item.value},
                        {"source", item.source},
                        {"observed", item.observed},
                        {"rule", item.rule}});
  return {{"source", device.source},
          {"sys_descr", or_null(device.sys_descr)},
          {"sys_object_id", or_null(device.sys_object_id)},
          {"sys_name", or_null(device.sys_name)},
          {"engine_id", or_null(device.engine_id)},
          {"enterprise", or_null(device.enterprise)},
          {"vendor", or_null(device.vendor)},
          {"os", or_null(device.os)},
          {"model", or_null(device.model)},
          {"firmware", or_null(device.firmware)},
          {"serial", or_null(device.serial)},
          {"modules", std::move(modules)},
          {"neighbors", std::move(neighbors)},
          {"evidence", std::move(evidence)}};
}

}  // namespace kensa::cli
