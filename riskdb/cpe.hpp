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
  // Whether a concrete device value is covered by this (criterion) attribute.
  [[nodiscard]] bool covers(std::string_view device_value) const;
};

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
