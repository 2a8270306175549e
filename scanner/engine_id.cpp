#include "scanner/engine_id.hpp"

namespace kensa::scanner {

std::optional<std::uint32_t> engine_id_enterprise(std::string_view engine_id) {
  // RFC 3411 requires 5 to 32 octets.
  if (engine_id.size() < 5) return std::nullopt;
  std::uint32_t number = 0;
  for (std::size_t i = 0; i < 4; ++i)
    number = (number << 8U) | static_cast<std::uint8_t>(engine_id[i]);
  return number & 0x7FFFFFFFU;
}

}  // namespace kensa::scanner
