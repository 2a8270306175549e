#include "scanner/mac_address.hpp"

namespace kensa::scanner {

std::string format_mac(std::string_view octets) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < octets.size(); ++i) {
    if (i > 0) text.push_back(':');
    const auto octet = static_cast<unsigned char>(octets[i]);
    text.push_back(digits[octet >> 4U]);
    text.push_back(digits[octet & 0x0FU]);
  }
  return text;
}

}  // namespace kensa::scanner
