#pragma once
// Where riskdb's data files are: os-families.json and the default policy.
//
// Contract: a file in $KENSA_DATA_DIR wins (an installation puts every
// data file of kensa in one directory, share/kensa); otherwise the copy in
// the source tree this kensa was built from.

#include <filesystem>
#include <string_view>

namespace kensa::riskdb {

[[nodiscard]] std::filesystem::path risk_data_file(std::string_view name);

}  // namespace kensa::riskdb
