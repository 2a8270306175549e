#include "scanner/walk_file.hpp"

#include "scanner/file_text.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <stdexcept>

namespace kensa::scanner {
namespace {

constexpr std::size_t warnings_kept = 10;

std::optional<std::string> from_hex(std::string_view text) {
  std::string out;
  int high = -1;
  for (const char c : text) {
    if (c == ' ' || c == ':' || c == '\n' || c == '\r' || c == '\t') continue;
    int digit = 0;
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (c >= 'a' && c <= 'f')
      digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      digit = c - 'A' + 10;
    else
      return std::nullopt;
    if (high < 0) {
      high = digit;
    } else {
      out.push_back(static_cast<char>(high * 16 + digit));
      high = -1;
    }
  }
  if (high >= 0) return std::nullopt;
  return out;
}

// Python-style escapes, as snmpsim writes them for tag suffix "e".
std::optional<std::string> unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out.push_back(text[i]);
      continue;
    }
    const char c = text[++i];
    switch (c) {
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'v': out.push_back('\v'); break;
      case '\\':
      case '\'':
      case '"': out.push_back(c); break;
      case 'x': {
        if (i + 2 >= text.size()) return std::nullopt;
        const auto byte = from_hex(text.substr(i + 1, 2));
        if (!byte || byte->size() != 1) return std::nullopt;
        out += *byte;
        i += 2;
        break;
      }
      default:
        if (c >= '0' && c <= '7') {
          int value = 0;
          std::size_t digits = 0;
          while (digits < 3 && i < text.size() && text[i] >= '0' && text[i] <= '7') {
            value = value * 8 + (text[i] - '0');
            ++i, ++digits;
          }
          --i;
          out.push_back(static_cast<char>(value & 0xFF));
        } else {
          out.push_back('\\');
          out.push_back(c);
        }
    }
  }
  return out;
}

template <typename Number>
std::optional<Number> number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::string> ip_octets(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  for (int part = 0; part < 4; ++part) {
    const auto dot = text.find('.', start);
    const auto value = number<unsigned>(text.substr(start, dot - start));
    if (!value || *value > 255) return std::nullopt;
    out.push_back(static_cast<char>(*value));
    if (part < 3 && dot == std::string_view::npos) return std::nullopt;
    start = dot + 1;
  }
  return out;
}

