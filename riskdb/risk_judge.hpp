#pragma once
// The judgement of one piece of equipment: findings with severity, reason,
// source dataset and evidence, and the screening status of the device and
// each of its modules.
//
// Contract: RiskJudge reads the catalogue, restriction lists, KEV, the
// screening register and lifecycle data once, and vulnerabilities per CPE
// product on first use; judge() is then pure over that data (no writes).
// A restriction on a company covers its subsidiaries and brands through
// the catalogue. Vulnerabilities are matched through the device's CPE
// names (its OS family's products, and for each name NVD gives its model,
// hardware-names.json, o:<vendor>:<name>_firmware and h:<vendor>:<name>);
// a vulnerability whose applicability depends on a
// version order the scheme cannot tell is not reported but counted in
// Judgement::undetermined_vulnerabilities. Module findings: restricted
// manufacturer always; screening (rejected, drifted, and unscreened when
// the register has module entries) when the policy screens modules.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/dates.hpp"
#include "riskdb/hardware_names.hpp"
#include "riskdb/policy.hpp"
#include "riskdb/risk_data.hpp"
#include "riskdb/screening_register.hpp"
#include "riskdb/vendor_catalogue.hpp"
#include "riskdb/vulnerability_store.hpp"
#include "scanner/device.hpp"

namespace kensa::riskdb {

struct Finding {
  FindingKind kind;
  Severity severity;
  std::optional<std::uint32_t> module_index;
  std::string reference;  // CVE id, list name, register case
  std::string reason;
  std::optional<std::int64_t> dataset_id;
  std::vector<scanner::Evidence> evidence;
  // Vulnerabilities only: the NVD criterion that matched, what it covers
  // ("affected from 17.6 to before 17.6.6a"), the first fixed release where
  // NVD gives one, and the NVD dataset (dataset_id is KEV's when known exploited).
  std::string criterion{}, affected{};
  std::optional<std::string> fixed{};
  std::optional<std::int64_t> nvd_dataset_id{};
};

// The vulnerabilities of one set of CPE names (one model and release):
// shared by every device that has them.
struct VulnerabilityResults {
  std::string key;                        // the CPE names and versions, one per line
  std::vector<std::string> cpes;          // the CPE names judged
  std::vector<Finding> findings;          // without evidence, which is each device's own
  std::vector<std::string> undetermined;  // CVE ids whose applicability cannot be decided
};

struct Judgement {
  std::vector<Finding> findings;  // about this device alone: vendor, lifecycle, screening, identity
  std::shared_ptr<const VulnerabilityResults> vulnerabilities;
  std::vector<scanner::Evidence>
      vulnerability_evidence;  // the device's own, for its vulnerabilities
  ScreeningStatus screening;
  std::vector<std::pair<std::uint32_t, ScreeningStatus>> module_screening;

  [[nodiscard]] std::optional<Severity> highest() const;
  // Every finding, vulnerabilities with the device's evidence, most severe first.
  [[nodiscard]] std::vector<Finding> all_findings() const;
};

class RiskJudge {
 public:
  // today: ISO date (YYYY-MM-DD) that expiries and lifecycle dates compare to.
  RiskJudge(const Database& database, Policy policy, std::string today);

  [[nodiscard]] Judgement judge(const scanner::Device& device, bool neighbor_only = false);
  [[nodiscard]] const VendorCatalogue& catalogue() const { return catalogue_; }
  [[nodiscard]] const Policy& policy() const { return policy_; }
  [[nodiscard]] std::vector<DeviceCpe> device_cpes(const scanner::Device& device) const;

 private:
  [[nodiscard]] Finding vulnerability_finding(const std::string& id,
                                              const StoredVulnerability& stored,
                                              const ApplicabilityResult& result) const;
  void judge_restrictions(const std::optional<std::string>& vendor,
                          std::optional<std::uint32_t> module_index,
                          const std::vector<scanner::Evidence>& evidence,
                          Judgement& judgement) const;
  void judge_vulnerabilities(const scanner::Device& device, Judgement& judgement);
  void judge_lifecycle(const scanner::Device& device, Judgement& judgement) const;
  void judge_screening(const scanner::Device& device, Judgement& judgement) const;

  Policy policy_;
  std::string today_;
  std::string warn_until_;
  VendorCatalogue catalogue_;
  VulnerabilityStore vulnerabilities_;
  std::vector<Restriction> restrictions_;
  std::vector<std::string> restricted_names_;  // each restriction's canonical vendor or entity
  std::vector<std::set<std::string>> restricted_keys_;  // and every name it covers, as lookup keys
  ScreeningRegister register_;
  std::vector<LifecycleEntry> lifecycle_;
  HardwareNames hardware_names_;
  std::optional<std::int64_t> screening_dataset_;
  std::map<std::string, std::shared_ptr<const VulnerabilityResults>> vulnerability_results_;
};

}  // namespace kensa::riskdb
