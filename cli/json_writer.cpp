#include "cli/json_writer.hpp"

#include <array>
#include <cstdio>

#include "cli/untrusted_text.hpp"

namespace kensa::cli {
namespace {

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
      length = utf8_character_length(text);
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
