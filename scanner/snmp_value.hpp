#pragma once
// One variable binding as an agent returned it, decoded into plain C++
// values that no longer depend on net-snmp.
//
// Contract: octets hold the raw bytes of OCTET STRING, IpAddress and Opaque
// values (untrusted; maybe not UTF-8); number holds INTEGER (as a signed
// value), Counter32, Gauge32, TimeTicks and Counter64; oid holds OBJECT
// IDENTIFIER values. The three exception types carry no value.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/oid.hpp"

namespace kensa::scanner {

enum class ValueType : std::uint8_t {
  integer,
  octet_string,
  null,
  object_id,
  ip_address,
  counter32,
  gauge32,
  timeticks,
  opaque,
  counter64,
  no_such_object,
  no_such_instance,
  end_of_mib_view,
};

struct SnmpValue {
  ValueType type = ValueType::null;
  std::int64_t number = 0;  // counter64 values above 2^63-1 are stored modulo 2^64
  std::string octets;
  Oid oid;

  [[nodiscard]] bool is_exception() const {
    return type == ValueType::no_such_object || type == ValueType::no_such_instance ||
           type == ValueType::end_of_mib_view;
  }
  // Counter64 and the unsigned 32-bit types, as unsigned.
  [[nodiscard]] std::uint64_t unsigned_number() const { return static_cast<std::uint64_t>(number); }
};

struct VarBind {
  Oid oid;
  SnmpValue value;
};

// "INTEGER", "OCTET STRING", "Counter64", "endOfMibView", ...
std::string_view to_string(ValueType type);

}  // namespace kensa::scanner
