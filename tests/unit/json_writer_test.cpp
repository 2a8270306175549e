#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli/json_writer.hpp"

using kensa::cli::JsonWriter;

TEST_CASE("the JSON writer escapes what RFC 8259 requires and replaces invalid UTF-8") {
  std::string out;
  JsonWriter writer(out);
  writer.begin_object()
      .field("plain", "caf\xc3\xa9")
      .field("quotes", std::string("a\"b\\c\n\r\t\x01\x7f", 11))
      .field("invalid", "\xff\xfe ok \xc0\xaf")
      .field("absent", std::optional<std::string>())
      .field("count", std::int64_t{-42})
      .field("flag", true)
      .key("list")
      .begin_array()
      .string("x")
      .number(1)
      .raw("{\"kept\":[1,2]}")
      .end_array()
      .end_object();
  const auto parsed = nlohmann::json::parse(out);
  CHECK(parsed["plain"] == "caf\xc3\xa9");
  CHECK(parsed["quotes"] == std::string("a\"b\\c\n\r\t\x01\x7f", 11));
  CHECK(parsed["invalid"] == "\xef\xbf\xbd\xef\xbf\xbd ok \xef\xbf\xbd\xef\xbf\xbd");
  CHECK(parsed["absent"].is_null());
  CHECK(parsed["count"] == -42);
  CHECK(parsed["flag"] == true);
  CHECK(parsed["list"][2]["kept"][1] == 2);
  // The same string as nlohmann writes it with its replace handler.
  const std::string hostile = "\xff<script>\xe2\x80\xa8";
  std::string mine;
  JsonWriter(mine).string(hostile);
  CHECK(nlohmann::json::parse(mine) ==
        nlohmann::json::parse(nlohmann::json(hostile).dump(
            -1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

TEST_CASE("in script-safe mode no string can close a script element") {
  std::string out;
  JsonWriter(out, true).string("</script><!-- & \xe2\x80\xa8 \xe2\x80\xa9");
  CHECK(out.find('<') == std::string::npos);
  CHECK(out.find('>') == std::string::npos);
  CHECK(out.find('&') == std::string::npos);
  CHECK(out.find("\xe2\x80\xa8") == std::string::npos);
  CHECK(nlohmann::json::parse(out) == "</script><!-- & \xe2\x80\xa8 \xe2\x80\xa9");
}
