#include "feeds/feed_text.hpp"

#include <zlib.h>

#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "feeds/feed_error.hpp"

namespace kensa::feeds {

namespace {

// The content of a gzip file (RFC 1952), refused past `limit` bytes
// uncompressed and when corrupt or cut short, naming the file.
std::string gunzip(const std::string& compressed, const std::filesystem::path& file,
                   std::uintmax_t limit) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK)
    throw FeedError(file.string() + ": cannot start gzip decompression");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[1 << 16];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) break;
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (out.size() > limit) {
      inflateEnd(&stream);
      throw FeedError(file.string() + " decompresses to more than the limit of " +
                      std::to_string(limit) + " bytes for this kind of feed");
    }
    if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) status = Z_BUF_ERROR;
  }
  const std::string message = stream.msg != nullptr ? stream.msg : "truncated";
  inflateEnd(&stream);
  if (status != Z_STREAM_END)
    throw FeedError(file.string() + ": corrupt gzip data (" + message + ") after " +
                    std::to_string(out.size()) + " bytes");
  return out;
}

}  // namespace

std::string read_feed_file(const std::filesystem::path& file, std::uintmax_t limit) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (error) throw FeedError("cannot read " + file.string() + ": " + error.message());
  if (size > limit)
    throw FeedError(file.string() + " is " + std::to_string(size) +
                    " bytes, more than the limit of " + std::to_string(limit) +
                    " for this kind of feed");
  std::ifstream input(file, std::ios::binary);
  if (!input) throw FeedError("cannot read " + file.string());
  std::stringstream bytes;
  bytes << input.rdbuf();
  std::string text = bytes.str();
  if (text.starts_with("\x1F\x8B")) text = gunzip(text, file, limit);
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") ||
      text.starts_with(std::string("\0\0\xFE\xFF", 4)))
    throw FeedError(file.string() + " is UTF-16 or UTF-32; feeds must be UTF-8");
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  return text;
}

nlohmann::json parse_feed_json(const std::string& text, const std::string& name) {
  // Duplicate keys would silently keep the last value: refuse them.
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  const nlohmann::json::parser_callback_t check = [&](int, nlohmann::json::parse_event_t event,
                                                      nlohmann::json& parsed) {
    switch (event) {
      case nlohmann::json::parse_event_t::object_start: keys.emplace_back(); break;
      case nlohmann::json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        break;
      case nlohmann::json::parse_event_t::key:
        if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second &&
            duplicate.empty())
          duplicate = parsed.get<std::string>();
        break;
      default: break;
    }
    return true;
  };
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text, check);
  } catch (const nlohmann::json::parse_error& error) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < error.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string message = error.what();
    if (const auto colon = message.find("syntax error"); colon != std::string::npos)
      message = message.substr(colon);
    throw FeedError(name + " line " + std::to_string(line) + " column " + std::to_string(column) +
                    ": not valid JSON: " + message);
  }
  if (!duplicate.empty())
    throw FeedError(name + ": the key \"" + duplicate + "\" appears twice in one object");
  return document;
}

bool is_utf8(const std::string& text) {
  // nlohmann's serializer validates UTF-8 strictly (overlong forms, surrogates).
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string checked_text(std::string value, const char* field, const std::string& where,
                         std::size_t field_limit) {
  if (value.size() > field_limit)
    throw FeedError(where + ": field " + field + " is " + std::to_string(value.size()) +
                    " bytes, more than the limit of " + std::to_string(field_limit));
  if (!is_utf8(value)) throw FeedError(where + ": field " + field + " is not valid UTF-8");
  return trimmed(value);
}

std::optional<std::string> optional_text(const nlohmann::json& object, const char* key,
                                         const std::string& where, std::size_t field_limit) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return std::nullopt;
  if (!found->is_string()) throw FeedError(where + "/" + key + ": must be a string");
  std::string value = checked_text(found->get<std::string>(), key, where, field_limit);
  if (value.empty()) return std::nullopt;
  return value;
}

std::string required_text(const nlohmann::json& object, const char* key, const std::string& where,
                          std::size_t field_limit) {
  if (!object.is_object()) throw FeedError(where + ": must be an object");
  auto value = optional_text(object, key, where, field_limit);
  if (!value) throw FeedError(where + ": the required field " + key + " is missing or empty");
  return *value;
}

}  // namespace kensa::feeds
