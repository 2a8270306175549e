#include "scanner/collectors.hpp"

namespace kensa::scanner {
namespace {

std::optional<std::string> text_at(const SnmpSource& source, std::uint32_t column) {
  const auto value = source.get(Oid{1, 3, 6, 1, 2, 1, 1, column, 0});
  if (!value || value->type != ValueType::octet_string) return std::nullopt;
  return value->octets;
}

}  // namespace

void collect_system(const SnmpSource& source, Device& device) {
  device.sys_descr = text_at(source, 1);
  if (const auto id = source.get(Oid{1, 3, 6, 1, 2, 1, 1, 2, 0})) {
    // Some agents send sysObjectID as an OCTET STRING holding the dotted OID.
    const auto oid = id->type == ValueType::object_id      ? std::optional<Oid>(id->oid)
                     : id->type == ValueType::octet_string ? parse_oid(id->octets)
                                                           : std::nullopt;
    if (oid) {
      device.sys_object_id = to_string(*oid);
      if (oid->size() > 6 && oid_starts_with(*oid, Oid{1, 3, 6, 1, 4, 1}))
        device.enterprise = (*oid)[6];
    }
  }
  if (const auto uptime = source.get(Oid{1, 3, 6, 1, 2, 1, 1, 3, 0});
      uptime && uptime->type == ValueType::timeticks)
    device.sys_uptime = static_cast<std::uint32_t>(uptime->unsigned_number());
  device.sys_contact = text_at(source, 4);
  device.sys_name = text_at(source, 5);
  device.sys_location = text_at(source, 6);
}

}  // namespace kensa::scanner
