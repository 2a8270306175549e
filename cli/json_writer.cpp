#include "cli/json_writer.hpp"

#include <array>
#include <cstdio>

namespace kensa::cli {
namespace {

// Length of the well-formed UTF-8 character at the start of `text`, or 0.
std::size_t utf8_length(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  std::uint32_t code = 0, smallest = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2, code = lead & 0x1FU, smallest = 0x80;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3, code = lead & 0x0FU, smallest = 0x800;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4, code = lead & 0x07U, smallest = 0x10000;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0U) != 0x80U) return 0;
    code = (code << 6U) | (byte(i) & 0x3FU);
  }
  if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

void unicode_escape(std::string& out, unsigned code) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "\\u%04x", code);
  out += text.data();
}

}  // namespace

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (!first_.back()) out_ += ',';
  first_.back() = false;
}

JsonWriter& JsonWriter::begin_object() {
  separate();
  out_ += '{';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_ += '}';
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  separate();
  out_ += '[';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_ += ']';
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  string(name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  separate();
  out_ += '"';
  while (!text.empty()) {
    const unsigned char c = static_cast<unsigned char>(text[0]);
    std::size_t length = 1;
    if (c == '"') {
      out_ += "\\\"";
    } else if (c == '\\') {
      out_ += "\\\\";
    } else if (c == '\n') {
      out_ += "\\n";
    } else if (c == '\r') {
      out_ += "\\r";
    } else if (c == '\t') {
      out_ += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      unicode_escape(out_, c);
    } else if (script_safe_ && (c == '<' || c == '>' || c == '&')) {
      unicode_escape(out_, c);
    } else if (c < 0x80) {
      out_ += static_cast<char>(c);
    } else {
      length = utf8_length(text);
      if (length == 0) {
        out_ += "\xEF\xBF\xBD";  // U+FFFD for the invalid byte
        length = 1;
      } else if (script_safe_ && length == 3 && text[0] == '\xE2' && text[1] == '\x80' &&
                 (text[2] == '\xA8' || text[2] == '\xA9')) {
        unicode_escape(out_, text[2] == '\xA8' ? 0x2028U : 0x2029U);
      } else {
        out_.append(text.substr(0, length));
      }
    }
    text.remove_prefix(length);
  }
  out_ += '"';
  return *this;
}

JsonWriter& JsonWriter::optional_string(const std::optional<std::string>& text) {
  return text ? string(std::string_view(*text)) : null();
}

JsonWriter& JsonWriter::number(std::int64_t value) {
  separate();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  separate();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_.append(json);
  return *this;
}

}  // namespace kensa::cli
