#include "riskdb/screening_register.hpp"

#include <cctype>

#include "riskdb/glob.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {
namespace {

// One key per vendor: its canonical name's when the catalogue knows it.
std::string vendor_key(const VendorCatalogue& catalogue, const std::string& name) {
  return vendor_name_key(catalogue.canonical(name).value_or(name));
}

VersionScheme scheme_for(const VendorCatalogue& catalogue, const std::optional<std::string>& os) {
  if (!os) return VersionScheme::generic;
  const OsFamilyRecord* family = catalogue.os_family(*os);
  return family != nullptr ? family->scheme : VersionScheme::generic;
}

// Whether the firmware is inside [min, max]; nullopt when that cannot be known.
std::optional<bool> firmware_inside(const ScreeningEntry& entry, const ScreenedItem& item,
                                    VersionScheme scheme) {
  if (!entry.firmware_min && !entry.firmware_max) return true;
  if (!item.firmware) return std::nullopt;
  VersionRange range;
  range.start_including = entry.firmware_min;
  range.end_including = entry.firmware_max;
  switch (match_version_range(scheme, *item.firmware, range)) {
    case RangeMatch::inside: return true;
    case RangeMatch::outside: return false;
    case RangeMatch::unknown: return std::nullopt;
  }
  return std::nullopt;
}

std::string range_text(const ScreeningEntry& entry) {
  if (entry.firmware_min && entry.firmware_max && *entry.firmware_min == *entry.firmware_max)
    return "firmware " + *entry.firmware_min;
  return "firmware " + entry.firmware_min.value_or("(any)") + " to " +
         entry.firmware_max.value_or("(any)");
}

std::string case_text(const ScreeningEntry& entry) {
  return entry.case_id ? " (case " + *entry.case_id + ")" : std::string();
}

}  // namespace

void replace_screening_register(Database& database, const std::vector<ScreeningEntry>& entries,
                                Dataset provenance) {
  Transaction transaction(database);
  database.execute("DELETE FROM screening_register");
  provenance.row_count = static_cast<std::int64_t>(entries.size());
  const std::int64_t dataset = record_dataset(database, provenance);
  Statement insert(
      database,
      "INSERT INTO screening_register(dataset_id, vendor, model_pattern, firmware_min, "
      "firmware_max, scope, status, case_id, decided_on, expires_on, note) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  for (const ScreeningEntry& entry : entries)
    insert.bind(1, dataset)
        .bind(2, entry.vendor)
        .bind(3, entry.model_pattern)
        .bind(4, entry.firmware_min)
        .bind(5, entry.firmware_max)
        .bind(6, entry.scope)
        .bind(7, entry.status)
        .bind(8, entry.case_id)
        .bind(9, entry.decided_on)
        .bind(10, entry.expires_on)
        .bind(11, entry.note)
        .run();
  transaction.commit();
}

std::vector<ScreeningEntry> load_screening_register(const Database& database) {
  Statement query(database,
                  "SELECT id, vendor, model_pattern, firmware_min, firmware_max, scope, status, "
                  "case_id, decided_on, expires_on, note FROM screening_register ORDER BY id");
  std::vector<ScreeningEntry> entries;
  while (query.step()) {
    ScreeningEntry entry;
    entry.id = query.integer(0);
    entry.vendor = query.text(1);
    entry.model_pattern = query.text(2);
    entry.firmware_min = query.optional_text(3);
    entry.firmware_max = query.optional_text(4);
    entry.scope = query.text(5);
    entry.status = query.text(6);
    entry.case_id = query.optional_text(7);
    entry.decided_on = query.optional_text(8);
    entry.expires_on = query.optional_text(9);
    entry.note = query.optional_text(10);
    entries.push_back(std::move(entry));
  }
  return entries;
}

ScreeningRegister::ScreeningRegister(std::vector<ScreeningEntry> entries,
                                     const VendorCatalogue& catalogue)
    : catalogue_(catalogue), entries_(std::move(entries)) {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    by_vendor_[vendor_key(catalogue_, entries_[i].vendor)].push_back(i);
    screens_modules_ |= entries_[i].scope == "module";
    const std::string maker = catalogue_.canonical(entries_[i].vendor).value_or(entries_[i].vendor);
    model_keys_.push_back(catalogue_.model_key(maker, entries_[i].model_pattern, true));
  }
}

