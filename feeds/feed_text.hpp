#pragma once
// Reading a feed file's text and values safely: size limits, encodings,
// strict JSON, and fields that name where they came from.
//
// Contract: read_feed_file refuses a file larger than `limit` bytes and one
// in UTF-16 or UTF-32 (by its byte order mark), naming the file; a gzip file
// is read decompressed (the limit then bounds the decompressed text too).
// parse_feed_json rejects malformed JSON with the line and column, invalid
// UTF-8 and duplicate object keys. The field readers throw FeedError naming
// the file, the JSON path (or line) and the field when a required value is
// missing, has the wrong type, or is longer than `field_limit` bytes.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace kensa::feeds {

inline constexpr std::size_t default_field_limit = 64 * 1024;

std::string read_feed_file(const std::filesystem::path& file, std::uintmax_t limit);
nlohmann::json parse_feed_json(const std::string& text, const std::string& name);

// `where` is "FILE: /json/path" or "FILE line N".
std::string required_text(const nlohmann::json& object, const char* key, const std::string& where,
                          std::size_t field_limit = default_field_limit);
std::optional<std::string> optional_text(const nlohmann::json& object, const char* key,
                                         const std::string& where,
                                         std::size_t field_limit = default_field_limit);
// A CSV or text field: valid UTF-8, within the limit, spaces trimmed.
std::string checked_text(std::string value, const char* field, const std::string& where,
                         std::size_t field_limit = default_field_limit);
[[nodiscard]] bool is_utf8(const std::string& text);
[[nodiscard]] std::string trimmed(std::string_view text);

}  // namespace kensa::feeds
