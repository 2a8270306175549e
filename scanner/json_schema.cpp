#include "scanner/json_schema.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <stdexcept>

namespace kensa::scanner {
namespace {

class Validator {
 public:
  Validator(const nlohmann::json& root, std::string where)
      : root_(root), where_(std::move(where)) {}

  void check(const nlohmann::json& value, const nlohmann::json& schema,
             const std::string& pointer) {
    for (const auto& [keyword, argument] : schema.items()) {
      if (keyword == "$ref") {
        check(value, resolved(argument.get<std::string>()), pointer);
      } else if (keyword == "type") {
        check_type(value, argument, pointer);
      } else if (keyword == "enum") {
        if (std::find(argument.begin(), argument.end(), value) == argument.end())
          fail(pointer, "must be one of " + argument.dump() + ", not " + shown(value));
      } else if (keyword == "required") {
        if (!value.is_object()) continue;
        for (const auto& name : argument)
          if (!value.contains(name.get<std::string>()))
            fail(pointer, "missing key '" + name.get<std::string>() + "'");
      } else if (keyword == "properties") {
        if (!value.is_object()) continue;
        for (const auto& [name, item] : value.items())
          if (argument.contains(name)) check(item, argument[name], pointer + "/" + name);
      } else if (keyword == "additionalProperties") {
        if (!value.is_object() || argument != false) continue;
        const auto& known =
            schema.contains("properties") ? schema["properties"] : nlohmann::json::object();
        for (const auto& [name, item] : value.items())
          if (!known.contains(name)) fail(pointer, "unknown key '" + name + "'");
      } else if (keyword == "items") {
        if (!value.is_array()) continue;
        for (std::size_t i = 0; i < value.size(); ++i)
          check(value[i], argument, pointer + "/" + std::to_string(i));
      } else if (keyword == "minimum") {
        if (value.is_number() && value.get<double>() < argument.get<double>())
          fail(pointer, "must be at least " + argument.dump());
      } else if (keyword == "minLength") {
        if (value.is_string() && value.get<std::string>().size() < argument.get<std::size_t>())
          fail(pointer, "must be at least " + argument.dump() + " characters long");
      } else if (keyword == "pattern") {
        if (value.is_string() &&
            !RE2::PartialMatch(value.get<std::string>(), RE2(argument.get<std::string>())))
          fail(pointer, "does not have the form " + argument.dump() + ": " + shown(value));
      } else if (keyword != "$schema" && keyword != "title" && keyword != "$defs" &&
                 keyword != "description") {
        throw std::runtime_error(where_ + ": schema keyword '" + keyword + "' is not supported");
      }
    }
  }

 private:
  const nlohmann::json& resolved(const std::string& reference) const {
    const std::string prefix = "#/$defs/";
    if (!reference.starts_with(prefix) || !root_.contains("$defs") ||
        !root_["$defs"].contains(reference.substr(prefix.size())))
      throw std::runtime_error(where_ + ": schema reference '" + reference + "' is not defined");
    return root_["$defs"][reference.substr(prefix.size())];
  }

  void check_type(const nlohmann::json& value, const nlohmann::json& type,
                  const std::string& pointer) const {
    const std::string name = type.get<std::string>();
    const bool ok =
        (name == "object" && value.is_object()) || (name == "array" && value.is_array()) ||
        (name == "string" && value.is_string()) || (name == "boolean" && value.is_boolean()) ||
        (name == "integer" && value.is_number_integer()) ||
        (name == "number" && value.is_number()) || (name == "null" && value.is_null());
    const bool vowel = name == "integer" || name == "array" || name == "object";
    if (!ok)
      fail(pointer,
           std::string("must be ") + (vowel ? "an " : "a ") + name + ", not " + shown(value));
  }

  static std::string shown(const nlohmann::json& value) {
    std::string text = value.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
  }

  [[noreturn]] void fail(const std::string& pointer, const std::string& what) const {
    throw std::runtime_error(where_ + ": " + (pointer.empty() ? "/" : pointer) + ": " + what);
  }

  const nlohmann::json& root_;
  std::string where_;
};

}  // namespace

void validate(const nlohmann::json& document, const nlohmann::json& schema,
              const std::string& where) {
  Validator(schema, where).check(document, schema, "");
}

}  // namespace kensa::scanner
