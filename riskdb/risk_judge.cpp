#include "riskdb/risk_judge.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <set>

#include "riskdb/data_files.hpp"
#include "riskdb/glob.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {
namespace {

std::vector<scanner::Evidence> evidence_for(const scanner::Device& device,
                                            std::initializer_list<std::string_view> fields) {
  std::vector<scanner::Evidence> found;
  for (const scanner::Evidence& item : device.evidence)
    if (std::find(fields.begin(), fields.end(), item.field) != fields.end()) found.push_back(item);
  return found;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "17.9.4" is in release cycle "17.9"; "19.4R3-S1" in "19.4"; "17.10.1" is not in "17.1".
bool in_release_cycle(const std::string& firmware, const std::string& cycle) {
  const std::string version = lower(firmware);
  const std::string wanted = lower(cycle);
  if (!version.starts_with(wanted)) return false;
  return version.size() == wanted.size() ||
         !std::isdigit(static_cast<unsigned char>(version[wanted.size()]));
}

std::optional<double> primary_score(const Vulnerability& vulnerability) {
  if (vulnerability.cvss_v3) return vulnerability.cvss_v3;
  if (vulnerability.cvss_v4) return vulnerability.cvss_v4;
  return vulnerability.cvss_v2;
}

std::string score_text(double score) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", score);
  return text;
}

}  // namespace

std::optional<Severity> Judgement::highest() const {
  std::optional<Severity> top;
  for (const Finding& finding : findings)
    if (!top || finding.severity > *top) top = finding.severity;
  if (vulnerabilities && !vulnerabilities->findings.empty()) {
    const Severity worst = vulnerabilities->findings.front().severity;  // kept most severe first
    if (!top || worst > *top) top = worst;
  }
  return top;
}