ScreeningStatus ScreeningRegister::status_of(const ScreenedItem& item,
                                             const std::string& today) const {
  const VendorCatalogue& catalogue = catalogue_;
  const VersionScheme scheme = scheme_for(catalogue, item.os);
  const ScreeningEntry *rejected = nullptr, *approved = nullptr, *pending = nullptr,
                       *expired = nullptr, *drifted = nullptr;
  std::string unknown_reason;
  if (!item.vendor) return {"unscreened", std::nullopt, std::nullopt, "vendor not identified"};
  const auto candidates = by_vendor_.find(vendor_key(catalogue, *item.vendor));
  const std::string maker = catalogue.canonical(*item.vendor).value_or(*item.vendor);
  const std::string model_key = item.model ? catalogue.model_key(maker, *item.model) : "";
  static const std::vector<std::size_t> none;
  for (const std::size_t index : candidates == by_vendor_.end() ? none : candidates->second) {
    const ScreeningEntry& entry = entries_[index];
    if (entry.scope != item.scope) continue;
    // The register's spelling of a model need not be the device's: compare
    // as written, then in the form every spelling of the model shares.
    if (entry.model_pattern != "*" &&
        (!item.model || (!glob_matches(entry.model_pattern, *item.model) &&
                         !glob_matches(model_keys_[index], model_key))))
      continue;
    const std::optional<bool> inside = firmware_inside(entry, item, scheme);
    if (entry.status == "rejected") {
      if (inside.value_or(true) && rejected == nullptr) rejected = &entry;
      continue;
    }
    if (!inside) {
      if (unknown_reason.empty())
        unknown_reason =
            (item.firmware ? "firmware " + *item.firmware + " cannot be placed in "
                           : std::string("firmware not known; register entry needs ")) +
            range_text(entry) + case_text(entry);
      continue;
    }
    if (!*inside) {
      if (entry.status == "approved" && drifted == nullptr) drifted = &entry;
      continue;
    }
    const bool lapsed = entry.expires_on && !entry.expires_on->empty() && *entry.expires_on < today;
    if (entry.status == "approved" && !lapsed) {
      if (approved == nullptr) approved = &entry;
    } else if (entry.status == "pending") {
      if (pending == nullptr) pending = &entry;
    } else if (expired == nullptr) {
      expired = &entry;
    }
  }
  const auto result = [](std::string status, const ScreeningEntry& entry, std::string reason) {
    return ScreeningStatus{std::move(status), entry.id, entry.case_id, std::move(reason)};
  };
  if (rejected != nullptr)
    return result("rejected", *rejected,
                  "rejected in the screening register" + case_text(*rejected));
  if (approved != nullptr)
    return result("screened", *approved,
                  "approved" + case_text(*approved) +
                      (approved->expires_on ? ", valid until " + *approved->expires_on : ""));
  if (pending != nullptr)
    return result("pending", *pending, "screening pending" + case_text(*pending));
  if (expired != nullptr)
    return result("expired", *expired,
                  "approval expired" + case_text(*expired) +
                      (expired->expires_on ? " on " + *expired->expires_on : ""));
  if (drifted != nullptr)
    return result("drifted", *drifted,
                  "approved for " + range_text(*drifted) + case_text(*drifted) + ", but it runs " +
                      item.firmware.value_or("unknown firmware"));
  return {"unscreened", std::nullopt, std::nullopt,
          unknown_reason.empty() ? "no screening register entry covers it" : unknown_reason};
}

}  // namespace kensa::riskdb
