#pragma once
// The operator's screening register and the screening status of equipment.
//
// Contract: a register entry covers equipment when its vendor is the
// equipment's vendor (through the catalogue's spellings), its model pattern
// (a case-insensitive glob, `*` for every model) matches the model as
// written or in the form all its spellings share (VendorCatalogue::
// model_key: "FortiGate 60F" covers "FGT_60F" and "FG-60F"), and its
// scope is the equipment's (device or module). screening_status() then
// decides, strongest first: rejected (a covering rejection); screened (an
// approval in force whose firmware range holds the firmware); pending;
// expired (an approval past its expiry, or marked expired); drifted (an
// approval for this vendor and model, but for other firmware than it now
// runs); unscreened (nothing covers it). A firmware range the OS family's
// scheme cannot order, or a firmware that is not known, never counts as
// inside the range: the reason says so.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/vendor_catalogue.hpp"

namespace kensa::riskdb {

struct ScreeningEntry {
  std::int64_t id = 0;
  std::string vendor;
  std::string model_pattern = "*";
  std::optional<std::string> firmware_min, firmware_max;
  std::string scope = "device";  // or "module"
  std::string status;            // approved, pending, rejected, expired
  std::optional<std::string> case_id, decided_on, expires_on, note;
};

// The register's columns, in the order of its CSV form.
void replace_screening_register(Database& database, const std::vector<ScreeningEntry>& entries,
                                Dataset provenance);
[[nodiscard]] std::vector<ScreeningEntry> load_screening_register(const Database& database);

struct ScreeningStatus {
  std::string status = "unscreened";  // screened, pending, rejected, expired, unscreened, drifted
  std::optional<std::int64_t> entry_id;
  std::optional<std::string> case_id;
  std::string reason;
};

struct ScreenedItem {
  std::optional<std::string> vendor, model, firmware, os;
  std::string scope = "device";
};

// The register, with each entry's vendor resolved through the catalogue
// once, so that judging a fleet does not resolve it per device and entry.
class ScreeningRegister {
 public:
  ScreeningRegister(std::vector<ScreeningEntry> entries, const VendorCatalogue& catalogue);
  [[nodiscard]] ScreeningStatus status_of(const ScreenedItem& item, const std::string& today) const;
  [[nodiscard]] bool screens_modules() const { return screens_modules_; }

 private:
  const VendorCatalogue& catalogue_;
  std::vector<ScreeningEntry> entries_;
  std::vector<std::string> model_keys_;  // each entry's model pattern, folded (model_key)
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_vendor_;  // vendor key -> entries
  bool screens_modules_ = false;
};

}  // namespace kensa::riskdb
