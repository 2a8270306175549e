#pragma once
// The manifest written beside every export, its signature, and their check.
//
// Contract: write_manifest writes MANIFEST (JSON, "kensa-export-manifest"
// version 2) naming the kensa version; who exported, when, on which host
// and with which command line (ExportProvenance); the sweep (id, start,
// finish, judgement, status), the format and filter, every dataset the
// judgement used (kind, version, sha256, loaded_at), the policy's SHA-256,
// and for each exported file its name relative to the manifest's
// directory, its size and its SHA-256. With a signing key it also writes
// MANIFEST.sig, the Ed25519 signature of the manifest's exact bytes, and
// the manifest names that file and the key's fingerprint.
//
// verify_manifest reads version 1 or 2, recomputes every file's size and
// SHA-256 and lists each difference (missing, not a regular file, size,
// digest) by file name. With a public key it also requires MANIFEST.sig to
// be a valid signature of the manifest by that key, and lists a problem
// otherwise. It throws std::runtime_error when the manifest cannot be read
// or is not one: not a regular file (a FIFO is never opened), not JSON, of
// an unknown version, listing no files, or naming a file outside its
// directory.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/export_formats.hpp"
#include "cli/manifest_signature.hpp"

namespace kensa::cli {

struct ExportProvenance {
  std::string exported_at;  // UTC, ISO 8601
  std::string host, os_user;
  std::optional<std::string> operator_name;  // as --operator or the configuration gave it
  std::vector<std::string> command_line;     // recorded_command_line.hpp: without secrets
};

void write_manifest(const std::filesystem::path& manifest, const ExportRequest& request,
                    const std::string& format, const std::vector<std::filesystem::path>& files,
                    const ExportProvenance& provenance, const Key* signing_key);

struct ManifestCheck {
  std::size_t files = 0;
  std::vector<std::string> problems;  // empty: every file (and the signature, if checked) matches
  std::optional<std::string> signer;  // the fingerprint a signed manifest names
  bool signature_checked = false;     // a public key was given and the signature is valid
};

[[nodiscard]] std::filesystem::path signature_path(const std::filesystem::path& manifest);

ManifestCheck verify_manifest(const std::filesystem::path& manifest, const Key* public_key);

}  // namespace kensa::cli
