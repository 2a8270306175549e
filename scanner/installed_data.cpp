#include "scanner/installed_data.hpp"

namespace kensa::scanner {

std::optional<std::filesystem::path> installed_share_directory() {
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return std::nullopt;
  const auto share = (executable.parent_path() / KENSA_DATA_FROM_BINARY).lexically_normal();
  if (!std::filesystem::is_directory(share, error)) return std::nullopt;
  return share;
}

}  // namespace kensa::scanner
