#pragma once
// Which of the datasets judging reads a database does not hold, and what
// each one's absence leaves out, so that no command reports a clean result
// that is clean only because a dataset is missing.
//
// Contract: missing_datasets lists, in a fixed order (restrictions, kev,
// nvd, eol, screening), every kind with no load at all; `leaves_out` is a
// phrase for the operator ("known-exploited findings"). An empty load
// counts as loaded: the import refused it unless the operator asked.

#include <string>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/datasets.hpp"

namespace kensa::riskdb {

struct MissingDataset {
  std::string kind;
  std::string leaves_out;
};

[[nodiscard]] std::vector<MissingDataset> missing_datasets(const Database& database);
// The same, of a set of loads (those in force when a sweep was judged).
[[nodiscard]] std::vector<MissingDataset> missing_from(const std::vector<Dataset>& loaded);

// "kev (known-exploited findings), nvd (...)": one line for a summary.
[[nodiscard]] std::string describe_missing(const std::vector<MissingDataset>& missing);

}  // namespace kensa::riskdb
