#pragma once
// A database in a temporary directory with kensa's real catalogue loaded,
// and helpers to describe devices, for the riskdb tests.

#include <doctest/doctest.h>

#include <string>

#include "feeds/catalogue_import.hpp"
#include "riskdb/data_files.hpp"
#include "riskdb/database.hpp"
#include "riskdb/datasets.hpp"
#include "riskdb/statement.hpp"
#include "scanner/device.hpp"
#include "tests/harness/child_process.hpp"
#include "tests/harness/test_database.hpp"

namespace kensa::testing {

struct RiskDbFixture {
  TemporaryDirectory directory;
  riskdb::Database database = riskdb::Database::open(test_database_location(directory));

  RiskDbFixture() {
    feeds::ensure_catalogue(database, std::filesystem::path(KENSA_DATA_DIR) / "vendors.json",
                            riskdb::risk_data_file("os-families.json"));
  }
};

inline scanner::Device make_device(std::string vendor, std::string model, std::string os = {},
                                   std::string firmware = {}, std::string serial = {}) {
  scanner::Device device;
  device.source = "test";
  device.vendor = std::move(vendor);
  device.model = std::move(model);
  if (!os.empty()) device.os = std::move(os);
  if (!firmware.empty()) device.firmware = std::move(firmware);
  if (!serial.empty()) device.serial = std::move(serial);
  return device;
}

// The single integer `sql` selects.
inline std::int64_t count_of(const riskdb::Database& database, const std::string& sql) {
  riskdb::Statement query(database, sql);
  REQUIRE(query.step());
  return query.integer(0);
}

inline riskdb::Dataset test_dataset(const char* kind) {
  riskdb::Dataset dataset;
  dataset.kind = kind;
  dataset.source = std::string("test ") + kind;
  dataset.version = "1";
  dataset.sha256 = std::string(64, 'a');
  return dataset;
}

}  // namespace kensa::testing
