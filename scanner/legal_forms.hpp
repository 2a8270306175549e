#pragma once
// The legal forms that registries and system descriptions write after a
// maker's name ("Co., Ltd.", "GmbH", "S.p.A."), folded to lower case with
// the punctuation dropped: none of them names a maker.

#include <algorithm>
#include <array>
#include <string_view>

namespace kensa::scanner {

[[nodiscard]] inline bool is_legal_form(std::string_view folded_word) {
  static constexpr std::array<std::string_view, 24> forms{
      "co", "ltd", "inc",     "corp",    "corporation", "llc", "gmbh", "ag",
      "sa", "bv",  "limited", "company", "plc",         "kg",  "oy",   "ab",
      "as", "spa", "srl",     "pty",     "kk",          "nv",  "sarl", "incorporated"};
  return std::find(forms.begin(), forms.end(), folded_word) != forms.end();
}

}  // namespace kensa::scanner
