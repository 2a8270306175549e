#include "scanner/identity_objects.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <stdexcept>

namespace kensa::scanner {
namespace {

const Oid enterprises_prefix{1, 3, 6, 1, 4, 1};

std::optional<std::uint32_t> enterprise_of(const Oid& oid) {
  if (oid.size() <= enterprises_prefix.size() || !oid_starts_with(oid, enterprises_prefix))
    return std::nullopt;
  return oid[enterprises_prefix.size()];
}

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

// What agents put where they have no value.
bool names_nothing(const std::string& value, const std::string& field) {
  static constexpr std::string_view placeholders[]{
      "n/a",         "na",      "none",  "unknown",        "not available", "not supported",
      "unsupported", "-",       "--",    "null",           "default",       "undefined",
      "not set",     "notset",  "tbd",   "not specified",  "unspecified",   "not applicable",
      "empty",       "invalid", "error", "no such object", "serialno",      "serial number",
      "serial",      "model"};
  const std::string folded = lower(value);
  if (std::find(std::begin(placeholders), std::end(placeholders), folded) != std::end(placeholders))
    return true;
  if (std::none_of(value.begin(), value.end(), [](unsigned char c) { return std::isalnum(c); }))
    return true;
  // All zeros, all F or all 9: a blank EEPROM or a filler.
  if (value.find_first_not_of("0. ") == std::string::npos ||
      folded.find_first_not_of("f") == std::string::npos ||
      (field == "serial" && value.size() > 3 && value.find_first_not_of('9') == std::string::npos))
    return true;
  if (field == "firmware")
    return value.size() > 128 || std::none_of(value.begin(), value.end(),
                                              [](unsigned char c) { return std::isdigit(c); });
  return value.size() > 64 || (field == "serial" && value.size() < 3);
}

std::optional<std::string> printable_text(const SnmpValue& value) {
  if (value.type != ValueType::octet_string) return std::nullopt;
  // Up to the first control character: padding, a second line or a dump.
  std::string text;
  for (const char c : value.octets) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;
    text += c;
  }
  return trimmed(text);
}

}  // namespace

void IdentityObjectIndex::add(IdentityObject object) {
  const auto enterprise = enterprise_of(object.oid);
  if (!enterprise) return;
  auto& objects = by_enterprise_[*enterprise];
  const auto same = std::find_if(objects.begin(), objects.end(), [&](const IdentityObject& known) {
    return known.oid == object.oid;
  });
  if (same != objects.end()) {
    *same = std::move(object);  // an operator's MIB restates a shipped object
    return;
  }
  const auto place = std::upper_bound(objects.begin(), objects.end(), object,
                                      [](const IdentityObject& a, const IdentityObject& b) {
                                        return a.rank != b.rank ? a.rank > b.rank : a.oid < b.oid;
                                      });
  objects.insert(place, std::move(object));
  ++size_;
}

std::vector<const IdentityObject*> IdentityObjectIndex::under(std::uint32_t enterprise,
                                                              std::string_view field) const {
  std::vector<const IdentityObject*> result;
  const auto found = by_enterprise_.find(enterprise);
  if (found == by_enterprise_.end()) return result;
  for (const IdentityObject& object : found->second)
    if (field.empty() || object.field == field) result.push_back(&object);
  return result;
}

nlohmann::json to_json(const IdentityObject& object) {
  return {{"oid", to_string(object.oid)},
          {"module", object.module},
          {"descriptor", object.descriptor},
          {"field", object.field},
          {"place", object.column ? "column" : "scalar"},
          {"rank", object.rank}};
}

IdentityObject identity_object_from_json(const nlohmann::json& json, const std::string& where) {
  const auto fail = [&](const std::string& what) { throw std::runtime_error(where + ": " + what); };
  if (!json.is_object()) fail("not an object");
  IdentityObject object;
  const auto oid = parse_oid(json.value("oid", std::string()));
  if (!oid || !enterprise_of(*oid)) fail("oid is not an OID under 1.3.6.1.4.1");
  object.oid = *oid;
  object.module = json.value("module", std::string());
  object.descriptor = json.value("descriptor", std::string());
  object.field = json.value("field", std::string());
  if (object.field != "model" && object.field != "firmware" && object.field != "serial")
    fail("field must be model, firmware or serial");
  const std::string place = json.value("place", std::string());
  if (place != "scalar" && place != "column") fail("place must be scalar or column");
  object.column = place == "column";
  object.rank = json.value("rank", 0);
  return object;
}

IdentityObjectIndex IdentityObjectIndex::from_json(const nlohmann::json& json,
                                                   const std::string& where) {
  IdentityObjectIndex index;
  const auto objects = json.find("objects");
  if (objects == json.end() || !objects->is_array())
    throw std::runtime_error(where + ": no \"objects\" array");
  for (std::size_t i = 0; i < objects->size(); ++i)
    index.add(
        identity_object_from_json((*objects)[i], where + ": objects[" + std::to_string(i) + "]"));
  return index;
}

std::optional<ObservedIdentity> read_first(const IdentityObject& object, const SnmpSource& source) {
  std::optional<VarBind> found;
  if (object.column) {
    auto rows = source.walk(object.oid);
    if (!rows.empty()) found = std::move(rows.front());
  } else {
    Oid instance = object.oid;
    instance.push_back(0);
    if (auto value = source.get(instance)) found = VarBind{instance, std::move(*value)};
  }
  if (!found) return std::nullopt;
  auto text = printable_text(found->value);
  if (!text || names_nothing(*text, object.field)) return std::nullopt;
  return ObservedIdentity{std::move(found->oid), std::move(*text)};
}

}  // namespace kensa::scanner
