#pragma once
// CPE 2.3 names in the formatted-string binding (NISTIR 7695), as NVD writes
// them: cpe:2.3:part:vendor:product:version:update:edition:language:
// sw_edition:target_sw:target_hw:other.
//
// Contract: parse_cpe accepts exactly eleven attributes after "cpe:2.3:",
// splits on unescaped colons only, and keeps each attribute unescaped
// (`15.0\(2\)se11` becomes `15.0(2)se11`) with a note of whether it is the
// logical value ANY (`*`), NA (`-`) or holds unescaped wildcards. Anything
// else throws CpeError naming what is wrong. format_cpe is its inverse.
//
// compare_attribute is the attribute comparison of CPE name matching
// (NISTIR 7696, table 6-2), the criterion being the source and the device
// the target: ANY is a superset of everything, NA equals only NA, a value
// with wildcards is a superset of the values it matches, and a value
// facing ANY is a subset (the device's attribute is not known). A name
// matches when every attribute is a superset or equal.

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kensa::riskdb {

class CpeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct CpeAttribute {
  enum class Kind { any, not_applicable, value };
  Kind kind = Kind::any;
  std::string value;      // unescaped, lowercase as NVD writes names
  bool wildcard = false;  // value has an unescaped `*` or `?`

  [[nodiscard]] bool is_any() const { return kind == Kind::any; }
  [[nodiscard]] bool is_value() const { return kind == Kind::value; }
  [[nodiscard]] static CpeAttribute of(std::string_view value);  // a value, lowercased
  [[nodiscard]] static CpeAttribute na() { return {Kind::not_applicable, {}, false}; }
};

enum class CpeRelation { superset, equal, subset, disjoint };

[[nodiscard]] CpeRelation compare_attribute(const CpeAttribute& source, const CpeAttribute& target);
[[nodiscard]] inline bool relation_matches(CpeRelation relation) {
  return relation == CpeRelation::superset || relation == CpeRelation::equal;
}

struct Cpe {
  enum Field {
    part,
    vendor,
    product,
    version,
    update,
    edition,
    language,
    sw_edition,
    target_sw,
    target_hw,
    other
  };
  std::array<CpeAttribute, 11> attributes;

  [[nodiscard]] const CpeAttribute& operator[](Field field) const { return attributes[field]; }
  [[nodiscard]] CpeAttribute& operator[](Field field) { return attributes[field]; }
};

[[nodiscard]] Cpe parse_cpe(std::string_view text);
[[nodiscard]] std::string format_cpe(const Cpe& cpe);

// A name for a device: the given part/vendor/product/version, ANY elsewhere;
// values are lowercased and spaces become underscores, as NVD names products.
[[nodiscard]] Cpe make_cpe(char part, std::string_view vendor, std::string_view product,
                           std::string_view version);

}  // namespace kensa::riskdb
