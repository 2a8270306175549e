#pragma once
// The integrity manifest written beside every export, and its check.
//
// Contract: write_manifest writes MANIFEST (JSON, "kensa-export-manifest"
// version 1) naming the kensa version, the sweep (id, start, finish,
// judgement, status), the format and filter, every dataset the judgement
// used (kind, version, sha256, loaded_at), the policy's SHA-256, and for
// each exported file its name relative to the manifest's directory, its size
// and its SHA-256. verify_manifest recomputes every file's size and SHA-256
// and lists each difference (missing, size, digest) by file name; it throws
// std::runtime_error when the manifest itself cannot be read or is not one.
// The manifest proves that the files match it; to prove the manifest itself
// unchanged, keep its own SHA-256 (printed by `kensa export`) apart.

#include <filesystem>
#include <string>
#include <vector>

#include "cli/export_formats.hpp"

namespace kensa::cli {

void write_manifest(const std::filesystem::path& manifest, const ExportRequest& request,
                    const std::string& format, const std::vector<std::filesystem::path>& files);

struct ManifestCheck {
  std::size_t files = 0;
  std::vector<std::string> problems;  // empty: every file matches
};

ManifestCheck verify_manifest(const std::filesystem::path& manifest);

}  // namespace kensa::cli
