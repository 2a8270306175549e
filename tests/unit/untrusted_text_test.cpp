#include <doctest/doctest.h>

#include "cli/untrusted_text.hpp"

using namespace kensa::cli;

TEST_CASE("printable text, including non-Latin scripts, reaches the terminal unchanged") {
  CHECK(escape_for_terminal("Cisco IOS Software, C2960 15.0(2)SE11") ==
        "Cisco IOS Software, C2960 15.0(2)SE11");
  CHECK(escape_for_terminal("東京第一データセンター") == "東京第一データセンター");
}

TEST_CASE("terminal control sequences become visible escapes") {
  CHECK(escape_for_terminal("red\x1b[31malert") == "red\\x1b[31malert");
  CHECK(escape_for_terminal("line1\r\nline2\t") == "line1\\x0d\\x0aline2\\x09");
  CHECK(escape_for_terminal(std::string("nul\0byte", 8)) == "nul\\x00byte");
  CHECK(escape_for_terminal("del\x7f") == "del\\x7f");
  CHECK(escape_for_terminal("back\\slash") == "back\\\\slash");
}

TEST_CASE("characters that hide or reorder text are escaped") {
  CHECK(escape_for_terminal("abc\u202Efed") == "abc\\u{202e}fed");
  CHECK(escape_for_terminal("a\u200Bb") == "a\\u{200b}b");
  CHECK(escape_for_terminal("\u2066x\u2069") == "\\u{2066}x\\u{2069}");
  CHECK(escape_for_terminal("c1\xC2\x9B"
                            "31m") == "c1\\u{009b}31m");
}

TEST_CASE("bytes that are not UTF-8 are escaped one by one") {
  CHECK(escape_for_terminal("\xff\xfe") == "\\xff\\xfe");
  CHECK(escape_for_terminal("\xC0\xAF") == "\\xc0\\xaf");           // overlong '/'
  CHECK(escape_for_terminal("\xED\xA0\x80") == "\\xed\\xa0\\x80");  // surrogate
  CHECK(escape_for_terminal("caf\xE9") == "caf\\xe9");              // Latin-1
  CHECK(escape_for_terminal("\xE6\x9D") == "\\xe6\\x9d");           // truncated
}

TEST_CASE("UTF-8 validity and hex") {
  CHECK(is_valid_utf8("plain"));
  CHECK(is_valid_utf8("データ"));
  CHECK_FALSE(is_valid_utf8("caf\xE9"));
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK(hex_octets(std::string("\x80\x00\x1f\x88", 4)) == "80001f88");
}
