#include <doctest/doctest.h>

#include <stdexcept>

#include "riskdb/file_digest.hpp"
#include "tests/harness/child_process.hpp"

using namespace kensa::riskdb;

TEST_CASE("SHA-256 matches the FIPS 180-2 test vectors") {
  CHECK(sha256_of_bytes("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_of_bytes("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("a file's digest equals the digest of its bytes, across read chunks") {
  kensa::testing::TemporaryDirectory directory;
  std::string content(200000, 'k');
  content += "end";
  const auto file = directory.path() / "feed.bin";
  kensa::testing::write_file(file, content);
  CHECK(sha256_of_file(file) == sha256_of_bytes(content));
}

TEST_CASE("an unreadable file is named in the error") {
  CHECK_THROWS_WITH_AS(sha256_of_file("/nonexistent/kev.json"),
                       doctest::Contains("/nonexistent/kev.json"), std::runtime_error);
}
