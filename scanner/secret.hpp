#pragma once
// A credential value: an SNMP community or a USM password.
//
// Contract: a Secret cannot be streamed, formatted or converted implicitly;
// the only way to its text is reveal(), so every place that touches a secret
// is visible in review. Its memory is wiped when it is destroyed.

#include <string>
#include <utility>

namespace kensa::scanner {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret(Secret&&) noexcept = default;
  Secret& operator=(const Secret&) = default;
  Secret& operator=(Secret&&) noexcept = default;
  ~Secret();

  [[nodiscard]] const std::string& reveal() const { return value_; }
  [[nodiscard]] bool empty() const { return value_.empty(); }

 private:
  std::string value_;
};

}  // namespace kensa::scanner
