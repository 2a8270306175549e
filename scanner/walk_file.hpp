#pragma once
// Recorded walks as kensa reads them: snmpsim .snmprec files and net-snmp
// `snmpwalk -On` / `-Onx` output. The format is detected from the content.
//
// Contract: read_walk_file never throws for bad rows: a row it cannot read
// is skipped and counted in `skipped`, with the first few described in
// `warnings` (file and line). It throws std::runtime_error naming the file
// when the file cannot be read at all. Rows may come in any order.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/snmp_source.hpp"

namespace kensa::scanner {

struct WalkFile {
  MibSnapshot values;
  std::string format;  // "snmprec" or "snmpwalk"
  std::size_t rows = 0;
  std::size_t skipped = 0;
  std::vector<std::string> warnings;
};

WalkFile read_walk_file(const std::filesystem::path& file);
// A walk of one whole device, as `kensa check` and `identify` need: throws
// std::runtime_error naming the file when it is empty, UTF-16 or UTF-32
// text, has no readable row at all, or has no system group (neither
// sysDescr nor sysObjectID). Reads as read_walk_file does otherwise.
WalkFile read_device_walk(const std::filesystem::path& file);
WalkFile parse_walk_text(std::string_view text, const std::string& source_name);

}  // namespace kensa::scanner
