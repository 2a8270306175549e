#include "scanner/oui_registry.hpp"

#include <array>
#include <cctype>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace kensa::scanner {
namespace {

// The first `wanted` RFC 4180 fields of one line into `fields`, whose
// strings keep their capacity from line to line (the registries have no
// line breaks in fields); fewer when the line has fewer.
void csv_fields(const std::string& line, std::size_t wanted, std::vector<std::string>& fields) {
  fields.resize(wanted);
  for (auto& field : fields) field.clear();
  std::size_t at = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
        fields[at] += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        fields[at] += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      if (++at == wanted) return;
    } else if (c != '\r') {
      fields[at] += c;
    }
  }
  fields.resize(at + 1);
}

std::optional<std::uint64_t> hex_value(std::string_view digits) {
  std::uint64_t value = 0;
  for (const char c : digits) {
    const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                      : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                                                                  : -1;
    if (digit < 0) return std::nullopt;
    value = value * 16 + static_cast<std::uint64_t>(digit);
  }
  return value;
}

std::uint64_t key(unsigned bits, std::uint64_t prefix) {
  return (static_cast<std::uint64_t>(bits) << 40U) | prefix;
}

}  // namespace

OuiRegistry OuiRegistry::load(const std::filesystem::path& directory) {
  OuiRegistry registry;
  registry.blocks_.reserve(65536);  // Debian's files hold about 50,000 blocks
  for (const char* name : {"oui.csv", "mam.csv", "oui36.csv", "iab.csv"}) {
    const auto file = directory / name;
    if (!std::filesystem::exists(file)) continue;
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read the IEEE registry " + file.string());
    std::vector<std::string> fields;
    for (std::string line; std::getline(in, line);) {
      csv_fields(line, 3, fields);
      if (fields.size() < 3 || fields[0] == "Registry") continue;
      const std::string& assignment = fields[1];
      const auto prefix = hex_value(assignment);
      if (!prefix || (assignment.size() != 6 && assignment.size() != 7 && assignment.size() != 9))
        continue;
      registry.blocks_[key(static_cast<unsigned>(assignment.size() * 4), *prefix)] = fields[2];
    }
  }
  return registry;
}

OuiRegistry OuiRegistry::from_blocks(const std::vector<Block>& blocks) {
  OuiRegistry registry;
  for (const Block& block : blocks) {
    const auto prefix = hex_value(block.prefix);
    if (!prefix || block.prefix.size() * 4 != block.bits ||
        (block.bits != 24 && block.bits != 28 && block.bits != 36))
      continue;
    registry.blocks_[key(block.bits, *prefix)] = block.organisation;
  }
  return registry;
}

std::optional<std::string> OuiRegistry::organisation(std::string_view mac) const {
  std::string digits;
  if (mac.size() == 6) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char c : mac) {
      digits += hex[static_cast<unsigned char>(c) >> 4U];
      digits += hex[static_cast<unsigned char>(c) & 0x0FU];
    }
  } else {
    for (const char c : mac)
      if (std::isxdigit(static_cast<unsigned char>(c)))
        digits += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (digits.size() != 12) return std::nullopt;
  for (const std::size_t length : {std::size_t{9}, std::size_t{7}, std::size_t{6}}) {
    const auto prefix = hex_value(std::string_view(digits).substr(0, length));
    const auto found = blocks_.find(key(static_cast<unsigned>(length * 4), *prefix));
    if (found != blocks_.end()) return found->second;
  }
  return std::nullopt;
}

}  // namespace kensa::scanner
