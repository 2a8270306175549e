#pragma once
// Where riskdb's data files are: os-families.json and the default policy.
//
// Contract: a file in $KENSA_DATA_DIR wins; then the share/kensa directory
// of an installed kensa (scanner::installed_share_directory: an
// installation puts every data file of kensa there); otherwise the copy in
// the source tree this kensa was built from.

#include <filesystem>
#include <string_view>

namespace kensa::riskdb {

[[nodiscard]] std::filesystem::path risk_data_file(std::string_view name);

}  // namespace kensa::riskdb
