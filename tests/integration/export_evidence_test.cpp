// The auditor's evidence from the demo's judged sweep: manifests signed
// with Ed25519 and checked by kensa verify and by openssl itself, verify's
// refusals of manifests that prove nothing, and exports that are the same
// bytes every time.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include "riskdb/file_digest.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* const formats[] = {"csv", "json", "jsonl", "cyclonedx", "html", "xlsx"};

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
}

// A judged sweep: the demo's five devices.
std::string demo_database(const TemporaryDirectory& directory) {
  const std::string db = (directory.path() / "demo.db").string();
  const ProcessResult demo =
      run_kensa({"demo", "--db", db, "--report", (directory.path() / "demo.html").string()});
  INFO(demo.describe());
  REQUIRE(demo.exit_code == 0);
  return db;
}

ProcessResult export_to(const std::string& db, const fs::path& out, const std::string& format,
                        const std::vector<std::string>& extra = {}) {
  fs::create_directories(out.parent_path());
  std::vector<std::string> argv{"export", "--db", db, "--format", format, "--out", out.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return run_kensa(argv);
}

// An Ed25519 key pair made by openssl, as the README tells users to.
struct KeyPair {
  fs::path private_key, public_key;
};

KeyPair make_key(const fs::path& directory, const std::string& name) {
  KeyPair pair{directory / (name + ".pem"), directory / (name + ".pub.pem")};
  const ProcessResult made = run_process(
      {"openssl", "genpkey", "-algorithm", "ed25519", "-out", pair.private_key.string()});
  INFO(made.describe());
  REQUIRE(made.exit_code == 0);
  fs::permissions(pair.private_key, fs::perms::owner_read | fs::perms::owner_write);
  const ProcessResult pub = run_process({"openssl", "pkey", "-in", pair.private_key.string(),
                                         "-pubout", "-out", pair.public_key.string()});
  INFO(pub.describe());
  REQUIRE(pub.exit_code == 0);
  return pair;
}

}  // namespace

TEST_CASE("a signed manifest proves origin: a forged and rehashed export fails verify") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  const KeyPair signer = make_key(directory.path(), "signer");
  const KeyPair stranger = make_key(directory.path(), "stranger");
  const fs::path out = directory.path() / "signed" / "export.csv";
  const ProcessResult exported =
      export_to(db, out, "csv",
                {"--sign-key", signer.private_key.string(), "--operator", "Audit Team Osaka"});
  INFO(exported.describe());
  REQUIRE(exported.exit_code == 0);
  const fs::path manifest = out.string() + ".manifest.json";
  const fs::path signature = manifest.string() + ".sig";
  REQUIRE(fs::exists(signature));

  // The manifest says who exported, where, when, with which kensa and how.
  const json document = json::parse(read(manifest));
  CHECK(document["manifest_version"] == 2);
  CHECK(document["exported"]["operator"] == "Audit Team Osaka");
  char host[256] = {};
  REQUIRE(gethostname(host, sizeof host - 1) == 0);
  CHECK(document["exported"]["host"] == std::string(host));
  CHECK(document["exported"]["at"].get<std::string>().size() == 20);
  CHECK(!document["kensa_version"].get<std::string>().empty());
  const auto command_line = document["exported"]["command_line"];
  REQUIRE(command_line.size() >= 3);
  CHECK(command_line[1] == "export");
  CHECK(document["signature"]["algorithm"] == "Ed25519");
  CHECK(document["signature"]["file"] == "export.csv.manifest.json.sig");

  // kensa verifies it with the public key, and so does openssl on its own.
  const ProcessResult verified =
      run_kensa({"verify", manifest.string(), "--public-key", signer.public_key.string()});
  INFO(verified.describe());
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("OK signed by key") != std::string::npos);
  const ProcessResult openssl =
      run_process({"openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                   signer.public_key.string(), "-rawin", "-in", manifest.string(), "-sigfile",
                   signature.string()});
  INFO(openssl.describe());
  CHECK(openssl.exit_code == 0);

  // Another key's public half does not verify it.
  const ProcessResult stranger_check =
      run_kensa({"verify", manifest.string(), "--public-key", stranger.public_key.string()});
  CHECK(stranger_check.exit_code == 1);
  CHECK(stranger_check.out.find("signature does not match") != std::string::npos);

  // Forge: change the CSV, recompute its size and SHA-256 in the manifest.
  std::string csv = read(out);
  const auto at = csv.find("Huawei");
  REQUIRE(at != std::string::npos);
  csv.replace(at, 6, "Nokia ");
  write(out, csv);
  json forged = document;
  forged["files"][0]["sha256"] = kensa::riskdb::sha256_of_bytes(csv);
  forged["files"][0]["bytes"] = csv.size();
  write(manifest, forged.dump(2) + "\n");
  const ProcessResult unsigned_check = run_kensa({"verify", manifest.string()});
  CHECK(unsigned_check.exit_code == 0);  // integrity alone cannot see the forgery...
  CHECK(unsigned_check.out.find("signature not checked") != std::string::npos);
  const ProcessResult forged_check =
      run_kensa({"verify", manifest.string(), "--public-key", signer.public_key.string()});
  CHECK(forged_check.exit_code == 1);  // ...the signature does
  CHECK(forged_check.out.find("MISMATCH export.csv.manifest.json: the signature does not match") !=
        std::string::npos);

  // An unsigned export checked with a public key fails: origin is unproven.
  const fs::path plain = directory.path() / "plain" / "export.json";
  REQUIRE(export_to(db, plain, "json").exit_code == 0);
  const ProcessResult plain_check = run_kensa(
      {"verify", plain.string() + ".manifest.json", "--public-key", signer.public_key.string()});
  CHECK(plain_check.exit_code == 1);
  CHECK(plain_check.out.find("not signed") != std::string::npos);
  // A removed signature file, likewise.
  fs::remove(signature);
  write(manifest, document.dump(2) + "\n");
  const ProcessResult no_signature =
      run_kensa({"verify", manifest.string(), "--public-key", signer.public_key.string()});
  CHECK(no_signature.exit_code == 1);
  CHECK(no_signature.out.find("export.csv.manifest.json.sig: missing") != std::string::npos);
}