// One snmprec row: OID|TAG|VALUE.
std::optional<VarBind> snmprec_row(std::string_view line) {
  const auto first = line.find('|');
  const auto second = first == std::string_view::npos ? first : line.find('|', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto oid = parse_oid(line.substr(0, first));
  if (!oid) return std::nullopt;
  std::string_view tag = line.substr(first + 1, second - first - 1);
  std::string_view text = line.substr(second + 1);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  bool hex = false;
  bool escaped = false;
  if (!tag.empty() && tag.back() == 'x')
    hex = true, tag.remove_suffix(1);
  else if (!tag.empty() && tag.back() == 'e')
    escaped = true, tag.remove_suffix(1);
  const auto tag_number = number<int>(tag);
  if (!tag_number) return std::nullopt;

  std::optional<std::string> raw;
  if (hex)
    raw = from_hex(text);
  else if (escaped)
    raw = unescape(text);
  else
    raw = std::string(text);
  if (!raw) return std::nullopt;

  VarBind row{*oid, {}};
  SnmpValue& value = row.value;
  switch (*tag_number) {
    case 2: {
      value.type = ValueType::integer;
      const auto n = number<std::int64_t>(*raw);
      if (!n) return std::nullopt;
      value.number = *n;
      return row;
    }
    case 4:
      value.type = ValueType::octet_string;
      value.octets = *raw;
      return row;
    case 5: value.type = ValueType::null; return row;
    case 6: {
      value.type = ValueType::object_id;
      // Some recorders leave a trailing space or dot on OID values.
      while (!raw->empty() && (raw->back() == ' ' || raw->back() == '.')) raw->pop_back();
      const auto target = parse_oid(*raw);
      if (!target) return std::nullopt;
      value.oid = *target;
      return row;
    }
    case 64: {
      value.type = ValueType::ip_address;
      if (hex) {
        value.octets = *raw;
      } else {
        const auto octets = ip_octets(*raw);
        if (!octets) return std::nullopt;
        value.octets = *octets;
      }
      return row;
    }
    case 65:
    case 66:
    case 67:
    case 70: {
      value.type = *tag_number == 65   ? ValueType::counter32
                   : *tag_number == 66 ? ValueType::gauge32
                   : *tag_number == 67 ? ValueType::timeticks
                                       : ValueType::counter64;
      const auto n = number<std::uint64_t>(*raw);
      if (!n) return std::nullopt;
      value.number = static_cast<std::int64_t>(*n);
      return row;
    }
    case 68:
      value.type = ValueType::opaque;
      value.octets = *raw;
      return row;
    case 128: value.type = ValueType::no_such_object; return row;
    case 129: value.type = ValueType::no_such_instance; return row;
    case 130: value.type = ValueType::end_of_mib_view; return row;
    default: return std::nullopt;
  }
}

// The value part of an snmpwalk -On line after "= ".
std::optional<SnmpValue> snmpwalk_value(std::string_view text) {
  SnmpValue value;
  if (text == "\"\"" || text.empty()) {
    value.type = ValueType::octet_string;
    return value;
  }
  const auto colon = text.find(": ");
  if (colon == std::string_view::npos) {
    if (text.starts_with("No Such Object"))
      value.type = ValueType::no_such_object;
    else if (text.starts_with("No Such Instance"))
      value.type = ValueType::no_such_instance;
    else if (text.starts_with("No more variables"))
      value.type = ValueType::end_of_mib_view;
    else if (text.starts_with("NULL"))
      value.type = ValueType::null;
    else
      return std::nullopt;
    return value;
  }
  const std::string_view type = text.substr(0, colon);
  std::string_view rest = text.substr(colon + 2);
  const auto enum_number = [&]() -> std::optional<std::int64_t> {
    // "up(1)" when MIBs were loaded, "1" otherwise.
    const auto open = rest.rfind('(');
    if (open != std::string_view::npos && rest.back() == ')')
      return number<std::int64_t>(rest.substr(open + 1, rest.size() - open - 2));
    return number<std::int64_t>(rest);
  };
  if (type == "STRING") {
    value.type = ValueType::octet_string;
    if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"')
      rest = rest.substr(1, rest.size() - 2);
    const auto text_value = unescape(rest);
    if (!text_value) return std::nullopt;
    value.octets = *text_value;
  } else if (type == "Hex-STRING" || type == "BITS") {
    value.type = ValueType::octet_string;
    const auto space = type == "BITS" ? rest.find_first_of(" ") : std::string_view::npos;
    const auto octets = from_hex(space == std::string_view::npos ? rest : rest.substr(0, space));
    if (!octets) return std::nullopt;
    value.octets = *octets;
  } else if (type == "INTEGER") {
    value.type = ValueType::integer;
    const auto n = enum_number();
    if (!n) return std::nullopt;
    value.number = *n;
  } else if (type == "OID") {
    value.type = ValueType::object_id;
    const auto target = parse_oid(rest);
    if (!target) return std::nullopt;
    value.oid = *target;
  } else if (type == "Timeticks") {
    value.type = ValueType::timeticks;
    const auto close = rest.find(')');
    const auto n = rest.starts_with("(") && close != std::string_view::npos
                       ? number<std::uint64_t>(rest.substr(1, close - 1))
                       : number<std::uint64_t>(rest);
    if (!n) return std::nullopt;
    value.number = static_cast<std::int64_t>(*n);
  } else if (type == "Counter32" || type == "Gauge32" || type == "Counter64" ||
             type == "Unsigned32") {
    value.type = type == "Counter32"   ? ValueType::counter32
                 : type == "Counter64" ? ValueType::counter64
                                       : ValueType::gauge32;
    const auto space = rest.find(' ');
    const auto n = number<std::uint64_t>(rest.substr(0, space));
    if (!n) return std::nullopt;
    value.number = static_cast<std::int64_t>(*n);
  } else if (type == "IpAddress" || type == "Network Address") {
    value.type = ValueType::ip_address;
    const auto octets = type == "IpAddress" ? ip_octets(rest) : from_hex(rest);
    if (!octets) return std::nullopt;
    value.octets = *octets;
  } else if (type == "Opaque") {
    value.type = ValueType::opaque;
    value.octets = std::string(rest);
  } else {
    return std::nullopt;
  }
  return value;
}

bool looks_like_snmpwalk(std::string_view text) {
  const auto first = text.find_first_not_of(" \r\n");
  return first != std::string_view::npos && text[first] == '.' &&
         text.find(" = ") != std::string_view::npos;
}

}  // namespace

