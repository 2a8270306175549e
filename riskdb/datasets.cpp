#include "riskdb/datasets.hpp"

#include <ctime>
#include <map>

#include "riskdb/statement.hpp"

namespace kensa::riskdb {
namespace {

Dataset read_dataset(const Statement& row) {
  Dataset dataset;
  dataset.id = row.integer(0);
  dataset.kind = row.text(1);
  dataset.source = row.text(2);
  dataset.version = row.optional_text(3);
  dataset.sha256 = row.text(4);
  dataset.loaded_at = row.text(5);
  dataset.row_count = row.integer(6);
  dataset.etag = row.optional_text(7);
  dataset.last_modified = row.optional_text(8);
  dataset.data_date = row.optional_text(9);
  return dataset;
}

const std::string dataset_columns =
    "SELECT id, kind, source, version, sha256, loaded_at, row_count, etag, last_modified, "
    "data_date ";

const std::string newest_per_kind =
    dataset_columns +
    "FROM datasets d WHERE id = (SELECT max(id) FROM datasets WHERE kind = d.kind)";

}  // namespace

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return {text, length};
}

std::int64_t record_dataset(Database& database, Dataset dataset) {
  if (dataset.loaded_at.empty()) dataset.loaded_at = utc_now();
  Statement insert(
      database,
      "INSERT INTO datasets(kind, source, version, sha256, loaded_at, row_count, etag, "
      "last_modified, data_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id");
  insert.bind(1, dataset.kind)
      .bind(2, dataset.source)
      .bind(3, dataset.version)
      .bind(4, dataset.sha256)
      .bind(5, dataset.loaded_at)
      .bind(6, dataset.row_count)
      .bind(7, dataset.etag)
      .bind(8, dataset.last_modified)
      .bind(9, dataset.data_date);
  return returned_id(insert);
}

std::vector<Dataset> current_datasets(const Database& database) {
  Statement query(database, newest_per_kind + " ORDER BY kind");
  std::vector<Dataset> datasets;
  while (query.step()) datasets.push_back(read_dataset(query));
  return datasets;
}

std::optional<Dataset> find_dataset(const Database& database, std::int64_t id) {
  Statement query(database, dataset_columns + "FROM datasets WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_dataset(query);
}

std::optional<Dataset> current_dataset(const Database& database, const std::string& kind) {
  Statement query(database, newest_per_kind + " AND kind = ?1");
  query.bind(1, kind);
  if (!query.step()) return std::nullopt;
  return read_dataset(query);
}

std::int64_t rows_held(const Database& database, const std::string& kind) {
  static const std::map<std::string, std::string, std::less<>> tables{
      {"oui", "mac_blocks"},
      {"pen", "enterprise_numbers"},
      {"kev", "known_exploited"},
      {"nvd", "vulnerabilities"},
      {"eol", "lifecycle"},
      {"restrictions", "restrictions"},
      {"screening", "screening_register"},
      {"mibs", "mib_identity_objects"},
  };
  const auto table = tables.find(kind);
  if (table == tables.end()) throw DatabaseError("no dataset kind " + kind);
  Statement count(database, "SELECT count(*) FROM " + table->second);
  return count.step() ? count.integer(0) : 0;
}

}  // namespace kensa::riskdb
