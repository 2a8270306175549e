#include "cli/value_format.hpp"

#include "cli/untrusted_text.hpp"

namespace kensa::cli {
namespace {

using scanner::SnmpValue;
using scanner::ValueType;

std::string dotted_ip(const std::string& octets) {
  std::string text;
  for (std::size_t i = 0; i < octets.size(); ++i) {
    if (i > 0) text.push_back('.');
    text += std::to_string(static_cast<unsigned char>(octets[i]));
  }
  return text;
}

bool is_text(const std::string& octets) {
  if (!is_valid_utf8(octets)) return false;
  for (const char c : octets) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

std::string value_for_terminal(const SnmpValue& value) {
  const std::string type(scanner::to_string(value.type));
  switch (value.type) {
    case ValueType::octet_string:
    case ValueType::opaque:
      if (is_text(value.octets)) return type + ": \"" + escape_for_terminal(value.octets) + "\"";
      return type + " (hex): " + hex_octets(value.octets);
    case ValueType::ip_address:
      return type + ": " +
             (value.octets.size() == 4 ? dotted_ip(value.octets) : hex_octets(value.octets));
    case ValueType::object_id: return type + ": " + scanner::to_string(value.oid);
    case ValueType::integer: return type + ": " + std::to_string(value.number);
    case ValueType::counter32:
    case ValueType::gauge32:
    case ValueType::timeticks:
    case ValueType::counter64: return type + ": " + std::to_string(value.unsigned_number());
    case ValueType::null:
    case ValueType::no_such_object:
    case ValueType::no_such_instance:
    case ValueType::end_of_mib_view: return type;
  }
  return type;
}

nlohmann::json value_to_json(const SnmpValue& value) {
  switch (value.type) {
    case ValueType::octet_string:
    case ValueType::opaque:
      if (is_valid_utf8(value.octets)) return value.octets;
      return nlohmann::json{{"hex", hex_octets(value.octets)}};
    case ValueType::ip_address:
      if (value.octets.size() == 4) return dotted_ip(value.octets);
      return nlohmann::json{{"hex", hex_octets(value.octets)}};
    case ValueType::object_id: return scanner::to_string(value.oid);
    case ValueType::integer: return value.number;
    case ValueType::counter32:
    case ValueType::gauge32:
    case ValueType::timeticks:
    case ValueType::counter64: return value.unsigned_number();
    case ValueType::null:
    case ValueType::no_such_object:
    case ValueType::no_such_instance:
    case ValueType::end_of_mib_view: return nullptr;
  }
  return nullptr;
}

}  // namespace kensa::cli