WalkFile parse_walk_text(std::string_view text, const std::string& source_name) {
  WalkFile file;
  file.format = looks_like_snmpwalk(text) ? "snmpwalk" : "snmprec";
  const auto skip = [&](std::size_t line_number, std::string_view why) {
    ++file.skipped;
    if (file.warnings.size() < warnings_kept)
      file.warnings.push_back(source_name + ":" + std::to_string(line_number) + ": " +
                              std::string(why));
  };
  std::size_t line_number = 0;
  std::size_t start = 0;
  // snmpwalk prints strings with embedded line breaks over several lines; a
  // line that does not start a new varbind continues the previous one.
  std::string pending;
  std::size_t pending_line = 0;
  const auto finish_pending = [&] {
    while (!pending.empty() && (pending.back() == '\n' || pending.back() == ' '))
      pending.pop_back();
    if (pending.empty()) return;
    const auto equals = pending.find(" = ");
    const auto oid = equals == std::string::npos
                         ? std::nullopt
                         : parse_oid(std::string_view(pending).substr(0, equals));
    const auto value =
        oid ? snmpwalk_value(std::string_view(pending).substr(equals + 3)) : std::nullopt;
    if (oid && value) {
      ++file.rows;
      file.values.put(*oid, *value);
    } else {
      skip(pending_line, "not an snmpwalk -On line");
    }
    pending.clear();
  };
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++line_number;
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (file.format == "snmprec") {
      if (line.empty() || line.front() == '#') continue;
      if (const auto row = snmprec_row(line)) {
        ++file.rows;
        file.values.put(row->oid, row->value);
      } else {
        skip(line_number, "not a valid snmprec row (OID|TAG|VALUE)");
      }
    } else if (!line.empty() && line.front() == '.' && line.find(" = ") != std::string_view::npos) {
      finish_pending();
      pending = std::string(line);
      pending_line = line_number;
    } else if (!pending.empty()) {
      pending += '\n';
      pending += line;
    }
    if (end == text.size()) break;
  }
  finish_pending();
  return file;
}

WalkFile read_walk_file(const std::filesystem::path& path) {
  return parse_walk_text(read_file_text(path, "walk file"), path.string());
}

WalkFile read_device_walk(const std::filesystem::path& path) {
  const std::string text = read_file_text(path, "walk file");
  const std::string name = path.string();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw std::runtime_error(name + ": the walk file is empty");
  // Byte order marks, or the NUL bytes every ASCII character has in UTF-16.
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") ||
      text.find('\0') != std::string::npos)
    throw std::runtime_error(name +
                             ": the walk file is UTF-16 or UTF-32 text; save it as UTF-8 (or "
                             "ASCII), as snmpwalk and snmprec write it");
  WalkFile walk = parse_walk_text(text, name);
  if (walk.rows == 0)
    throw std::runtime_error(name + ": not a walk: none of its " + std::to_string(walk.skipped) +
                             " line(s) is an snmprec row (OID|TAG|VALUE) or snmpwalk -On output");
  if (!walk.values.get(Oid{1, 3, 6, 1, 2, 1, 1, 1, 0}) &&
      !walk.values.get(Oid{1, 3, 6, 1, 2, 1, 1, 2, 0}))
    throw std::runtime_error(name +
                             ": the walk has no system group (sysDescr 1.3.6.1.2.1.1.1.0, "
                             "sysObjectID 1.3.6.1.2.1.1.2.0): not a walk of a whole device");
  return walk;
}

}  // namespace kensa::scanner
