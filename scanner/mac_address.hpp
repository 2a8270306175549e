#pragma once
// MAC addresses as kensa prints them: lowercase hex pairs joined by colons.

#include <string>
#include <string_view>

namespace kensa::scanner {

std::string format_mac(std::string_view octets);

}  // namespace kensa::scanner
