#pragma once
// A whole file read into memory in one go, for the data files and walks that
// are parsed from text.
//
// Contract: returns the file's bytes unchanged; throws std::runtime_error
// "cannot read <what> <path>: <reason>" when it cannot be opened or read.

#include <filesystem>
#include <string>
#include <string_view>

namespace kensa::scanner {

[[nodiscard]] std::string read_file_text(const std::filesystem::path& file, std::string_view what);

}  // namespace kensa::scanner
