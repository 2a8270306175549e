#pragma once
// The one way kensa folds a maker's name for lookup, in identification and
// in judging alike: lowercase letters and digits, everything else dropped
// ("Hewlett-Packard", "hewlett packard" and "HEWLETT PACKARD" are one key).

#include <cctype>
#include <string>
#include <string_view>

namespace kensa::scanner {

[[nodiscard]] inline std::string vendor_name_key(std::string_view spelling) {
  std::string key;
  key.reserve(spelling.size());
  for (const char c : spelling)
    if (std::isalnum(static_cast<unsigned char>(c)))
      key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return key;
}

}  // namespace kensa::scanner
