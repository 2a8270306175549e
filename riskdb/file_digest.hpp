#pragma once
// The SHA-256 of a file, as recorded in the provenance of every dataset
// kensa loads.
//
// Contract: reads the file in bounded chunks (any size, constant memory) and
// returns 64 lowercase hex digits. Throws std::runtime_error naming the file
// and the system's reason when it cannot be read.

#include <filesystem>
#include <string>
#include <string_view>

namespace kensa::riskdb {

std::string sha256_of_file(const std::filesystem::path& file);
std::string sha256_of_bytes(std::string_view bytes);

}  // namespace kensa::riskdb
