#include "cli/secret_source.hpp"

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "cli/usage_error.hpp"

namespace kensa::cli {
namespace {

constexpr std::uintmax_t max_secret_file_size = 4096;

std::string octal_mode(mode_t mode) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "%04o", static_cast<unsigned>(mode & 07777U));
  return text.data();
}

scanner::Secret read_secret_file(const std::filesystem::path& file, std::string_view what) {
  const std::string name = std::string(what) + " file " + file.string();
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0)
    throw UsageError("cannot read " + name + ": " + std::strerror(errno));
  if (!S_ISREG(status.st_mode)) throw UsageError(name + " is not a regular file");
  if ((status.st_mode & (S_IROTH | S_IWOTH)) != 0)
    throw UsageError(name + " is accessible to every user (mode " + octal_mode(status.st_mode) +
                     "); restrict it with: chmod 600 " + file.string());
  if (static_cast<std::uintmax_t>(status.st_size) > max_secret_file_size)
    throw UsageError(name + " is larger than 4 KiB; it should hold one line");

  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError("cannot read " + name + ": " + std::strerror(errno));
  std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!content.empty() && content.back() == '\n') content.pop_back();
  if (!content.empty() && content.back() == '\r') content.pop_back();
  if (content.find_first_of("\r\n") != std::string::npos)
    throw UsageError(name + " holds more than one line; it should hold the secret alone");
  if (content.empty()) throw UsageError(name + " is empty");
  return scanner::Secret(std::move(content));
}

}  // namespace

std::optional<scanner::Secret> read_secret(const std::optional<std::filesystem::path>& file,
                                           const char* environment_variable,
                                           std::string_view what) {
  if (file) return read_secret_file(*file, what);
  const char* value = std::getenv(environment_variable);
  if (value == nullptr) return std::nullopt;
  if (*value == '\0')
    throw UsageError(std::string("environment variable ") + environment_variable + " is empty");
  return scanner::Secret(value);
}

}  // namespace kensa::cli
