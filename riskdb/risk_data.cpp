#include "riskdb/risk_data.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <set>

#include "riskdb/id_reservation.hpp"
#include "riskdb/multi_row_values.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {

void replace_restrictions(Database& database, const std::vector<Restriction>& restrictions,
                          Dataset provenance) {
  Transaction transaction(database);
  std::set<std::string> lists;
  for (const Restriction& restriction : restrictions) lists.insert(restriction.list_name);
  Statement remove(database, "DELETE FROM restrictions WHERE list_name = ?1");
  for (const std::string& list : lists) remove.bind(1, list).run();
  provenance.row_count = static_cast<std::int64_t>(restrictions.size());
  const std::int64_t dataset = record_dataset(database, provenance);
  Statement vendor(database, "INSERT INTO vendors(name) VALUES (?1) ON CONFLICT(name) DO NOTHING");
  Statement insert(
      database,
      "INSERT INTO restrictions(dataset_id, list_name, source, entity, vendor_id, "
      "equipment_scope, scope_classes, effective_date, citation, covered_names) VALUES "
      "(?1, ?2, ?3, ?4, (SELECT id FROM vendors WHERE name = ?5), ?6, ?7, ?8, ?9, ?10)");
  for (const Restriction& restriction : restrictions) {
    if (restriction.vendor) vendor.bind(1, *restriction.vendor).run();
    insert.bind(1, dataset)
        .bind(2, restriction.list_name)
        .bind(3, restriction.source)
        .bind(4, restriction.entity)
        .bind(5, restriction.vendor)
        .bind(6, restriction.equipment_scope)
        .bind(7, nlohmann::json(restriction.scope_classes).dump())
        .bind(8, restriction.effective_date)
        .bind(9, restriction.citation)
        .bind(10, nlohmann::json(restriction.covered_names).dump())
        .run();
  }
  transaction.commit();
}

std::vector<Restriction> load_restrictions(const Database& database) {
  Statement query(
      database,
      "SELECT r.list_name, r.source, r.entity, v.name, r.equipment_scope, r.scope_classes, "
      "r.effective_date, r.citation, r.dataset_id, r.covered_names FROM restrictions r "
      "LEFT JOIN vendors v ON v.id = r.vendor_id ORDER BY r.id");
  std::vector<Restriction> restrictions;
  while (query.step()) {
    Restriction restriction;
    restriction.list_name = query.text(0);
    restriction.source = query.text(1);
    restriction.entity = query.text(2);
    restriction.vendor = query.optional_text(3);
    restriction.equipment_scope = query.text(4);
    restriction.scope_classes =
        nlohmann::json::parse(query.text(5)).get<std::vector<std::string>>();
    restriction.effective_date = query.optional_text(6);
    restriction.citation = query.text(7);
    if (!query.is_null(8)) restriction.dataset_id = query.integer(8);
    restriction.covered_names =
        nlohmann::json::parse(query.text(9)).get<std::vector<std::string>>();
    restrictions.push_back(std::move(restriction));
  }
  return restrictions;
}

// A CVE's rows are gathered and sent a group of rows a statement, in the
// order their references need (a CVE, its configurations, their nodes, the
// nodes' criteria); configurations and nodes take ids reserved ahead
// rather than returned by their INSERT, so nothing waits for the store's
// answer. An error in a row surfaces at a later add() or at commit(); the
// load is one transaction, rolled back whole.
struct VulnerabilityWriter::State {
  static constexpr std::size_t rows_per_statement = 64;
  static constexpr std::size_t rows_held = 1024;  // CVEs or criteria waiting before all go

  State(Database& db)
      : database(db),
        transaction(db),
        remove(db, "DELETE FROM vulnerabilities WHERE cve_id = ?1"),
        vulnerabilities(insert_rows(
            db,
            "vulnerabilities(cve_id, dataset_id, published, description, cvss_v2, cvss_v3, "
            "cvss_v4, cvss_v2_vector, cvss_v3_vector, cvss_v4_vector)",
            10, "", rows_per_statement)),
        configurations(
            insert_rows(db, "vulnerability_configurations(cve_id, ordinal, operator, negate, id)",
                        5, "", rows_per_statement)),
        nodes(insert_rows(db,
                          "vulnerability_nodes(configuration_id, ordinal, operator, negate, id)", 5,
                          "", rows_per_statement)),
        matches(insert_rows(db,
                            "cpe_matches(node_id, cve_id, vulnerable, criteria, part, cpe_vendor, "
                            "cpe_product, start_including, start_excluding, end_including, "
                            "end_excluding)",
                            11, "", rows_per_statement)) {}

