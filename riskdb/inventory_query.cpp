#include "riskdb/inventory_query.hpp"

#include <arpa/inet.h>

#include <stdexcept>

#include "riskdb/inventory.hpp"
#include "riskdb/query_filters.hpp"
#include "riskdb/sql_dialect.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {

std::vector<InventoryRow> query_inventory(const Database& database, const InventoryFilter& filter) {
  std::string sql =
      "SELECT d.id, d.vendor, d.os, d.model, d.firmware, d.serial, d.sys_name, d.location, "
      "d.chassis_mac, d.risk, d.screening_status, d.first_seen_at, d.last_seen_at, "
      "d.first_sweep_id, "
      "d.last_sweep_id, d.neighbor_only, "
      "(SELECT " +
      sql_joined(database, "address", "' '") +
      " FROM (SELECT address FROM device_addresses a "
      "WHERE a.device_id = d.id ORDER BY a.address_bytes) ordered), ls.site FROM devices d "
      "JOIN sweeps ls ON ls.id = d.last_sweep_id WHERE 1 = 1";
  if (filter.site) sql += " AND ls.site = ?20";
  const std::string like(sql_like(database));
  if (filter.vendor) sql += " AND lower(d.vendor) = lower(?1)";
  if (filter.model) sql += " AND d.model " + like + " ?2 ESCAPE '\\'";
  if (filter.firmware) sql += " AND d.firmware " + like + " ?3 ESCAPE '\\'";
  if (filter.screening) sql += " AND d.screening_status = ?4";
  if (filter.seen_since) sql += " AND d.last_seen_at >= ?5";
  if (filter.subnet)
    sql +=
        " AND EXISTS (SELECT 1 FROM device_addresses a WHERE a.device_id = d.id "
        "AND a.address_bytes BETWEEN ?6 AND ?7)";
  if (!filter.include_neighbor_only) sql += " AND d.neighbor_only = 0";
  std::vector<std::string> risks;
  if (filter.min_risk) {
    risks = severities_at_least(*filter.min_risk);
    sql += " AND d.risk IN (" + placeholders(8, risks.size()) + ")";
  }
  sql += " ORDER BY d.id";
  Statement query(database, sql);
  if (filter.vendor) query.bind(1, *filter.vendor);
  if (filter.model) query.bind(2, like_pattern(*filter.model));
  if (filter.firmware) query.bind(3, like_pattern(*filter.firmware));
  if (filter.screening) query.bind(4, *filter.screening);
  if (filter.seen_since) query.bind(5, *filter.seen_since);
  if (filter.subnet) {
    const ByteRange range = subnet_range(*filter.subnet);
    query.bind_blob(6, range.low).bind_blob(7, range.high);
  }
  for (std::size_t i = 0; i < risks.size(); ++i) query.bind(static_cast<int>(8 + i), risks[i]);
  if (filter.site) query.bind(20, *filter.site);
  std::vector<InventoryRow> rows;
  while (query.step()) {
    InventoryRow row;
    row.id = query.integer(0);
    row.vendor = query.optional_text(1);
    row.os = query.optional_text(2);
    row.model = query.optional_text(3);
    row.firmware = query.optional_text(4);
    row.serial = query.optional_text(5);
    row.sys_name = query.optional_text(6);
    row.location = query.optional_text(7);
    row.chassis_mac = query.optional_text(8);
    row.risk = query.optional_text(9);
    row.screening = query.optional_text(10);
    row.first_seen_at = query.text(11);
    row.last_seen_at = query.text(12);
    row.first_sweep_id = query.integer(13);
    row.last_sweep_id = query.integer(14);
    row.neighbor_only = query.integer(15) != 0;
    row.site = query.optional_text(17);
    const std::string addresses = query.text(16);
    for (std::size_t start = 0; start < addresses.size();) {
      const auto space = addresses.find(' ', start);
      row.addresses.push_back(addresses.substr(start, space - start));
      if (space == std::string::npos) break;
      start = space + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<HistoryRow> device_history(const Database& database, std::int64_t device_id) {
  Statement query(database,
                  "SELECT sweep_id, observed_at, address, vendor, os, model, firmware, serial, "
                  "screening_status FROM observations WHERE device_id = ?1 ORDER BY sweep_id");
  query.bind(1, device_id);
  std::vector<HistoryRow> rows;
  while (query.step())
    rows.push_back({query.integer(0), query.text(1), query.optional_text(2), query.optional_text(3),
                    query.optional_text(4), query.optional_text(5), query.optional_text(6),
                    query.optional_text(7), query.optional_text(8)});
  return rows;
}

namespace {

// The one id `query` selects (a max()), or nullopt.
std::optional<std::int64_t> selected_id(Statement& query) {
  if (!query.step() || query.is_null(0)) return std::nullopt;
  return query.integer(0);
}

}  // namespace

std::optional<std::int64_t> latest_judged_sweep(const Database& database,
                                                const std::optional<std::string>& site) {
  Statement query(database, std::string("SELECT max(id) FROM sweeps WHERE judged_at IS NOT NULL") +
                                (site ? " AND site = ?1" : ""));
  if (site) query.bind(1, *site);
  return selected_id(query);
}

namespace {

// The newest sweep of each site that `condition` (on ?1) keeps, by site.
std::vector<std::int64_t> latest_of_each_site(const Database& database,
                                              const std::string& condition,
                                              const std::optional<std::string>& parameter) {
  Statement query(database, "SELECT max(id) FROM sweeps WHERE " + condition +
                                " GROUP BY coalesce(site, '') ORDER BY coalesce(site, '')");
  if (parameter) query.bind(1, *parameter);
  std::vector<std::int64_t> sweeps;
  while (query.step()) sweeps.push_back(query.integer(0));
  return sweeps;
}

}  // namespace

std::vector<std::int64_t> latest_judged_sweep_of_each_site(const Database& database) {
  return latest_of_each_site(database, "judged_at IS NOT NULL", std::nullopt);
}

std::vector<std::int64_t> latest_sweep_of_each_site(const Database& database,
                                                    const std::string& status) {
  return latest_of_each_site(database, "status = ?1", status);
}

std::optional<std::int64_t> previous_judged_sweep(const Database& database, std::int64_t sweep) {
  Statement query(database,
                  "SELECT max(id) FROM sweeps WHERE judged_at IS NOT NULL AND id < ?1 AND "
                  "coalesce(site, '') = (SELECT coalesce(site, '') FROM sweeps WHERE id = ?1)");
  query.bind(1, sweep);
  return selected_id(query);
}

std::optional<std::int64_t> latest_sweep(const Database& database,
                                         std::optional<std::string_view> status,
                                         const std::optional<std::string>& site) {
  std::string sql = "SELECT max(id) FROM sweeps WHERE 1 = 1";
  if (status) sql += " AND status = ?1";
  if (site) sql += " AND site = ?2";
  Statement query(database, sql);
  if (status) query.bind(1, *status);
  if (site) query.bind(2, *site);
  return selected_id(query);
}

std::vector<FindingRow> query_findings(const Database& database, const FindingFilter& filter) {
  std::vector<FindingRow> rows;
  visit_findings(database, filter, [&rows](const FindingRow& row) { rows.push_back(row); });
  return rows;
}

std::map<std::int64_t, std::vector<std::string>> undetermined_by_device(
    const Database& database, const FindingFilter& filter) {
  std::map<std::int64_t, std::vector<std::string>> found;
  const auto sweep = filter.sweep_id ? filter.sweep_id : latest_judged_sweep(database);
  if (!sweep) return found;
  std::string sql =
      "SELECT o.device_id, j.value FROM observations o JOIN software_profiles p ON "
      "p.id = o.profile_id, " +
      sql_json_strings(database, "p.undetermined_cves", "j") + " WHERE o.sweep_id = ?1";
  if (filter.vendor) sql += " AND lower(o.vendor) = lower(?2)";
  if (filter.device_id) sql += " AND o.device_id = ?3";
  sql += " ORDER BY o.device_id, j.value";
  Statement query(database, sql);
  query.bind(1, *sweep);
  if (filter.vendor) query.bind(2, *filter.vendor);
  if (filter.device_id) query.bind(3, *filter.device_id);
  while (query.step()) found[query.integer(0)].push_back(query.text(1));
  return found;
}

}  // namespace kensa::riskdb
