#include "scanner/file_text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace kensa::scanner {

std::string read_file_text(const std::filesystem::path& file, std::string_view what) {
  const auto failed = [&] {
    return std::runtime_error("cannot read " + std::string(what) + " " + file.string() + ": " +
                              std::strerror(errno));
  };
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"),
                                                           &std::fclose);
  if (!in) throw failed();
  std::string text;
  char buffer[65536];
  while (const std::size_t read = std::fread(buffer, 1, sizeof buffer, in.get()))
    text.append(buffer, read);
  if (std::ferror(in.get())) throw failed();
  return text;
}

}  // namespace kensa::scanner
