#include "cli/export_manifest.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "cli/version.hpp"
#include "riskdb/file_digest.hpp"

namespace kensa::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int manifest_version = 2;

json optional_json(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

void write_bytes(const fs::path& file, const std::string& bytes) {
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  stream << bytes;
  stream.flush();
  if (!stream) throw std::runtime_error("cannot write " + file.string());
}

// Reads a file only after checking it is a regular one, so that a FIFO or
// a device named in its place never blocks or feeds the reader.
std::optional<std::string> read_regular_file(const fs::path& file, std::string& why) {
  std::error_code error;
  const auto status = fs::status(file, error);
  if (error || !fs::exists(status)) {
    why = "missing";
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    why = "not a regular file";
    return std::nullopt;
  }
  std::ifstream stream(file, std::ios::binary);
  std::stringstream bytes;
  bytes << stream.rdbuf();
  if (!stream) {
    why = "cannot be read";
    return std::nullopt;
  }
  return bytes.str();
}

}  // namespace

fs::path signature_path(const fs::path& manifest) { return manifest.string() + ".sig"; }

void write_manifest(const fs::path& manifest, const ExportRequest& request,
                    const std::string& format, const std::vector<fs::path>& files,
                    const ExportProvenance& provenance, const Key* signing_key) {
  const auto& sweep = request.context.sweep;
  json out{{"manifest", "kensa-export-manifest"},
           {"manifest_version", manifest_version},
           {"kensa_version", std::string(kensa_version)},
           {"exported",
            {{"at", provenance.exported_at},
             {"host", provenance.host},
             {"os_user", provenance.os_user},
             {"operator", optional_json(provenance.operator_name)},
             {"command_line", provenance.command_line}}},
           {"sweep",
            {{"id", sweep.id},
             {"status", sweep.status},
             {"started_at", sweep.started_at},
             {"finished_at", optional_json(sweep.finished_at)},
             {"judged_at", optional_json(sweep.judged_at)}}},
           {"format", format},
           {"filter", request.filter_json},
           {"policy_sha256", optional_json(sweep.policy_sha256)},
           {"datasets", json::array()},
           {"files", json::array()},
           {"signature", nullptr}};
  for (const auto& dataset : request.context.datasets)
    out["datasets"].push_back({{"kind", dataset.kind},
                               {"version", optional_json(dataset.version)},
                               {"sha256", dataset.sha256},
                               {"loaded_at", dataset.loaded_at},
                               {"source", dataset.source}});
  for (const auto& file : files)
    out["files"].push_back({{"name", file.filename().string()},
                            {"bytes", fs::file_size(file)},
                            {"sha256", riskdb::sha256_of_file(file)}});
  if (signing_key != nullptr)
    out["signature"] = {{"algorithm", "Ed25519"},
                        {"file", signature_path(manifest).filename().string()},
                        {"public_key_sha256", fingerprint(*signing_key)}};
  const std::string bytes = out.dump(2, ' ', false, json::error_handler_t::replace) + '\n';
  write_bytes(manifest, bytes);
  if (signing_key != nullptr) write_bytes(signature_path(manifest), sign(*signing_key, bytes));
}

ManifestCheck verify_manifest(const fs::path& manifest, const Key* public_key) {
  std::string why;
  const auto bytes = read_regular_file(manifest, why);
  if (!bytes) throw std::runtime_error("the manifest " + manifest.string() + " is " + why);
  const json document = json::parse(*bytes, nullptr, false);
  if (document.is_discarded() || !document.is_object() || !document.contains("manifest") ||
      document["manifest"] != "kensa-export-manifest")
    throw std::runtime_error(manifest.string() + " is not a kensa export manifest");
  const json version = document.value("manifest_version", json());
  if (!version.is_number_unsigned() || version.get<unsigned>() < 1 ||
      version.get<unsigned>() > manifest_version)
    throw std::runtime_error(manifest.string() + ": unknown manifest_version " + version.dump() +
                             " (this kensa reads 1 to " + std::to_string(manifest_version) + ")");
  if (!document.contains("files") || !document["files"].is_array())
    throw std::runtime_error(manifest.string() + " has no files list");
  if (document["files"].empty())
    throw std::runtime_error(manifest.string() + " lists no files: it proves nothing");
  ManifestCheck check;
  for (const auto& entry : document["files"]) {
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
        !entry.contains("sha256") || !entry["sha256"].is_string() || !entry.contains("bytes") ||
        !entry["bytes"].is_number_unsigned())
      throw std::runtime_error(manifest.string() + ": a files entry lacks name, bytes or sha256");
    const std::string name = entry["name"].get<std::string>();
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
      throw std::runtime_error(manifest.string() + ": file name '" + name +
                               "' must be a plain name beside the manifest");
    ++check.files;
    const fs::path file = manifest.parent_path() / name;
    std::error_code error;
    const auto status = fs::status(file, error);
    if (error || !fs::exists(status)) {
      check.problems.push_back(name + ": missing");
      continue;
    }
    if (!fs::is_regular_file(status)) {
      check.problems.push_back(name + ": not a regular file");
      continue;
    }
    const auto size = fs::file_size(file, error);
    const auto listed = entry["bytes"].get<std::uintmax_t>();
    if (!error && size != listed)
      check.problems.push_back(name + ": " + std::to_string(size) + " bytes, the manifest says " +
                               std::to_string(listed));
    const std::string digest = riskdb::sha256_of_file(file);
    if (digest != entry["sha256"].get<std::string>())
      check.problems.push_back(name + ": SHA-256 " + digest + ", the manifest says " +
                               entry["sha256"].get<std::string>());
  }
  const json signature = document.value("signature", json());
  if (signature.is_object() && signature.value("public_key_sha256", json()).is_string())
    check.signer = signature["public_key_sha256"].get<std::string>();
  if (public_key == nullptr) return check;

  const std::string name = manifest.filename().string();
  if (!signature.is_object()) {
    check.problems.push_back(name + ": not signed, so its origin cannot be checked");
    return check;
  }
  const auto signature_bytes = read_regular_file(signature_path(manifest), why);
  if (!signature_bytes) {
    check.problems.push_back(signature_path(manifest).filename().string() + ": " + why);
    return check;
  }
  if (!signature_matches(*public_key, *bytes, *signature_bytes)) {
    std::string problem = name +
                          ": the signature does not match: the manifest changed after it "
                          "was signed, or another key signed it";
    const std::string given = fingerprint(*public_key);
    if (check.signer && *check.signer != given)
      problem += " (it names key " + *check.signer + ", the public key given is " + given + ")";
    check.problems.push_back(problem);
    return check;
  }
  check.signature_checked = true;
  return check;
}

}  // namespace kensa::cli
