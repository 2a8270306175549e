#include "scanner/device_json.hpp"

namespace kensa::scanner {
namespace {

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

nlohmann::json device_json(const Device& device, Unknowns unknowns) {
  const bool keep_unknown = unknowns == Unknowns::as_null;
  // Sets key to the value, or to null (or leaves it out) when unknown.
  const auto put = [keep_unknown](nlohmann::json& object, const char* key, const auto& value) {
    if (value)
      object[key] = *value;
    else if (keep_unknown)
      object[key] = nullptr;
  };
  const auto put_list = [keep_unknown](nlohmann::json& object, const char* key,
                                       nlohmann::json list) {
    if (keep_unknown || !list.empty()) object[key] = std::move(list);
  };
  nlohmann::json modules = nlohmann::json::array();
  for (const auto& module : device.modules) {
    nlohmann::json item{{"index", module.index},
                        {"contained_in", module.contained_in},
                        {"class", module.class_name}};
    put(item, "description", module.description);
    put(item, "name", module.name);
    put(item, "model", module.model);
    put(item, "serial", module.serial);
    put(item, "firmware", module.firmware);
    put(item, "software", module.software);
    put(item, "hardware_revision", module.hardware_revision);
    put(item, "manufacturer", module.manufacturer);
    put(item, "field_replaceable", module.field_replaceable);
    modules.push_back(std::move(item));
  }
  nlohmann::json neighbors = nlohmann::json::array();
  for (const auto& neighbor : device.neighbors) {
    nlohmann::json addresses = nlohmann::json::array();
    for (const auto& address : neighbor.management_addresses)
      addresses.push_back({{"family", address.family}, {"address", address.address}});
    nlohmann::json item{{"protocol", neighbor.protocol}};
    put(item, "local_port", neighbor.local_port);
    put(item, "chassis_id", neighbor.chassis_id);
    item["chassis_id_subtype"] = neighbor.chassis_id_subtype;
    put(item, "port_id", neighbor.port_id);
    item["port_id_subtype"] = neighbor.port_id_subtype;
    put(item, "port_description", neighbor.port_description);
    put(item, "system_name", neighbor.system_name);
    put(item, "system_description", neighbor.system_description);
    put(item, "platform", neighbor.platform);
    item["management_addresses"] = std::move(addresses);
    put(item, "vendor", neighbor.vendor);
    put(item, "os", neighbor.os);
    put(item, "model", neighbor.model);
    put(item, "firmware", neighbor.firmware);
    neighbors.push_back(std::move(item));
  }
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& item : device.evidence)
    evidence.push_back({{"field", item.field},
                        {"value", item.value},
                        {"source", item.source},
                        {"observed", item.observed},
                        {"rule", item.rule}});
  nlohmann::json record{{"source", device.source}};
  put(record, "sys_descr", device.sys_descr);
  put(record, "sys_object_id", device.sys_object_id);
  put(record, "sys_name", device.sys_name);
  put(record, "sys_location", device.sys_location);
  put(record, "engine_id", device.engine_id);
  put(record, "enterprise", device.enterprise);
  put(record, "vendor", device.vendor);
  put(record, "os", device.os);
  put(record, "model", device.model);
  put(record, "firmware", device.firmware);
  put(record, "serial", device.serial);
  put(record, "chassis_mac", device.chassis_mac);
  put_list(record, "modules", std::move(modules));
  put_list(record, "neighbors", std::move(neighbors));
  put_list(record, "evidence", std::move(evidence));
  return record;
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
    neighbor.os = optional_field<std::string>(item, "os");
    neighbor.model = optional_field<std::string>(item, "model");
    neighbor.firmware = optional_field<std::string>(item, "firmware");
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
