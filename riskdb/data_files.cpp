#include "riskdb/data_files.hpp"

#include <cstdlib>

#include "scanner/installed_data.hpp"

namespace kensa::riskdb {

std::filesystem::path risk_data_file(std::string_view name) {
  if (const char* directory = std::getenv("KENSA_DATA_DIR");
      directory != nullptr && *directory != '\0') {
    std::filesystem::path candidate = std::filesystem::path(directory) / name;
    if (std::filesystem::exists(candidate)) return candidate;
  }
  if (const auto installed = scanner::installed_share_directory()) return *installed / name;
  return std::filesystem::path(KENSA_BUILT_RISKDB_DATA_DIR) / name;
}

}  // namespace kensa::riskdb
