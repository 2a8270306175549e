#pragma once
// A streaming JSON writer for exports of hundreds of thousands of records,
// where building a document tree per record costs more than the rest of the
// export together.
//
// Contract: values are appended to `out` as they are written; the caller
// writes keys and values in a valid order (object: key, value, key, value;
// array: values), and commas are inserted. Strings are escaped as RFC 8259
// requires, with invalid UTF-8 replaced by U+FFFD (as nlohmann's
// error_handler_t::replace does). In script_safe mode, '<', '>' and '&'
// and U+2028/U+2029 are written as \u escapes too, so that the text can
// sit inside an HTML <script> element.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kensa::cli {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out, bool script_safe = false)
      : out_(out), script_safe_(script_safe) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view text);
  JsonWriter& optional_string(const std::optional<std::string>& text);  // null when absent
  JsonWriter& number(std::int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // Text that is already JSON (a value from the database), written as is.
  JsonWriter& raw(std::string_view json);

  // key + value in one call, for the common case.
  template <typename Value>
  JsonWriter& field(std::string_view name, const Value& value) {
    key(name);
    return write(value);
  }

 private:
  JsonWriter& write(std::string_view text) { return string(text); }
  JsonWriter& write(const std::string& text) { return string(std::string_view(text)); }
  JsonWriter& write(const char* text) { return string(std::string_view(text)); }
  JsonWriter& write(const std::optional<std::string>& text) { return optional_string(text); }
  JsonWriter& write(std::int64_t value) { return number(value); }
  JsonWriter& write(std::size_t value) { return number(static_cast<std::int64_t>(value)); }
  JsonWriter& write(bool value) { return boolean(value); }
  void separate();

  std::string& out_;
  bool script_safe_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace kensa::cli
