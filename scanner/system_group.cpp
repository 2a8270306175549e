#include "scanner/system_group.hpp"

#include <array>
#include <cstdio>

namespace kensa::scanner {

std::string format_uptime(std::uint32_t ticks) {
  const std::uint32_t hundredths = ticks % 100;
  std::uint32_t seconds = ticks / 100;
  const std::uint32_t days = seconds / 86400;
  seconds %= 86400;
  std::array<char, 48> text{};
  std::snprintf(text.data(), text.size(), "%ud %02u:%02u:%02u.%02u", days, seconds / 3600,
                (seconds / 60) % 60, seconds % 60, hundredths);
  return text.data();
}

}  // namespace kensa::scanner
