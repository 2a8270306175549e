#include "scanner/collectors.hpp"

namespace kensa::scanner {

void collect_engine_id(const SnmpSource& source, Device& device) {
  const auto value = source.get(Oid{1, 3, 6, 1, 6, 3, 10, 2, 1, 1, 0});
  if (!value || value->type != ValueType::octet_string || value->octets.size() < 5) return;
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  for (const char c : value->octets) {
    hex.push_back(digits[static_cast<unsigned char>(c) >> 4U]);
    hex.push_back(digits[static_cast<unsigned char>(c) & 0x0FU]);
  }
  device.engine_id = hex;
}

}  // namespace kensa::scanner
