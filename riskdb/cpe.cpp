#include "riskdb/cpe.hpp"

#include "riskdb/glob.hpp"

#include <cctype>
#include <vector>

namespace kensa::riskdb {
namespace {

constexpr std::string_view prefix = "cpe:2.3:";

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

CpeAttribute parse_attribute(std::string_view raw, std::size_t position) {
  CpeAttribute attribute;
  if (raw == "*") return attribute;
  if (raw == "-") {
    attribute.kind = CpeAttribute::Kind::not_applicable;
    return attribute;
  }
  if (raw.empty())
    throw CpeError("CPE attribute " + std::to_string(position) + " is empty (use * or -)");
  attribute.kind = CpeAttribute::Kind::value;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\\') {
      if (i + 1 == raw.size())
        throw CpeError("CPE attribute " + std::to_string(position) + " ends in a lone backslash");
      attribute.value += raw[++i];
      continue;
    }
    if (c == '*' || c == '?') {
      attribute.wildcard = true;
      attribute.value += c;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e)
      throw CpeError("CPE attribute " + std::to_string(position) +
                     " holds a character that CPE 2.3 does not allow");
    attribute.value += c;
  }
  attribute.value = lower(attribute.value);
  return attribute;
}

std::string escape(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      out += '\\';
    out += c;
  }
  return out;
}

std::string as_product_name(std::string_view text) {
  std::string out = lower(text);
  for (char& c : out)
    if (c == ' ') c = '_';
  return out;
}

}  // namespace

CpeAttribute CpeAttribute::of(std::string_view value) { return {Kind::value, lower(value), false}; }

CpeRelation compare_attribute(const CpeAttribute& source, const CpeAttribute& target) {
  using Kind = CpeAttribute::Kind;
  if (source.kind == Kind::any)
    return target.kind == Kind::any ? CpeRelation::equal : CpeRelation::superset;
  if (target.kind == Kind::any) return CpeRelation::subset;
  if (source.kind == Kind::not_applicable)
    return target.kind == Kind::not_applicable ? CpeRelation::equal : CpeRelation::disjoint;
  if (target.kind == Kind::not_applicable) return CpeRelation::disjoint;
  if (target.wildcard)  // undefined in the specification; never a match
    return source.value == target.value ? CpeRelation::equal : CpeRelation::disjoint;
  if (source.wildcard)
    return glob_matches(source.value, target.value) ? CpeRelation::superset : CpeRelation::disjoint;
  return source.value == target.value ? CpeRelation::equal : CpeRelation::disjoint;
}

Cpe parse_cpe(std::string_view text) {
  if (!text.starts_with(prefix))
    throw CpeError("not a CPE 2.3 name (it must start with cpe:2.3:): " +
                   std::string(text.substr(0, 80)));
  std::vector<std::string_view> parts;
  std::size_t start = prefix.size();
  for (std::size_t i = start; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ':') {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    } else if (text[i] == '\\') {
      ++i;
    }
  }
  if (parts.size() != 11)
    throw CpeError("CPE 2.3 name has " + std::to_string(parts.size()) +
                   " attributes, expected 11: " + std::string(text.substr(0, 200)));
  Cpe cpe;
  for (std::size_t i = 0; i < parts.size(); ++i)
    cpe.attributes[i] = parse_attribute(parts[i], i + 1);
  const CpeAttribute& part = cpe[Cpe::part];
  if (!part.is_value() || (part.value != "a" && part.value != "o" && part.value != "h"))
    throw CpeError("CPE part must be a, o or h: " + std::string(text.substr(0, 200)));
  return cpe;
}

std::string format_cpe(const Cpe& cpe) {
  std::string out(prefix);
  for (std::size_t i = 0; i < cpe.attributes.size(); ++i) {
    if (i > 0) out += ':';
    const CpeAttribute& attribute = cpe.attributes[i];
    switch (attribute.kind) {
      case CpeAttribute::Kind::any: out += '*'; break;
      case CpeAttribute::Kind::not_applicable: out += '-'; break;
      case CpeAttribute::Kind::value: out += escape(attribute.value); break;
    }
  }
  return out;
}

Cpe make_cpe(char part, std::string_view vendor, std::string_view product,
             std::string_view version) {
  Cpe cpe;
  const auto set = [&cpe](Cpe::Field field, std::string value) {
    if (value.empty()) return;
    cpe[field].kind = CpeAttribute::Kind::value;
    cpe[field].value = std::move(value);
  };
  set(Cpe::part, std::string(1, part));
  set(Cpe::vendor, as_product_name(vendor));
  set(Cpe::product, as_product_name(product));
  set(Cpe::version, lower(version));
  return cpe;
}

}  // namespace kensa::riskdb
