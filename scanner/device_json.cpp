#include "scanner/device_json.hpp"

namespace kensa::scanner {
namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  if (!value) return nullptr;
  return *value;
}

template <typename T>
std::optional<T> optional_field(const nlohmann::json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return std::nullopt;
  return found->get<T>();
}

std::string text_field(const nlohmann::json& object, const char* key) {
  return optional_field<std::string>(object, key).value_or("");
}

}  // namespace

nlohmann::json device_json(const Device& device) {
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
          {"sys_location", or_null(device.sys_location)},
          {"engine_id", or_null(device.engine_id)},
          {"enterprise", or_null(device.enterprise)},
          {"vendor", or_null(device.vendor)},
          {"os", or_null(device.os)},
          {"model", or_null(device.model)},
          {"firmware", or_null(device.firmware)},
          {"serial", or_null(device.serial)},
          {"chassis_mac", or_null(device.chassis_mac)},
          {"modules", std::move(modules)},
          {"neighbors", std::move(neighbors)},
          {"evidence", std::move(evidence)}};
}



Device device_from_json(const nlohmann::json& record) {
  Device device;
  device.source = text_field(record, "source");
  device.sys_descr = optional_field<std::string>(record, "sys_descr");
  device.sys_object_id = optional_field<std::string>(record, "sys_object_id");
  device.sys_name = optional_field<std::string>(record, "sys_name");
  device.sys_location = optional_field<std::string>(record, "sys_location");
  device.engine_id = optional_field<std::string>(record, "engine_id");
  device.enterprise = optional_field<std::uint32_t>(record, "enterprise");
  device.vendor = optional_field<std::string>(record, "vendor");
  device.os = optional_field<std::string>(record, "os");
  device.model = optional_field<std::string>(record, "model");
  device.firmware = optional_field<std::string>(record, "firmware");
  device.serial = optional_field<std::string>(record, "serial");
  device.chassis_mac = optional_field<std::string>(record, "chassis_mac");
  for (const auto& item : record.value("modules", nlohmann::json::array())) {
    Module module;
    module.index = item.value("index", 0U);
    module.contained_in = item.value("contained_in", 0U);
    module.class_name = text_field(item, "class");
    module.description = optional_field<std::string>(item, "description");
    module.name = optional_field<std::string>(item, "name");
    module.model = optional_field<std::string>(item, "model");
    module.serial = optional_field<std::string>(item, "serial");
    module.firmware = optional_field<std::string>(item, "firmware");
    module.software = optional_field<std::string>(item, "software");
    module.hardware_revision = optional_field<std::string>(item, "hardware_revision");
    module.manufacturer = optional_field<std::string>(item, "manufacturer");
    module.field_replaceable = optional_field<bool>(item, "field_replaceable");
    device.modules.push_back(std::move(module));
  }
  for (const auto& item : record.value("neighbors", nlohmann::json::array())) {
    Neighbor neighbor;
    neighbor.protocol = text_field(item, "protocol");
    neighbor.local_port = optional_field<std::string>(item, "local_port");
    neighbor.chassis_id = optional_field<std::string>(item, "chassis_id");
    neighbor.chassis_id_subtype = text_field(item, "chassis_id_subtype");
    neighbor.port_id = optional_field<std::string>(item, "port_id");
    neighbor.port_id_subtype = text_field(item, "port_id_subtype");
    neighbor.port_description = optional_field<std::string>(item, "port_description");
    neighbor.system_name = optional_field<std::string>(item, "system_name");
    neighbor.system_description = optional_field<std::string>(item, "system_description");
    neighbor.platform = optional_field<std::string>(item, "platform");
    neighbor.vendor = optional_field<std::string>(item, "vendor");
    for (const auto& address : item.value("management_addresses", nlohmann::json::array()))
      neighbor.management_addresses.push_back(
          {text_field(address, "family"), text_field(address, "address")});
    device.neighbors.push_back(std::move(neighbor));
  }
  for (const auto& item : record.value("evidence", nlohmann::json::array()))
    device.evidence.push_back({text_field(item, "field"), text_field(item, "value"),
                               text_field(item, "source"), text_field(item, "observed"),
                               text_field(item, "rule")});
  return device;
}

}  // namespace kensa::scanner
