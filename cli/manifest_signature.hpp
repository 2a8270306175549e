#pragma once
// Ed25519 signatures of export manifests (OpenSSL), with keys in the PEM
// files `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout` make.
//
// Contract:
// - load_signing_key reads a PEM private key. The file is a secret: it must
//   be a regular file no other user can read or write (mode o+r, o+w), and
//   hold an Ed25519 key; otherwise UsageError naming the file and what is
//   wrong, never the key.
// - load_public_key reads a PEM public key (SubjectPublicKeyInfo) of
//   Ed25519, or throws UsageError naming the file.
// - sign returns the 64-byte signature of the exact bytes given;
//   signature_matches checks one. Both sign the bytes themselves (PureEdDSA),
//   so `openssl pkeyutl -verify -pubin -inkey PUB -rawin -in MANIFEST
//   -sigfile MANIFEST.sig` checks the same signature.
// - fingerprint is the SHA-256 (hex) of the key's DER public key.

#include <openssl/evp.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace kensa::cli {

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

[[nodiscard]] Key load_signing_key(const std::filesystem::path& file);
[[nodiscard]] Key load_public_key(const std::filesystem::path& file);
[[nodiscard]] std::string sign(const Key& key, std::string_view message);
[[nodiscard]] bool signature_matches(const Key& key, std::string_view message,
                                     std::string_view signature);
[[nodiscard]] std::string fingerprint(const Key& key);

}  // namespace kensa::cli
