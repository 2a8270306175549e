#include "cli/export_manifest.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

#include "cli/version.hpp"
#include "riskdb/file_digest.hpp"

namespace kensa::cli {

namespace fs = std::filesystem;
using nlohmann::json;

void write_manifest(const fs::path& manifest, const ExportRequest& request,
                    const std::string& format, const std::vector<fs::path>& files) {
  const auto& sweep = request.context.sweep;
  json out{{"manifest", "kensa-export-manifest"},
           {"manifest_version", 1},
           {"kensa_version", std::string(kensa_version)},
           {"sweep",
            {{"id", sweep.id},
             {"status", sweep.status},
             {"started_at", sweep.started_at},
             {"finished_at", sweep.finished_at ? json(*sweep.finished_at) : json(nullptr)},
             {"judged_at", sweep.judged_at ? json(*sweep.judged_at) : json(nullptr)}}},
           {"format", format},
           {"filter", request.filter_json},
           {"policy_sha256", sweep.policy_sha256 ? json(*sweep.policy_sha256) : json(nullptr)},
           {"datasets", json::array()},
           {"files", json::array()}};
  for (const auto& dataset : request.context.datasets)
    out["datasets"].push_back(
        {{"kind", dataset.kind},
         {"version", dataset.version ? json(*dataset.version) : json(nullptr)},
         {"sha256", dataset.sha256},
         {"loaded_at", dataset.loaded_at},
         {"source", dataset.source}});
  for (const auto& file : files)
    out["files"].push_back({{"name", file.filename().string()},
                            {"bytes", fs::file_size(file)},
                            {"sha256", riskdb::sha256_of_file(file)}});
  std::ofstream stream(manifest, std::ios::binary | std::ios::trunc);
  stream << out.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  stream.flush();
  if (!stream) throw std::runtime_error("cannot write the manifest " + manifest.string());
}

ManifestCheck verify_manifest(const fs::path& manifest) {
  std::ifstream stream(manifest, std::ios::binary);
  if (!stream) throw std::runtime_error("cannot read the manifest " + manifest.string());
  const json document = json::parse(stream, nullptr, false);
  if (document.is_discarded() || !document.is_object() ||
      document.value("manifest", "") != "kensa-export-manifest" || !document.contains("files") ||
      !document["files"].is_array())
    throw std::runtime_error(manifest.string() + " is not a kensa export manifest");
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
    const auto size = fs::file_size(file, error);
    if (error) {
      check.problems.push_back(name + ": missing (" + error.message() + ")");
      continue;
    }
    if (size != entry["bytes"].get<std::uintmax_t>())
      check.problems.push_back(name + ": " + std::to_string(size) + " bytes, the manifest says " +
                               std::to_string(entry["bytes"].get<std::uintmax_t>()));
    const std::string digest = riskdb::sha256_of_file(file);
    if (digest != entry["sha256"].get<std::string>())
      check.problems.push_back(name + ": SHA-256 " + digest + ", the manifest says " +
                               entry["sha256"].get<std::string>());
  }
  return check;
}

}  // namespace kensa::cli
