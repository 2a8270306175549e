// vendors.json as both identification and judging read it.

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "scanner/file_text.hpp"
#include "scanner/vendor_file.hpp"

using kensa::scanner::parse_vendor_file;

namespace {

std::string error_of(const std::string& text) {
  try {
    (void)parse_vendor_file("vendors.json", text);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("one vendor record carries what identification and judging each read") {
  const auto file = parse_vendor_file("vendors.json", R"({
    "format": "kensa vendors 1", "software_stacks": [8072],
    "vendors": [{"name": "H3C", "aliases": ["New H3C"], "product_lines": ["Comware"],
                 "enterprises": [25506], "cpe": ["h3c"], "parent": "Tsinghua Unigroup",
                 "relation": "brand"}]})");
  CHECK(file.format == "kensa vendors 1");
  REQUIRE(file.software_stacks.size() == 1);
  REQUIRE(file.vendors.size() == 1);
  const auto& vendor = file.vendors[0];
  CHECK(vendor.product_lines == std::vector<std::string>{"Comware"});
  CHECK(vendor.enterprises == std::vector<std::uint32_t>{25506});
  CHECK(vendor.cpe_names == std::vector<std::string>{"h3c"});
  CHECK(vendor.parent == "Tsinghua Unigroup");
  CHECK(vendor.relation == "brand");
}

TEST_CASE("a malformed vendor file is refused with the path of the bad value") {
  CHECK(error_of("{").find("vendors.json: not valid JSON") == 0);
  CHECK(error_of(R"({"vendors": {}})") == "vendors.json: /vendors: not an array");
  CHECK(error_of(R"({"vendors": [{"name": "A"}, {"aliases": []}]})").find("/vendors/1:") !=
        std::string::npos);
  CHECK(error_of(R"({"vendors": [{"name": "A", "enterprises": ["x"]}]})").find("/vendors/0:") !=
        std::string::npos);
  CHECK(error_of(R"({"vendors": [{"name": "A", "parent": "B", "relation": "owner"}]})") ==
        "vendors.json: /vendors/0/relation: must be subsidiary or brand");
}

TEST_CASE("the shipped vendor file parses") {
  const auto path = std::filesystem::path(KENSA_DATA_DIR) / "vendors.json";
  const auto file = parse_vendor_file(path, kensa::scanner::read_file_text(path, "vendors"));
  CHECK(file.vendors.size() > 100);
  CHECK(!file.software_stacks.empty());
}