TEST_CASE("export refuses a signing key others can read, or one that is not Ed25519") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  const KeyPair signer = make_key(directory.path(), "signer");
  fs::permissions(signer.private_key, fs::perms::others_read, fs::perm_options::add);
  const fs::path out = directory.path() / "out" / "export.csv";
  const ProcessResult readable =
      export_to(db, out, "csv", {"--sign-key", signer.private_key.string()});
  CHECK(readable.exit_code == 64);
  CHECK(readable.err.find("every user of this machine") != std::string::npos);
  CHECK(!fs::exists(out));
  const fs::path rsa = directory.path() / "rsa.pem";
  REQUIRE(run_process({"openssl", "genpkey", "-algorithm", "rsa", "-pkeyopt",
                       "rsa_keygen_bits:2048", "-out", rsa.string()})
              .exit_code == 0);
  fs::permissions(rsa, fs::perms::owner_read | fs::perms::owner_write);
  const ProcessResult wrong = export_to(db, out, "csv", {"--sign-key", rsa.string()});
  CHECK(wrong.exit_code == 64);
  CHECK(wrong.err.find("is not an Ed25519 key") != std::string::npos);
  CHECK(!fs::exists(out));
}

TEST_CASE("verify refuses a manifest that proves nothing, and never opens a FIFO") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  const fs::path out = directory.path() / "export.json";
  REQUIRE(export_to(db, out, "json").exit_code == 0);
  const fs::path manifest = out.string() + ".manifest.json";
  const json document = json::parse(read(manifest));

  json empty = document;
  empty["files"] = json::array();
  write(directory.path() / "empty.manifest.json", empty.dump());
  const ProcessResult no_files = run_kensa({"verify", (directory.path() / "empty.manifest.json").string()});
  CHECK(no_files.exit_code == 64);
  CHECK(no_files.err.find("lists no files") != std::string::npos);

  json future = document;
  future["manifest_version"] = 99;
  write(directory.path() / "future.manifest.json", future.dump());
  const ProcessResult unknown =
      run_kensa({"verify", (directory.path() / "future.manifest.json").string()});
  CHECK(unknown.exit_code == 64);
  CHECK(unknown.err.find("unknown manifest_version 99") != std::string::npos);

  const fs::path fifo = directory.path() / "fifo.manifest.json";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  const ProcessResult piped = run_kensa({"verify", fifo.string()});
  CHECK(!piped.timed_out);
  CHECK(piped.exit_code == 64);
  CHECK(piped.err.find("is not a regular file") != std::string::npos);

  // A listed file replaced by a FIFO is a mismatch, not a hang.
  fs::remove(out);
  REQUIRE(mkfifo(out.c_str(), 0600) == 0);
  const ProcessResult listed = run_kensa({"verify", manifest.string()});
  CHECK(!listed.timed_out);
  CHECK(listed.exit_code == 1);
  CHECK(listed.out.find("export.json: not a regular file") != std::string::npos);
}

TEST_CASE("two exports of the same sweep are the same bytes in every format") {
  TemporaryDirectory directory;
  const std::string db = demo_database(directory);
  for (const char* format : formats) {
    CAPTURE(format);
    const fs::path first = directory.path() / "first" / (std::string("export.") + format);
    const fs::path second = directory.path() / "second" / (std::string("export.") + format);
    REQUIRE(export_to(db, first, format).exit_code == 0);
    // A second apart, so that any clock time in the file would differ.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    REQUIRE(export_to(db, second, format).exit_code == 0);
    CHECK(read(first) == read(second));
  }
  const std::string csv_coverage_first = read(directory.path() / "first" / "export.csv.coverage.csv");
  CHECK(csv_coverage_first == read(directory.path() / "second" / "export.csv.coverage.csv"));
}
