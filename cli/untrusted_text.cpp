#include "cli/untrusted_text.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>

namespace kensa::cli {
namespace {

struct DecodedCharacter {
  char32_t code_point;
  std::size_t length;
};

// Decodes the UTF-8 character at the start of `text`; nullopt when the
// bytes there are not a well-formed character.
std::optional<DecodedCharacter> decode_utf8(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) return DecodedCharacter{lead, 1};
  std::size_t length = 0;
  char32_t code_point = 0;
  char32_t smallest = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2, code_point = lead & 0x1FU, smallest = 0x80;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3, code_point = lead & 0x0FU, smallest = 0x800;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4, code_point = lead & 0x07U, smallest = 0x10000;
  } else {
    return std::nullopt;
  }
  if (text.size() < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0U) != 0x80U) return std::nullopt;
    code_point = (code_point << 6U) | (byte(i) & 0x3FU);
  }
  if (code_point < smallest || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF))
    return std::nullopt;
  return DecodedCharacter{code_point, length};
}

// Characters that are invisible or that reorder the text around them.
bool is_deceptive(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) ||      // C1 controls
         (c >= 0x200B && c <= 0x200F) ||  // zero-width space/joiners, LRM, RLM
         (c >= 0x202A && c <= 0x202E) ||  // bidirectional embeddings and overrides
         (c >= 0x2066 && c <= 0x2069) ||  // bidirectional isolates
         c == 0x2028 || c == 0x2029 ||    // line and paragraph separators
         c == 0xFEFF;                     // zero-width no-break space
}

void append_byte_escape(std::string& out, std::uint8_t octet) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "\\x%02x", octet);
  out += text.data();
}

void append_code_point_escape(std::string& out, char32_t c) {
  std::array<char, 16> text{};
  std::snprintf(text.data(), text.size(), "\\u{%04x}", static_cast<unsigned>(c));
  out += text.data();
}

}  // namespace

std::size_t utf8_character_length(std::string_view octets) {
  if (octets.empty()) return 0;
  const auto decoded = decode_utf8(octets);
  return decoded ? decoded->length : 0;
}

std::string escape_for_terminal(std::string_view octets) {
  std::string out;
  out.reserve(octets.size());
  while (!octets.empty()) {
    // Plain printable ASCII, the common case, is copied a run at a time.
    std::size_t plain = 0;
    while (plain < octets.size() && octets[plain] >= 0x20 && octets[plain] < 0x7F &&
           octets[plain] != '\\')
      ++plain;
    out.append(octets.substr(0, plain));
    octets.remove_prefix(plain);
    if (octets.empty()) break;
    const auto character = decode_utf8(octets);
    if (!character) {
      append_byte_escape(out, static_cast<std::uint8_t>(octets.front()));
      octets.remove_prefix(1);
      continue;
    }
    const char32_t c = character->code_point;
    if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7F) {
      append_byte_escape(out, static_cast<std::uint8_t>(c));
    } else if (is_deceptive(c)) {
      append_code_point_escape(out, c);
    } else {
      out.append(octets.substr(0, character->length));
    }
    octets.remove_prefix(character->length);
  }
  return out;
}

bool is_valid_utf8(std::string_view octets) {
  while (!octets.empty()) {
    const auto character = decode_utf8(octets);
    if (!character) return false;
    octets.remove_prefix(character->length);
  }
  return true;
}

std::string hex_octets(std::string_view octets) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(octets.size() * 2);
  for (const char c : octets) {
    const auto octet = static_cast<std::uint8_t>(c);
    out.push_back(digits[octet >> 4U]);
    out.push_back(digits[octet & 0x0FU]);
  }
  return out;
}

}  // namespace kensa::cli
