#pragma once
// Where a secret comes from: a file named on the command line, or else an
// environment variable. Secrets are never taken from the command line itself,
// where every user of the machine can read them in the process list.
//
// Contract: read_secret returns the file's content without its final line
// break, or the variable's value, or nullopt when neither is given. It throws
// UsageError when the file cannot be read, is not a regular file, is larger
// than 4 KiB, holds more than one line, is empty, or can be read or written
// by every user of the machine (mode o+r or o+w). Messages name the file or
// variable, never the secret.

#include <filesystem>
#include <optional>
#include <string_view>

#include "scanner/secret.hpp"

namespace kensa::cli {

std::optional<scanner::Secret> read_secret(const std::optional<std::filesystem::path>& file,
                                           const char* environment_variable, std::string_view what);

}  // namespace kensa::cli