  void send() {
    for (MultiRowValues* rows : {&vulnerabilities, &configurations, &nodes, &matches}) rows->send();
  }

  Database& database;
  Transaction transaction;
  Statement remove;
  MultiRowValues vulnerabilities, configurations, nodes, matches;
  IdReservation configuration_ids{"vulnerability_configurations", 256},
      node_ids{"vulnerability_nodes", 256};
  std::int64_t dataset_id = 0;
  std::set<std::string> ids;
  Dataset provenance;
};

VulnerabilityWriter::VulnerabilityWriter(Database& database, Dataset provenance)
    : state_(std::make_unique<State>(database)) {
  state_->provenance = std::move(provenance);
  state_->dataset_id = record_dataset(database, state_->provenance);
}

VulnerabilityWriter::~VulnerabilityWriter() = default;

void VulnerabilityWriter::add(const Vulnerability& vulnerability) {
  State& s = *state_;
  // A CVE given twice in one load: its first rows go before they are replaced.
  if (s.ids.contains(vulnerability.cve_id)) s.send();
  s.remove.bind(1, vulnerability.cve_id).run();
  s.vulnerabilities.add(vulnerability.cve_id)
      .add(s.dataset_id)
      .add(vulnerability.published)
      .add(vulnerability.description)
      .add(vulnerability.cvss_v2)
      .add(vulnerability.cvss_v3)
      .add(vulnerability.cvss_v4)
      .add(vulnerability.cvss_v2_vector)
      .add(vulnerability.cvss_v3_vector)
      .add(vulnerability.cvss_v4_vector);
  Connection& connection = s.database.connection();
  std::int64_t configuration_ordinal = 0;
  for (const Configuration& configuration : vulnerability.configurations) {
    const std::int64_t configuration_id = s.configuration_ids.next(connection);
    s.configurations.add(vulnerability.cve_id)
        .add(configuration_ordinal++)
        .add(std::string_view(configuration.all ? "AND" : "OR"))
        .add(std::int64_t{configuration.negate ? 1 : 0})
        .add(configuration_id);
    std::int64_t node_ordinal = 0;
    for (const ConfigurationNode& node : configuration.nodes) {
      const std::int64_t node_id = s.node_ids.next(connection);
      s.nodes.add(configuration_id)
          .add(node_ordinal++)
          .add(std::string_view(node.all ? "AND" : "OR"))
          .add(std::int64_t{node.negate ? 1 : 0})
          .add(node_id);
      for (const CpeMatchCriterion& criterion : node.matches)
        s.matches.add(node_id)
            .add(vulnerability.cve_id)
            .add(std::int64_t{criterion.vulnerable ? 1 : 0})
            .add(criterion.criteria)
            .add(criterion.cpe[Cpe::part].value)
            .add(criterion.cpe[Cpe::vendor].value)
            .add(criterion.cpe[Cpe::product].value)
            .add(criterion.range.start_including)
            .add(criterion.range.start_excluding)
            .add(criterion.range.end_including)
            .add(criterion.range.end_excluding);
    }
  }
  s.ids.insert(vulnerability.cve_id);
  if (s.matches.rows() >= State::rows_held || s.vulnerabilities.rows() >= State::rows_held)
    s.send();
}

void VulnerabilityWriter::set_version(std::string version) {
  state_->provenance.version = std::move(version);
}

void VulnerabilityWriter::set_data_date(std::string date) {
  state_->provenance.data_date = std::move(date);
}

