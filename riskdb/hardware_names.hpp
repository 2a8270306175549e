#pragma once
// NVD's names for hardware, from the model a device reports: NVD writes
// Cisco's ISR4331/K9 as isr4331 or 4331_integrated_services_router,
// N9K-C93180YC-EX as nexus_93180yc-ex, Juniper's EX4300-48T as ex4300-48t
// and ex4300. A "running on" configuration names the hardware that way.
//
// Contract: HardwareNames::load reads hardware-names.json (per CPE vendor, RE2
// patterns over the reported model, case-insensitive, each with templates
// of the names it gives, \1..\9 for its groups) and throws
// std::runtime_error naming the file and entry when it is malformed.
// nvd_names returns, for a vendor's model, every name NVD may use, in CPE
// product form (lowercase, spaces as underscores): the model itself, the
// model without a licence suffix after '/', and what the patterns give;
// never empty for a non-empty model. The device keeps its reported model.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kensa::riskdb {

class HardwareNames {
 public:
  HardwareNames();
  ~HardwareNames();
  HardwareNames(HardwareNames&&) noexcept;
  HardwareNames& operator=(HardwareNames&&) noexcept;

  [[nodiscard]] static HardwareNames load(const std::filesystem::path& file);
  [[nodiscard]] std::vector<std::string> nvd_names(std::string_view cpe_vendor,
                                                   std::string_view model) const;

 private:
  struct Rule;
  std::vector<Rule> rules_;
};

}  // namespace kensa::riskdb
