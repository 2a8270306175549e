#pragma once
// A bundle: one sweep of a site in one file, for an inventory that cannot
// reach the central one (an air-gapped site) to be carried there by hand.
//
// Layout: the first line is a JSON header; the rest of the file, exactly,
// is the sweep's content (riskdb/sweep_content.hpp, schema kensa-sweep 1),
// the bytes the header's content_sha256 and signature cover:
//   {"bundle": "kensa-sweep-bundle", "version": 1, "description": "...",
//    "created_at", "created_by", "site", "sweep_uid", "content_bytes",
//    "content_sha256", "signature": null or {"algorithm": "Ed25519",
//    "key_sha256", "value": 128 hex digits}}
// so that `tail -n +2 BUNDLE | sha256sum` and `openssl pkeyutl -verify
// -rawin` check it without kensa.
//
// Contract: write_bundle writes the file whole or not at all (a partial
// file renamed into place). read_bundle checks, in this order, the header,
// the content's length and SHA-256, the signature against the trusted keys
// (an unsigned bundle is refused unless allow_unsigned; a signed one whose
// key is not trusted is refused), the content's JSON and schema, and that
// the header's site and uid are the content's; it throws BundleError
// naming the file and what failed.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/manifest_signature.hpp"

namespace kensa::cli {

class BundleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BundleHeader {
  std::string site, sweep_uid, content_sha256, created_at, created_by;
  std::optional<std::string> signer;  // the key's SHA-256 fingerprint
};

BundleHeader write_bundle(const std::filesystem::path& file, const nlohmann::json& content,
                          const Key* signing_key);

struct Bundle {
  BundleHeader header;
  nlohmann::json content;
  bool signature_checked = false;
};

Bundle read_bundle(const std::filesystem::path& file, const std::vector<Key>& trusted_keys,
                   bool allow_unsigned);

}  // namespace kensa::cli