std::vector<Finding> Judgement::all_findings() const {
  std::vector<Finding> all = findings;
  if (vulnerabilities)
    for (Finding finding : vulnerabilities->findings) {
      finding.evidence = vulnerability_evidence;
      all.push_back(std::move(finding));
    }
  std::stable_sort(all.begin(), all.end(),
                   [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
  return all;
}

RiskJudge::RiskJudge(const Database& database, Policy policy, std::string today)
    : policy_(std::move(policy)),
      today_(std::move(today)),
      warn_until_(add_days(today_, policy_.end_of_life_warn_days)),
      catalogue_(VendorCatalogue::load(database)),
      vulnerabilities_(database),
      restrictions_(load_restrictions(database)),
      register_(load_screening_register(database), catalogue_),
      lifecycle_(load_lifecycle(database)),
      hardware_names_(HardwareNames::load(risk_data_file("hardware-names.json"))) {
  if (!policy_.applied_lists.empty())
    std::erase_if(restrictions_, [this](const Restriction& restriction) {
      return std::find(policy_.applied_lists.begin(), policy_.applied_lists.end(),
                       restriction.list_name) == policy_.applied_lists.end();
    });
  // Each restriction's names as lookup keys, once: the listed vendor and every
  // alias, subsidiary and brand the list itself names.
  for (const Restriction& restriction : restrictions_) {
    restricted_names_.push_back(
        restriction.vendor ? *restriction.vendor
                           : catalogue_.canonical(restriction.entity).value_or(restriction.entity));
    std::set<std::string> keys{vendor_name_key(restricted_names_.back())};
    for (const std::string& name : restriction.covered_names) keys.insert(vendor_name_key(name));
    restricted_keys_.push_back(std::move(keys));
  }
  if (const auto dataset = current_dataset(database, "screening")) screening_dataset_ = dataset->id;
}

std::vector<DeviceCpe> RiskJudge::device_cpes(const scanner::Device& device) const {
  std::vector<DeviceCpe> names;
  const auto canonical = device.vendor ? catalogue_.canonical(*device.vendor) : std::nullopt;
  const OsFamilyRecord* family = device.os ? catalogue_.os_family(*device.os) : nullptr;
  const VersionScheme scheme = family != nullptr ? family->scheme : VersionScheme::generic;
  const std::string firmware = device.firmware.value_or("");
  if (family != nullptr && family->cpe_vendor) {
    for (const CpeProduct& product : family->products) {
      if (product.version_pattern && !RE2::PartialMatch(firmware, *product.version_pattern))
        continue;
      if (product.version_excludes && RE2::PartialMatch(firmware, *product.version_excludes))
        continue;
      names.push_back(
          device_cpe(make_cpe('o', *family->cpe_vendor, product.product, ""), scheme, firmware));
    }
  }
  if (canonical && device.model) {
    for (const std::string& cpe_vendor : catalogue_.cpe_vendors(*canonical)) {
      // NVD names embedded products' firmware <hardware>_firmware.
      for (const std::string& hardware : hardware_names_.nvd_names(cpe_vendor, *device.model)) {
        names.push_back(
            device_cpe(make_cpe('o', cpe_vendor, hardware + "_firmware", ""), scheme, firmware));
        names.push_back(device_cpe(make_cpe('h', cpe_vendor, hardware, ""), scheme, ""));
      }
    }
  }
  return names;
}

void RiskJudge::judge_restrictions(const std::optional<std::string>& vendor,
                                   std::optional<std::uint32_t> module_index,
                                   const std::vector<scanner::Evidence>& evidence,
                                   Judgement& judgement) const {
  if (!vendor) return;
  const auto canonical = catalogue_.canonical(*vendor);
  const std::vector<std::string> owners =
      canonical ? catalogue_.owners(*canonical) : std::vector<std::string>{*vendor};
  std::vector<std::string> owner_keys;
  for (const std::string& owner : owners) owner_keys.push_back(vendor_name_key(owner));
  // One finding for the maker, naming every list that covers it.
  std::string lists, listings, made_by;
  std::optional<std::int64_t> dataset;
  for (std::size_t r = 0; r < restrictions_.size(); ++r) {
    const Restriction& restriction = restrictions_[r];
    const std::string& listed = restricted_names_[r];
    const std::set<std::string>& covered = restricted_keys_[r];
    const auto found =
        std::find_if(owner_keys.begin(), owner_keys.end(),
                     [&covered](const std::string& key) { return covered.contains(key); });
    if (found == owner_keys.end()) continue;
    const auto owner = owners.begin() + (found - owner_keys.begin());
    if (made_by.empty()) {
      made_by = (module_index ? "module made by " : "made by ") + owners.front();
      if (*owner != owners.front())
        made_by +=
            ", a " + catalogue_.relation(owners.front()).value_or("subsidiary") + " of " + *owner;
    }
    std::string listing = restriction.entity + " is on the " + restriction.list_name + " (" +
                          restriction.source + ") for " + restriction.equipment_scope;
    if (*owner == owners.front() && *found != vendor_name_key(listed))
      listing += " (which the list names it part of)";
    if (restriction.effective_date)
      listing += (*restriction.effective_date > today_ ? ", taking effect " : ", since ") +
                 *restriction.effective_date;
    listing += "; " + restriction.citation;
    lists += (lists.empty() ? "" : ", ") + restriction.list_name;
    listings += (listings.empty() ? "" : " | ") + listing;
    if (!dataset) dataset = restriction.dataset_id;
  }
  if (lists.empty()) return;
  judgement.findings.push_back(
      {FindingKind::restricted_vendor, policy_.severity_of(FindingKind::restricted_vendor),
       module_index, lists, made_by + "; on " + lists + ": " + listings, dataset, evidence});
}

void RiskJudge::judge_vulnerabilities(const scanner::Device& device, Judgement& judgement) {
  const std::vector<DeviceCpe> names = device_cpes(device);
  std::vector<std::string> cpes;
  std::string key;
  for (const DeviceCpe& name : names) {
    cpes.push_back(format_cpe(name.cpe));
    key += cpes.back() + ' ' + name.version + '\n';
  }
  // A fleet has many devices of one model and release: judge each once.
  auto cached = vulnerability_results_.find(key);
  if (cached == vulnerability_results_.end()) {
    auto results = std::make_shared<VulnerabilityResults>();
    results->key = key;
    results->cpes = std::move(cpes);
    std::set<std::string> candidates;
    for (const DeviceCpe& name : names)
      for (const std::string& id : vulnerabilities_.ids_for_product(name.cpe[Cpe::vendor].value,
                                                                    name.cpe[Cpe::product].value))
        candidates.insert(id);
    for (const std::string& id : candidates) {
      const StoredVulnerability& stored = vulnerabilities_.vulnerability(id);
      const ApplicabilityResult result =
          evaluate_configurations(stored.record.configurations, names);
      if (result.result == Applicability::unknown) results->undetermined.push_back(id);
      if (result.result != Applicability::applies) continue;
      results->findings.push_back(vulnerability_finding(id, stored, result));
    }
    std::stable_sort(results->findings.begin(), results->findings.end(),
                     [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
    cached = vulnerability_results_.emplace(key, std::move(results)).first;
  }
  judgement.vulnerabilities = cached->second;
  judgement.vulnerability_evidence = evidence_for(device, {"vendor", "os", "model", "firmware"});
}

Finding RiskJudge::vulnerability_finding(const std::string& id, const StoredVulnerability& stored,
                                         const ApplicabilityResult& result) const {
  const auto score = primary_score(stored.record);
  Cpe criterion;
  try {
    criterion = parse_cpe(result.matched_criteria);
  } catch (const CpeError&) {
  }
  const std::string affected = affected_text(criterion, result.matched_range);
  const auto fixed = fixed_release(result.matched_range);
  std::string reason = id + " applies: " + result.matched_device_cpe + " matches NVD criterion " +
                       result.matched_criteria + " (" + affected +
                       (fixed ? "; fixed in " + *fixed : "") + ")";
  if (score) reason += "; CVSS " + score_text(*score);
  const auto detailed = [&](Finding finding) {
    finding.criterion = result.matched_criteria;
    finding.affected = affected;
    finding.fixed = fixed;
    finding.nvd_dataset_id = stored.record.dataset_id;
    return finding;
  };
  if (stored.known_exploited) {
    const KnownExploited& kev = *stored.known_exploited;
    reason += "; known to be exploited (CISA KEV";
    if (kev.date_added) reason += ", added " + *kev.date_added;
    if (kev.due_date) reason += ", remediation due " + *kev.due_date;
    if (kev.ransomware == "Known") reason += ", used in ransomware campaigns";
    reason += ")";
    return detailed({FindingKind::known_exploited,
                     policy_.severity_of(FindingKind::known_exploited),
                     std::nullopt,
                     id,
                     reason,
                     kev.dataset_id,
                     {}});
  }
  const Severity severity = policy_.vulnerability_from_cvss
                                ? (score ? severity_from_cvss(*score) : Severity::medium)
                                : policy_.severity_of(FindingKind::vulnerability);
  return detailed({FindingKind::vulnerability,
                   severity,
                   std::nullopt,
                   id,
                   reason,
                   stored.record.dataset_id,
                   {}});
}

void RiskJudge::judge_lifecycle(const scanner::Device& device, Judgement& judgement) const {
  const auto canonical = device.vendor ? catalogue_.canonical(*device.vendor) : std::nullopt;
  for (const LifecycleEntry& entry : lifecycle_) {
    std::string subject;
    if (entry.subject == "os_release") {
      if (!device.os || !device.firmware || entry.os_family != device.os ||
          !in_release_cycle(*device.firmware, entry.pattern))
        continue;
      subject = *device.os + " release " + entry.pattern + " (it runs " + *device.firmware + ")";
    } else {
      if (!canonical || !device.model || !entry.vendor ||
          catalogue_.canonical(*entry.vendor).value_or(*entry.vendor) != *canonical ||
          !glob_matches(entry.pattern, *device.model))
        continue;
      subject = *canonical + " " + *device.model;
    }
    // "ended": past, on a date the data does not give.
    const auto passed = [this](const std::optional<std::string>& date) {
      return date && !date->empty() && (*date == "ended" || *date <= today_);
    };
    const auto soon = [this](const std::optional<std::string>& date) {
      return date && !date->empty() && *date != "ended" && *date > today_ && *date <= warn_until_;
    };
    std::optional<Severity> severity;
    std::string reason;
    if (passed(entry.end_of_life) || passed(entry.end_of_support)) {
      severity = policy_.severity_of(FindingKind::end_of_life);
      reason = subject + " is past " +
               (passed(entry.end_of_life) ? "end of life (" + *entry.end_of_life + ")"
                                          : "end of support (" + *entry.end_of_support + ")");
    } else if (soon(entry.end_of_support) || soon(entry.end_of_life)) {
      severity = policy_.end_of_sale;
      const auto& date = soon(entry.end_of_support) ? entry.end_of_support : entry.end_of_life;
      reason = subject + " reaches end of support on " + *date;
    } else if (passed(entry.end_of_sale)) {
      severity = policy_.end_of_sale;
      reason = subject + " is past end of sale (" + *entry.end_of_sale + ")";
    }
    if (!severity) continue;
    if (entry.link) reason += "; " + *entry.link;
    judgement.findings.push_back({FindingKind::end_of_life, *severity, std::nullopt, entry.pattern,
                                  reason, entry.dataset_id,
                                  evidence_for(device, {"os", "model", "firmware"})});
  }
}

void RiskJudge::judge_screening(const scanner::Device& device, Judgement& judgement) const {
  const ScreenedItem item{device.vendor, device.model, device.firmware, device.os, "device"};
  judgement.screening = register_.status_of(item, today_);
  const auto add = [&](const ScreeningStatus& status, std::optional<std::uint32_t> module_index,
                       const std::string& what) {
    std::optional<FindingKind> kind;
    if (status.status == "rejected")
      kind = FindingKind::rejected;
    else if (status.status == "drifted")
      kind = FindingKind::drifted;
    else if (status.status != "screened" && (!module_index || register_.screens_modules()))
      kind = FindingKind::unscreened;
    if (!kind) return;
    judgement.findings.push_back({*kind, policy_.severity_of(*kind), module_index,
                                  status.case_id.value_or(status.status), what + status.reason,
                                  screening_dataset_,
                                  evidence_for(device, {"vendor", "model", "firmware"})});
  };
  add(judgement.screening, std::nullopt, "");
  if (!policy_.screen_modules) return;
  for (const scanner::Module& module : device.modules) {
    if (!module.serial || module.serial->empty() || module.physical_class == 3) continue;
    const ScreenedItem part{module.manufacturer ? module.manufacturer : device.vendor, module.model,
                            module.firmware ? module.firmware : module.software, std::nullopt,
                            "module"};
    ScreeningStatus status = register_.status_of(part, today_);
    add(status, module.index,
        "module " + module.name.value_or(std::to_string(module.index)) + ": ");
    // While the register screens no modules, every module is unscreened: nothing to record.
    if (register_.screens_modules() || status.status != "unscreened")
      judgement.module_screening.emplace_back(module.index, std::move(status));
  }
}

Judgement RiskJudge::judge(const scanner::Device& device, bool neighbor_only) {
  Judgement judgement;
  judge_restrictions(device.vendor, std::nullopt, evidence_for(device, {"vendor"}), judgement);
  for (const scanner::Module& module : device.modules) {
    if (!module.manufacturer) continue;
    const auto maker = catalogue_.canonical(*module.manufacturer);
    const auto device_maker = device.vendor ? catalogue_.canonical(*device.vendor) : std::nullopt;
    if (maker && maker == device_maker) continue;  // already judged as the device
    scanner::Evidence evidence{"manufacturer", *module.manufacturer,
                               "entPhysicalMfgName." + std::to_string(module.index),
                               *module.manufacturer, "ENTITY-MIB"};
    judge_restrictions(module.manufacturer, module.index, {evidence}, judgement);
  }
  judge_vulnerabilities(device, judgement);
  judge_lifecycle(device, judgement);
  judge_screening(device, judgement);
  if (!device.vendor || !device.model) {
    std::string missing = !device.vendor && !device.model ? "vendor and model"
                          : !device.vendor                ? "vendor"
                                                          : "model";
    judgement.findings.push_back(
        {FindingKind::unidentified, policy_.severity_of(FindingKind::unidentified), std::nullopt,
         "", missing + " could not be identified", std::nullopt, device.evidence});
  }
  if (neighbor_only)
    judgement.findings.push_back(
        {FindingKind::neighbor_only, policy_.severity_of(FindingKind::neighbor_only), std::nullopt,
         "",
         "seen only in a neighbour's LLDP table; never polled, so its firmware "
         "and serial are unknown",
         std::nullopt, device.evidence});
  std::stable_sort(judgement.findings.begin(), judgement.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
  return judgement;
}

}  // namespace kensa::riskdb
