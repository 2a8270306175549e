#include "riskdb/dataset_coverage.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "riskdb/datasets.hpp"

namespace kensa::riskdb {

namespace {
constexpr std::array<std::pair<const char*, const char*>, 5> judged{{
    {"restrictions", "restricted-vendor findings"},
    {"kev", "known-exploited findings"},
    {"nvd", "vulnerability (CVE) findings"},
    {"eol", "end-of-life findings of OS releases"},
    {"screening", "screening verdicts: every device counts as unscreened"},
}};
}  // namespace

std::vector<MissingDataset> missing_from(const std::vector<Dataset>& loaded) {
  std::vector<MissingDataset> missing;
  for (const auto& [kind, leaves_out] : judged)
    if (std::none_of(loaded.begin(), loaded.end(),
                     [kind = kind](const Dataset& dataset) { return dataset.kind == kind; }))
      missing.push_back({kind, leaves_out});
  return missing;
}

std::vector<MissingDataset> missing_datasets(const Database& database) {
  return missing_from(current_datasets(database));
}

std::string describe_missing(const std::vector<MissingDataset>& missing) {
  std::string text;
  for (const MissingDataset& dataset : missing)
    text += (text.empty() ? "" : ", ") + dataset.kind + " (" + dataset.leaves_out + ")";
  return text;
}

}  // namespace kensa::riskdb
