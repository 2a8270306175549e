#pragma once
// Device-supplied strings (sysDescr, sysName, ...) are attacker-controlled
// octets. These functions make them safe for one kind of output each.
//
// Contract:
// - escape_for_terminal keeps printable UTF-8 as it is and writes everything
//   that could move the cursor, change colours, reorder text or hide
//   characters as a visible escape: control bytes and invalid UTF-8 as \xNN,
//   C1 controls, bidirectional overrides and zero-width characters as
//   \u{XXXX}, and a backslash as \\. The result is one line.
// - is_valid_utf8 rejects overlong forms, surrogates and code points past
//   U+10FFFF.
// - hex_octets writes each octet as two lowercase hex digits.
// - utf8_character_length applies is_valid_utf8's rules to one character.

#include <string>
#include <string_view>

namespace kensa::cli {

std::string escape_for_terminal(std::string_view octets);
// Length of the well-formed UTF-8 character that starts `octets`, or 0.
std::size_t utf8_character_length(std::string_view octets);
bool is_valid_utf8(std::string_view octets);
std::string hex_octets(std::string_view octets);

}  // namespace kensa::cli
