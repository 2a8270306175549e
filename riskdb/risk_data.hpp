#pragma once
// The risk data kensa judges by, as the feed importers hand it to riskdb:
// restriction lists, vulnerabilities with their NVD configurations, CISA's
// known-exploited catalogue, and lifecycle dates.
//
// Contract: each replace_* call is one transaction that records the
// dataset's provenance and replaces what an earlier load of the same data
// held (the same list names, the same CVE ids, the same OS families or
// vendors); a failure leaves the database as it was. Dates are ISO 8601
// (YYYY-MM-DD).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/datasets.hpp"
#include "riskdb/vulnerability_match.hpp"

namespace kensa::riskdb {

struct Restriction {
  std::string list_name;                   // "FCC Covered List"
  std::string source;                      // "U.S. Federal Communications Commission"
  std::string entity;                      // as the list names it
  std::optional<std::string> vendor;       // canonical vendor in the catalogue, when known
  std::vector<std::string> covered_names;  // aliases, subsidiaries and brands the list itself names
  std::string equipment_scope;             // in words
  std::vector<std::string> scope_classes;
  std::optional<std::string> effective_date;
  std::string citation;  // URL
  std::optional<std::int64_t> dataset_id;
};

void replace_restrictions(Database& database, const std::vector<Restriction>& restrictions,
                          Dataset provenance);
[[nodiscard]] std::vector<Restriction> load_restrictions(const Database& database);

struct Vulnerability {
  std::string cve_id;
  std::optional<std::string> published, description;
  std::optional<std::string> last_modified;  // dates the dataset; not stored per CVE
  std::optional<double> cvss_v2, cvss_v3, cvss_v4;
  // The vectors of those scores as NVD writes them ("CVSS:3.1/AV:N/...",
  // v2 without a prefix "AV:N/AC:L/...").
  std::optional<std::string> cvss_v2_vector, cvss_v3_vector, cvss_v4_vector;
  std::vector<Configuration> configurations;
  std::optional<std::int64_t> dataset_id;
};

// Streams vulnerabilities into one transaction: add() as many as a feed
// holds, then commit(); destroyed without commit() it rolls everything back.
class VulnerabilityWriter {
 public:
  VulnerabilityWriter(Database& database, Dataset provenance);
  VulnerabilityWriter(const VulnerabilityWriter&) = delete;
  VulnerabilityWriter& operator=(const VulnerabilityWriter&) = delete;
  ~VulnerabilityWriter();
  void add(const Vulnerability& vulnerability);
  // The feed's own version or date, known only once it has been read.
  void set_version(std::string version);
  void set_data_date(std::string date);
  void commit();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

struct KnownExploited {
  std::string cve_id;
  std::optional<std::string> vendor_project, product, name, date_added, due_date, ransomware;
  std::optional<std::int64_t> dataset_id;
  std::optional<std::string> vendor;  // canonical, when the catalogue knows vendor_project
};

void replace_known_exploited(Database& database, const std::vector<KnownExploited>& entries,
                             Dataset provenance);

struct LifecycleEntry {
  std::string subject;  // "os_release" or "product"
  std::optional<std::string> os_family, vendor;
  std::string pattern;  // a release cycle ("17.9") or a model glob ("WS-C3750*")
  std::optional<std::string> end_of_sale, end_of_support, end_of_life, link;
  std::optional<std::int64_t> dataset_id;
};

void replace_lifecycle(Database& database, const std::vector<LifecycleEntry>& entries,
                       Dataset provenance);
[[nodiscard]] std::vector<LifecycleEntry> load_lifecycle(const Database& database);

}  // namespace kensa::riskdb
