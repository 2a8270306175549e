#include "scanner/snmp_value.hpp"

namespace kensa::scanner {

std::string_view to_string(ValueType type) {
  switch (type) {
    case ValueType::integer: return "INTEGER";
    case ValueType::octet_string: return "OCTET STRING";
    case ValueType::null: return "NULL";
    case ValueType::object_id: return "OBJECT IDENTIFIER";
    case ValueType::ip_address: return "IpAddress";
    case ValueType::counter32: return "Counter32";
    case ValueType::gauge32: return "Gauge32";
    case ValueType::timeticks: return "TimeTicks";
    case ValueType::opaque: return "Opaque";
    case ValueType::counter64: return "Counter64";
    case ValueType::no_such_object: return "noSuchObject";
    case ValueType::no_such_instance: return "noSuchInstance";
    case ValueType::end_of_mib_view: return "endOfMibView";
  }
  return "unknown";
}

}  // namespace kensa::scanner
