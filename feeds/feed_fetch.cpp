#include "feeds/feed_fetch.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <thread>

#include "feeds/feed_download.hpp"
#include "feeds/feed_error.hpp"
#include "feeds/feed_text.hpp"
#include "riskdb/data_files.hpp"
#include "riskdb/datasets.hpp"
#include "riskdb/vendor_catalogue.hpp"

namespace kensa::feeds {
namespace {

struct RemoteFile {
  std::string url;
  std::string file_name;
};

const std::array<std::pair<std::string_view, std::string_view>, 4> ieee_files{{
    {"https://standards-oui.ieee.org/oui/", "oui.csv"},
    {"https://standards-oui.ieee.org/oui28/", "mam.csv"},
    {"https://standards-oui.ieee.org/oui36/", "oui36.csv"},
    {"https://standards-oui.ieee.org/iab/", "iab.csv"},
}};

std::vector<RemoteFile> remote_files(riskdb::Database& database, FeedKind kind,
                                     const FetchOptions& options) {
  const auto mirror = options.mirrors.find(kind);
  const std::optional<std::string> base =
      mirror == options.mirrors.end() ? std::nullopt : std::optional<std::string>(mirror->second);
  switch (kind) {
    case FeedKind::kev:
      return {{base.value_or("https://www.cisa.gov/sites/default/files/feeds/"
                             "known_exploited_vulnerabilities.json"),
               "kev.json"}};
    case FeedKind::pen:
      return {
          {base.value_or("https://www.iana.org/assignments/enterprise-numbers.txt"), "pen.txt"}};
    case FeedKind::oui: {
      std::vector<RemoteFile> files;
      for (const auto& [official, name] : ieee_files)
        files.push_back(
            {(base ? *base : std::string(official)) + std::string(name), std::string(name)});
      return files;
    }
    case FeedKind::eol: {
      std::vector<RemoteFile> files;
      const auto catalogue = riskdb::VendorCatalogue::load(database);
      // One product per OS family that endoflife.date tracks (os-families.json eol_product).
      for (const riskdb::OsFamilyRecord& record : catalogue.families()) {
        if (!record.eol_product) continue;
        const std::string& product = *record.eol_product;
        files.push_back({base ? *base + product + ".json"
                              : "https://endoflife.date/api/v1/products/" + product + "/",
                         product + ".json"});
      }
      return files;
    }
    default: return {};
  }
}

std::optional<riskdb::Dataset> previous_download(const riskdb::Database& database, FeedKind kind,
                                                 const std::string& url) {
  auto dataset = riskdb::current_dataset(database, std::string(feed_kind_name(kind)));
  if (!dataset || dataset->source != url) return std::nullopt;
  return dataset;
}

// NVD's API pages: resultsPerPage at a time until totalResults, pausing
// between requests as NVD asks (6 s without an API key).
std::vector<std::filesystem::path> fetch_nvd_pages(const FetchOptions& options,
                                                   const std::filesystem::path& directory,
                                                   std::vector<std::string>& urls) {
  const auto mirror = options.mirrors.find(FeedKind::nvd);
  const std::string base = mirror == options.mirrors.end()
                               ? "https://services.nvd.nist.gov/rest/json/cves/2.0"
                               : mirror->second;
  const bool official = mirror == options.mirrors.end();
  constexpr int page_size = 2000;
  std::vector<std::filesystem::path> pages;
  for (long start = 0, total = 1; start < total; start += page_size) {
    const std::string separator = base.find('?') == std::string::npos ? "?" : "&";
    DownloadRequest request;
    request.url = base + separator + "resultsPerPage=" + std::to_string(page_size) +
                  "&startIndex=" + std::to_string(start);
    request.user_agent = options.user_agent;
    const auto page = directory / ("page-" + std::to_string(start) + ".json");
    urls.push_back(request.url);
    (void)download(request, page);
    pages.push_back(page);
    const nlohmann::json head = parse_feed_json(read_feed_file(page, 1ULL << 32), page.string());
    total = head.value("totalResults", 0L);
    if (official && start + page_size < total)
      std::this_thread::sleep_for(options.nvd_api_key ? std::chrono::seconds(1)
                                                      : std::chrono::seconds(6));
  }
  return pages;
}

}  // namespace

std::filesystem::path curated_restrictions_file() {
  return riskdb::risk_data_file("restrictions.json");
}

FetchReport fetch_feed(riskdb::Database& database, FeedKind kind, const FetchOptions& options) {
  FetchReport report;
  if (kind == FeedKind::screening)
    throw FeedError(
        "screening: the register is the operator's own; import it with `kensa feeds import "
        "screening FILE`");
  if (kind == FeedKind::restrictions) {
    report.urls.push_back(curated_restrictions_file().string());
    report.imported =
        import_feed(database, kind, {curated_restrictions_file()}, {}, options.shrink);
    return report;
  }
  const std::filesystem::path directory =
      options.work / (std::string(feed_kind_name(kind)) + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  struct Cleanup {
    std::filesystem::path path;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } cleanup{directory};
  std::vector<std::filesystem::path> files;
  FeedSource source;
  if (kind == FeedKind::nvd) {
    files = fetch_nvd_pages(options, directory, report.urls);
    source.label = report.urls.front();
  } else {
    const auto remote = remote_files(database, kind, options);
    bool all_unchanged = true;
    for (const RemoteFile& file : remote) {
      DownloadRequest request;
      request.url = file.url;
      request.user_agent = options.user_agent;
      if (remote.size() == 1)
        if (const auto previous = previous_download(database, kind, file.url)) {
          request.etag = previous->etag;
          request.last_modified = previous->last_modified;
        }
      const auto destination = directory / file.file_name;
      const DownloadResult result = download(request, destination);
      report.urls.push_back(file.url);
      all_unchanged &= result.not_modified;
      if (!result.not_modified) files.push_back(destination);
      if (remote.size() == 1) {
        source.etag = result.etag;
        source.last_modified = result.last_modified;
      }
    }
    if (all_unchanged && !remote.empty()) {
      report.not_modified = true;
      return report;
    }
    source.label = remote.size() == 1
                       ? remote.front().url
                       : remote.front().url.substr(0, remote.front().url.rfind('/') + 1);
  }
  report.imported =
      import_feed(database, kind, kind == FeedKind::oui ? std::vector{directory} : files, source,
                  options.shrink);
  return report;
}

ImportReport import_from_directory(riskdb::Database& database, FeedKind kind,
                                   const std::filesystem::path& directory, ShrinkPolicy shrink) {
  const std::string name(feed_kind_name(kind));
  std::vector<std::filesystem::path> candidates;
  for (const char* extension : {"", ".json", ".csv", ".txt", ".tsv"})
    if (std::filesystem::exists(directory / (name + extension)))
      candidates.push_back(directory / (name + extension));
  if (candidates.empty())
    throw FeedError(directory.string() + ": no " + name + " file or directory (expected " + name +
                    ".json, " + name + ".csv, " + name + ".txt, " + name + ".tsv or " + name +
                    "/)");
  std::filesystem::path chosen = candidates.front();
  std::vector<std::filesystem::path> files{chosen};
  if (std::filesystem::is_directory(chosen) && kind != FeedKind::oui && kind != FeedKind::nvd) {
    files.clear();
    for (const auto& entry : std::filesystem::directory_iterator(chosen))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
  }
  return import_feed(database, kind, files, {}, shrink);
}

std::vector<ImportReport> load_default_datasets(riskdb::Database& database) {
  std::vector<ImportReport> loaded;
  if (!riskdb::current_dataset(database, "restrictions"))
    loaded.push_back(import_feed(database, FeedKind::restrictions, {curated_restrictions_file()}));
  return loaded;
}

}  // namespace kensa::feeds
