#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/sweep_config.hpp"
#include "cli/usage_error.hpp"
#include "tests/harness/child_process.hpp"

using namespace kensa::cli;
using kensa::testing::TemporaryDirectory;
using kensa::testing::write_file;
namespace fs = std::filesystem;

namespace {

constexpr auto owner_only = fs::perms::owner_read | fs::perms::owner_write;

fs::path config_file(const TemporaryDirectory& directory, const std::string& text) {
  const auto file = directory.path() / "sweep.toml";
  write_file(file, text);
  return file;
}

}  // namespace

TEST_CASE("a sweep configuration sets targets, scope, limits, crawl and credentials") {
  TemporaryDirectory directory;
  write_file(directory.path() / "community", "s3cret\n", owner_only);
  write_file(directory.path() / "auth", "auth-passphrase\n", owner_only);
  write_file(directory.path() / "targets.txt", "# core\n10.0.0.1\n\n  10.0.1.0/24   # access\n");
  const auto file = config_file(directory, R"(
database = "inventory.db"
policy = "/etc/kensa/policy.toml"
fail_on = "high"
[targets]
include = ["10.0.0.254", "core-sw1.example.net:1161"]
files = ["targets.txt"]
exclude = ["10.0.1.13"]
port = 1161
max_targets = 5000
[scope]
allow = ["10.0.0.0/16"]
[crawl]
max_hops = 4
[engine]
window = 300
rate = 250.5
timeout_ms = 800
retries = 3
[[credentials]]
version = "3"
user = "kensa"
auth_protocol = "SHA-256"
auth_password_file = "auth"
[[credentials]]
version = "2c"
community_file = "community"
)");
  const SweepConfig config = load_sweep_config(file);
  REQUIRE(config.targets.size() == 4);
  CHECK(config.targets[0].text == "10.0.0.254");
  CHECK(config.targets[0].origin.find("targets.include[1]") != std::string::npos);
  CHECK(config.targets[3].text == "10.0.1.0/24");
  CHECK(config.targets[3].origin == (directory.path() / "targets.txt").string() + ":4");
  CHECK(config.excludes.at(0).text == "10.0.1.13");
  CHECK(config.scope.at(0).text == "10.0.0.0/16");
  CHECK(config.port == 1161);
  CHECK(config.max_targets == 5000);
  CHECK(config.max_hops == 4);
  CHECK(config.window == 300);
  CHECK(config.rate == doctest::Approx(250.5));
  CHECK(config.timeout_ms == 800);
  CHECK(config.retries == 3);
  CHECK(config.database == directory.path() / "inventory.db");
  CHECK(config.policy == fs::path("/etc/kensa/policy.toml"));
  CHECK(config.fail_on == "high");
  REQUIRE(config.credentials.size() == 2);
  CHECK(config.credentials[0].user == "kensa");
  CHECK(config.credentials[0].auth_password.reveal() == "auth-passphrase");
  CHECK(config.credentials[1].community.reveal() == "s3cret");
}

TEST_CASE("a configuration's central database is kept as written, with its site") {
  TemporaryDirectory directory;
  const auto file = config_file(directory, R"(
database = "postgresql://kensa@inventory.example.net/kensa?sslmode=verify-full"
site = "Osaka"
[targets]
include = ["10.0.0.1"]
)");
  const SweepConfig config = load_sweep_config(file);
  CHECK(config.database ==
        fs::path("postgresql://kensa@inventory.example.net/kensa?sslmode=verify-full"));
  CHECK(config.site == "Osaka");
}

TEST_CASE("a sweep configuration names what is wrong and where") {
  TemporaryDirectory directory;
  const auto refused = [&](const std::string& text, const std::string& expected) {
    const auto file = config_file(directory, text);
    CHECK_THROWS_WITH_AS(load_sweep_config(file), doctest::Contains(expected.c_str()), UsageError);
  };
  refused("[engine]\nwindows = 10\n", "engine.windows: unknown key");
  refused("colour = \"blue\"\n", "colour: unknown key");
  refused("[engine]\nretries = -1\n", "engine.retries: must be a whole number from 0 to 20");
  refused("[targets]\nport = \"161\"\n", "targets.port: must be a whole number");
  refused("[scope]\nallow = \"10.0.0.0/8\"\n", "scope.allow: must be an array of strings");
  refused("[targets\ninclude = []\n", "line 1");
  refused("[[credentials]]\nversion = \"2c\"\ncommunity = \"public\"\n",
          "credentials[1].community: secrets are not written in the configuration");
  refused("[[credentials]]\nversion = \"2c\"\n", "needs community_file or community_env");
  refused("[[credentials]]\nversion = \"4\"\ncommunity_env = \"X\"\n", "'4' is not one of");
  refused("[[credentials]]\nversion = \"2c\"\ncommunity_env = \"KENSA_TEST_UNSET_VARIABLE\"\n",
          "environment variable KENSA_TEST_UNSET_VARIABLE is not set");
  refused("[targets]\nfiles = [\"missing.txt\"]\n", "cannot read target file");

  // A secret file every user may read is refused, naming the file.
  write_file(directory.path() / "open-community", "public\n", owner_only | fs::perms::others_read);
  refused("[[credentials]]\nversion = \"2c\"\ncommunity_file = \"open-community\"\n",
          "accessible to every user");
}

TEST_CASE("the documented example configuration loads") {
  TemporaryDirectory directory;
  std::ifstream input(std::filesystem::path(KENSA_SOURCE_DIR) / "docs/kensa-sweep.example.toml");
  std::stringstream text;
  text << input.rdbuf();
  // Its secrets and target file, where the example expects them.
  std::string example = text.str();
  const std::string etc = "/etc/kensa/";
  for (auto at = example.find(etc); at != std::string::npos; at = example.find(etc))
    example.replace(at, etc.size(), directory.path().string() + "/");
  write_file(directory.path() / "auth.secret", "auth-passphrase\n", owner_only);
  write_file(directory.path() / "community.secret", "community\n", owner_only);
  write_file(directory.path() / "targets.txt", "10.20.4.1\n");
  setenv("KENSA_PRIV_PASS", "privacy-passphrase", 1);
  const SweepConfig config = load_sweep_config(config_file(directory, example));
  unsetenv("KENSA_PRIV_PASS");
  CHECK(config.targets.size() == 4);
  CHECK(config.scope.size() == 3);
  CHECK(config.max_hops == 3);
  REQUIRE(config.credentials.size() == 2);
  CHECK(config.credentials[0].priv_password.reveal() == "privacy-passphrase");
}
