#include "cli/recorded_command_line.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "riskdb/database.hpp"

namespace kensa::cli {

namespace {

constexpr std::string_view redacted = "<redacted>";

bool names_a_secret(std::string_view option) {
  static constexpr std::array<std::string_view, 7> words{
      "community", "pass", "secret", "token", "auth-key", "priv-key", "credential"};
  std::string lower(option);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view word) { return lower.find(word) != std::string::npos; });
}

}  // namespace

std::vector<std::string> recorded_command_line(int argc, const char* const* argv) {
  std::vector<std::string> recorded;
  bool next_is_secret = false;
  for (int i = 0; i < argc; ++i) {
    std::string argument = argv[i] == nullptr ? "" : argv[i];
    if (next_is_secret) {
      next_is_secret = false;
      recorded.emplace_back(redacted);
      continue;
    }
    if (argument.rfind("--", 0) == 0 && argument.size() > 2) {
      const auto equals = argument.find('=');
      const std::string_view name = std::string_view(argument).substr(2, equals - 2);
      if (names_a_secret(name)) {
        if (equals == std::string::npos)
          next_is_secret = true;
        else
          argument = argument.substr(0, equals + 1) + std::string(redacted);
      }
    }
    recorded.push_back(riskdb::without_url_password(std::move(argument), redacted));
  }
  return recorded;
}

}  // namespace kensa::cli
