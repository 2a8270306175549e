#include "cli/sweep_bundle.hpp"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "cli/untrusted_text.hpp"
#include "cli/version.hpp"
#include "riskdb/datasets.hpp"
#include "riskdb/file_digest.hpp"
#include "riskdb/sweep_content.hpp"

namespace kensa::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* bundle_name = "kensa-sweep-bundle";
constexpr int bundle_version = 1;
constexpr std::size_t longest_header = 64 * 1024;

constexpr const char* description =
    "One sweep of a kensa inventory. The rest of this file after this first line is the sweep "
    "(JSON, schema kensa-sweep 1): content_bytes long, content_sha256 its SHA-256, and signature, "
    "when present, its Ed25519 signature (PureEdDSA over those bytes) by the key whose DER public "
    "key has the SHA-256 key_sha256. `kensa ingest` checks all three before loading it.";

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += digits[byte >> 4];
    out += digits[byte & 15];
  }
  return out;
}

std::optional<std::string> unhex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    int value = 0;
    for (const char c : text.substr(i, 2)) {
      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= c - '0';
      else if (c >= 'a' && c <= 'f')
        value |= c - 'a' + 10;
      else
        return std::nullopt;
    }
    out += static_cast<char>(value);
  }
  return out;
}

std::string header_text(const json& header, const std::string& key) {
  const auto found = header.find(key);
  if (found == header.end() || !found->is_string()) throw BundleError("its header has no " + key);
  return found->get<std::string>();
}

}  // namespace

BundleHeader write_bundle(const fs::path& file, const json& content, const Key* signing_key) {
  const std::string bytes = content.dump(-1, ' ', false, json::error_handler_t::replace);
  BundleHeader written;
  written.site = content["sweep"]["site"].get<std::string>();
  written.sweep_uid = content["sweep"]["uid"].get<std::string>();
  written.content_sha256 = riskdb::sha256_of_bytes(bytes);
  written.created_at = riskdb::utc_now();
  written.created_by = "kensa " + std::string(kensa_version);
  json signature = nullptr;
  if (signing_key) {
    written.signer = fingerprint(*signing_key);
    signature = {{"algorithm", "Ed25519"},
                 {"key_sha256", *written.signer},
                 {"value", hex(sign(*signing_key, bytes))}};
  }
  const json header = {{"bundle", bundle_name},
                       {"version", bundle_version},
                       {"description", description},
                       {"created_at", written.created_at},
                       {"created_by", written.created_by},
                       {"site", written.site},
                       {"sweep_uid", written.sweep_uid},
                       {"content_bytes", bytes.size()},
                       {"content_sha256", written.content_sha256},
                       {"signature", signature}};

  const fs::path directory = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  const fs::path partial =
      directory / ("." + file.filename().string() + ".partial-" + std::to_string(getpid()));
  try {
    std::ofstream stream(partial, std::ios::binary | std::ios::trunc);
    if (!stream) throw std::runtime_error("cannot create " + partial.string());
    stream << header.dump() << '\n' << bytes;
    stream.close();
    if (!stream) throw std::runtime_error("cannot write " + partial.string());
    fs::rename(partial, file);
  } catch (...) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    throw;
  }
  return written;
}

Bundle read_bundle(const fs::path& file, const std::vector<Key>& trusted_keys,
                   bool allow_unsigned) {
  const std::string name = escape_for_terminal(file.string());
  std::ifstream stream(file, std::ios::binary);
  if (!stream) throw BundleError("bundle " + name + " cannot be read");
  std::string whole((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  if (stream.bad()) throw BundleError("bundle " + name + " cannot be read");
  Bundle bundle;
  try {
    const auto line_end = whole.find('\n');
    if (line_end == std::string::npos || line_end > longest_header)
      throw BundleError("it does not start with a bundle header line");
    json header;
    try {
      header = json::parse(std::string_view(whole).substr(0, line_end));
    } catch (const json::exception&) {
      throw BundleError("its first line is not a JSON header");
    }
    if (!header.is_object() || header.value("bundle", json()) != bundle_name)
      throw BundleError("its header does not name a kensa-sweep-bundle");
    if (header.value("version", json()) != bundle_version)
      throw BundleError("it is a bundle of another version than " + std::to_string(bundle_version) +
                        " (made by a newer kensa?)");
    const std::string_view bytes = std::string_view(whole).substr(line_end + 1);
    const json length = header.value("content_bytes", json());
    if (!length.is_number_unsigned() || length.get<std::size_t>() != bytes.size())
      throw BundleError("its content is " + std::to_string(bytes.size()) +
                        " bytes, not the length its header gives: the file was cut short or "
                        "altered");
    bundle.header.content_sha256 = header_text(header, "content_sha256");
    const std::string actual = riskdb::sha256_of_bytes(bytes);
    if (actual != bundle.header.content_sha256)
      throw BundleError("its content's SHA-256 is " + actual + ", not " +
                        bundle.header.content_sha256 + " as its header says: it was altered");
    bundle.header.site = header_text(header, "site");
    bundle.header.sweep_uid = header_text(header, "sweep_uid");
    bundle.header.created_at = header_text(header, "created_at");
    bundle.header.created_by = header_text(header, "created_by");

    const json signature = header.value("signature", json());
    if (signature.is_null()) {
      if (!allow_unsigned)
        throw BundleError(
            "it is not signed: nothing proves which site made it (pass --allow-unsigned to load "
            "it anyway)");
    } else {
      if (!signature.is_object() || signature.value("algorithm", json()) != "Ed25519")
        throw BundleError("its signature is not an Ed25519 signature");
      const std::string key_sha256 = header_text(signature, "key_sha256");
      bundle.header.signer = key_sha256;
      const auto value = unhex(header_text(signature, "value"));
      if (!value || value->size() != 64) throw BundleError("its signature is not 128 hex digits");
      const Key* key = nullptr;
      for (const Key& trusted : trusted_keys)
        if (fingerprint(trusted) == key_sha256) key = &trusted;
      if (!key)
        throw BundleError("it is signed by key " + escape_for_terminal(key_sha256) +
                          ", which no --public-key given is");
      if (!signature_matches(*key, bytes, *value))
        throw BundleError("its signature does not match its content under key " + key_sha256 +
                          ": it was altered, or signed by another key");
      bundle.signature_checked = true;
    }
    try {
      bundle.content = json::parse(bytes);
    } catch (const json::exception& error) {
      throw BundleError(std::string("its content is not JSON: ") + error.what());
    }
    try {
      riskdb::check_sweep_content(bundle.content);
    } catch (const riskdb::SweepContentError& error) {
      throw BundleError(error.what());
    }
    if (bundle.content["sweep"]["uid"] != bundle.header.sweep_uid ||
        bundle.content["sweep"]["site"] != bundle.header.site)
      throw BundleError("its header names another sweep or site than its content holds");
  } catch (const BundleError& error) {
    throw BundleError("bundle " + name + " refused: " + error.what());
  }
  return bundle;
}

}  // namespace kensa::cli