void VulnerabilityWriter::commit() {
  state_->send();
  Statement count(state_->database,
                  "UPDATE datasets SET row_count = ?2, version = ?3, data_date = ?4 WHERE id = ?1");
  count.bind(1, state_->dataset_id)
      .bind(2, static_cast<std::int64_t>(state_->ids.size()))
      .bind(3, state_->provenance.version)
      .bind(4, state_->provenance.data_date)
      .run();
  // Judging looks each matched CVE's configuration tree up by index; plans
  // made while these tables looked empty would scan them instead.
  constexpr std::array<std::string_view, 4> loaded{
      "vulnerabilities", "vulnerability_configurations", "vulnerability_nodes", "cpe_matches"};
  state_->database.connection().refresh_statistics(loaded);
  state_->transaction.commit();
}

void replace_known_exploited(Database& database, const std::vector<KnownExploited>& entries,
                             Dataset provenance) {
  Transaction transaction(database);
  database.execute("DELETE FROM known_exploited");
  provenance.row_count = static_cast<std::int64_t>(entries.size());
  const std::int64_t dataset = record_dataset(database, provenance);
  Statement insert(
      database,
      "INSERT INTO known_exploited(cve_id, dataset_id, vendor_project, product, name, "
      "date_added, due_date, ransomware, vendor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
      "ON CONFLICT(cve_id) DO UPDATE SET dataset_id = excluded.dataset_id, vendor_project = "
      "excluded.vendor_project, product = excluded.product, name = excluded.name, date_added = "
      "excluded.date_added, due_date = excluded.due_date, ransomware = excluded.ransomware, "
      "vendor = excluded.vendor");
  for (const KnownExploited& entry : entries)
    insert.bind(1, entry.cve_id)
        .bind(2, dataset)
        .bind(3, entry.vendor_project)
        .bind(4, entry.product)
        .bind(5, entry.name)
        .bind(6, entry.date_added)
        .bind(7, entry.due_date)
        .bind(8, entry.ransomware)
        .bind(9, entry.vendor)
        .run();
  transaction.commit();
}

void replace_lifecycle(Database& database, const std::vector<LifecycleEntry>& entries,
                       Dataset provenance) {
  Transaction transaction(database);
  Statement remove_os(database,
                      "DELETE FROM lifecycle WHERE subject = 'os_release' AND os_family = ?1");
  Statement remove_vendor(database,
                          "DELETE FROM lifecycle WHERE subject = 'product' AND vendor = ?1");
  std::set<std::string> families, vendors;
  for (const LifecycleEntry& entry : entries) {
    if (entry.subject == "os_release" && entry.os_family) families.insert(*entry.os_family);
    if (entry.subject == "product" && entry.vendor) vendors.insert(*entry.vendor);
  }
  for (const std::string& family : families) remove_os.bind(1, family).run();
  for (const std::string& vendor : vendors) remove_vendor.bind(1, vendor).run();
  provenance.row_count = static_cast<std::int64_t>(entries.size());
  const std::int64_t dataset = record_dataset(database, provenance);
  Statement insert(
      database,
      "INSERT INTO lifecycle(dataset_id, subject, os_family, vendor, pattern, end_of_sale, "
      "end_of_support, end_of_life, link) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (const LifecycleEntry& entry : entries)
    insert.bind(1, dataset)
        .bind(2, entry.subject)
        .bind(3, entry.os_family)
        .bind(4, entry.vendor)
        .bind(5, entry.pattern)
        .bind(6, entry.end_of_sale)
        .bind(7, entry.end_of_support)
        .bind(8, entry.end_of_life)
        .bind(9, entry.link)
        .run();
  transaction.commit();
}

std::vector<LifecycleEntry> load_lifecycle(const Database& database) {
  Statement query(
      database,
      "SELECT subject, os_family, vendor, pattern, end_of_sale, end_of_support, end_of_life, "
      "link, dataset_id FROM lifecycle ORDER BY id");
  std::vector<LifecycleEntry> entries;
  while (query.step()) {
    LifecycleEntry entry;
    entry.subject = query.text(0);
    entry.os_family = query.optional_text(1);
    entry.vendor = query.optional_text(2);
    entry.pattern = query.text(3);
    entry.end_of_sale = query.optional_text(4);
    entry.end_of_support = query.optional_text(5);
    entry.end_of_life = query.optional_text(6);
    entry.link = query.optional_text(7);
    if (!query.is_null(8)) entry.dataset_id = query.integer(8);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace kensa::riskdb
