#include <array>
#include <map>

#include "scanner/collectors.hpp"

namespace kensa::scanner {
namespace {

const Oid physical_entry{1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1};

std::string class_name(int physical_class) {
  static constexpr std::array<const char*, 13> names{
      "",    "other",  "unknown", "chassis", "backplane", "container", "powerSupply",
      "fan", "sensor", "module",  "port",    "stack",     "cpu"};
  if (physical_class >= 1 && physical_class <= 12)
    return names[static_cast<std::size_t>(physical_class)];
  return "unknown";
}

// Empty strings and the placeholders some agents fill columns with are "not known".
std::optional<std::string> known_text(const SnmpValue& value) {
  if (value.type != ValueType::octet_string) return std::nullopt;
  std::string text = value.octets;
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  std::size_t first = text.find_first_not_of(' ');
  if (first == std::string::npos) return std::nullopt;
  text = text.substr(first);
  return text;
}

}  // namespace

void collect_entities(const SnmpSource& source, Device& device) {
  std::map<std::uint32_t, Module> by_index;
  for (const VarBind& row : source.walk(physical_entry)) {
    if (row.oid.size() != physical_entry.size() + 2) continue;
    const std::uint32_t column = row.oid[physical_entry.size()];
    const std::uint32_t index = row.oid.back();
    Module& module = by_index[index];
    module.index = index;
    const SnmpValue& value = row.value;
    switch (column) {
      case 2: module.description = known_text(value); break;
      case 3:
        if (value.type == ValueType::object_id) module.vendor_type = to_string(value.oid);
        break;
      case 4:
        if (value.type == ValueType::integer && value.number >= 0)
          module.contained_in = static_cast<std::uint32_t>(value.number);
        break;
      case 5:
        if (value.type == ValueType::integer) {
          module.physical_class = static_cast<int>(value.number);
          module.class_name = class_name(module.physical_class);
        }
        break;
      case 7: module.name = known_text(value); break;
      case 8: module.hardware_revision = known_text(value); break;
      case 9: module.firmware = known_text(value); break;
      case 10: module.software = known_text(value); break;
      case 11: module.serial = known_text(value); break;
      case 12: module.manufacturer = known_text(value); break;
      case 13: module.model = known_text(value); break;
      case 16:
        if (value.type == ValueType::integer) module.field_replaceable = value.number == 1;
        break;
      default: break;
    }
  }
  for (auto& [index, module] : by_index) {
    if (module.class_name.empty()) module.class_name = "unknown";
    device.modules.push_back(std::move(module));
  }
}

}  // namespace kensa::scanner
