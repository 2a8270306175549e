#include "riskdb/dataset_coverage.hpp"

#include <array>
#include <utility>

#include "riskdb/datasets.hpp"

namespace kensa::riskdb {

std::vector<MissingDataset> missing_datasets(const Database& database) {
  static constexpr std::array<std::pair<const char*, const char*>, 5> judged{{
      {"restrictions", "restricted-vendor findings"},
      {"kev", "known-exploited findings"},
      {"nvd", "vulnerability (CVE) findings"},
      {"eol", "end-of-life findings of OS releases"},
      {"screening", "screening verdicts: every device counts as unscreened"},
  }};
  std::vector<MissingDataset> missing;
  for (const auto& [kind, leaves_out] : judged)
    if (!current_dataset(database, kind)) missing.push_back({kind, leaves_out});
  return missing;
}

std::string describe_missing(const std::vector<MissingDataset>& missing) {
  std::string text;
  for (const MissingDataset& dataset : missing)
    text += (text.empty() ? "" : ", ") + dataset.kind + " (" + dataset.leaves_out + ")";
  return text;
}

}  // namespace kensa::riskdb
