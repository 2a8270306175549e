#pragma once
// The operator's screening register as CSV: import (through import_feed)
// and export, losslessly: exporting what was imported gives the same rows.
//
// Columns, in this order (header required, names as here):
//   vendor, model_pattern, firmware_min, firmware_max, scope, status,
//   case_id, decided_on, expires_on, note
// scope is device or module; status approved, pending, rejected or expired;
// dates YYYY-MM-DD; empty cells are unknown (model_pattern empty is "*").

#include <ostream>

#include "riskdb/database.hpp"

namespace kensa::feeds {

void export_screening_register(const riskdb::Database& database, std::ostream& out);

}  // namespace kensa::feeds
