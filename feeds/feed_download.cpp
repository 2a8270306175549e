#include "feeds/feed_download.hpp"

#include <curl/curl.h>

#include <cstdio>
#include <memory>
#include <thread>

#include "feeds/feed_error.hpp"

namespace kensa::feeds {
namespace {

struct Transfer {
  std::FILE* file = nullptr;
  std::uintmax_t bytes = 0, limit = 0;
  bool too_large = false;
  std::optional<std::string> etag, last_modified;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* context) {
  auto& transfer = *static_cast<Transfer*>(context);
  const std::size_t length = size * count;
  if (transfer.bytes + length > transfer.limit) {
    transfer.too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  transfer.bytes += length;
  return std::fwrite(data, 1, length, transfer.file);
}

std::string trimmed_header(const char* data, std::size_t length, std::size_t skip) {
  std::string value(data + skip, length - skip);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.pop_back();
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  return value;
}

std::size_t read_header(char* data, std::size_t size, std::size_t count, void* context) {
  auto& transfer = *static_cast<Transfer*>(context);
  const std::size_t length = size * count;
  const std::string_view line(data, length);
  const auto starts = [&line](std::string_view name) {
    if (line.size() < name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
    return true;
  };
  if (starts("etag:")) transfer.etag = trimmed_header(data, length, 5);
  if (starts("last-modified:")) transfer.last_modified = trimmed_header(data, length, 14);
  return length;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

}  // namespace

DownloadResult download(const DownloadRequest& request, const std::filesystem::path& destination) {
  static CurlGlobal global;
  const std::filesystem::path partial = destination.string() + ".partial";
  std::chrono::milliseconds pause = request.first_pause;
  std::string last_error;
  for (int attempt = 0; attempt <= request.retries; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(pause);
      pause *= 2;
    }
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) throw FeedError("cannot start libcurl");
    std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(partial.c_str(), "wb"),
                                                            std::fclose);
    if (!file) throw FeedError("cannot write " + partial.string());
    Transfer transfer;
    transfer.file = file.get();
    transfer.limit = request.max_bytes;
    char error_text[CURL_ERROR_SIZE] = {};
    curl_slist* headers = nullptr;
    if (request.etag)
      headers = curl_slist_append(headers, ("If-None-Match: " + *request.etag).c_str());
    if (request.last_modified)
      headers =
          curl_slist_append(headers, ("If-Modified-Since: " + *request.last_modified).c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                            curl_slist_free_all);
    curl_easy_setopt(curl.get(), CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, request.user_agent.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT,
                     static_cast<long>(request.connect_timeout.count()));
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(request.total_timeout.count()));
    curl_easy_setopt(curl.get(), CURLOPT_ACCEPT_ENCODING, "");  // gzip and deflate when offered
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    const CURLcode code = curl_easy_perform(curl.get());
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    file.reset();
    if (transfer.too_large) {
      std::filesystem::remove(partial);
      throw FeedError(request.url + ": larger than the limit of " +
                      std::to_string(request.max_bytes) + " bytes");
    }
    if (code == CURLE_PARTIAL_FILE) {
      std::filesystem::remove(partial);
      throw FeedError(request.url +
                      ": the download was truncated (fewer bytes than the server announced)");
    }
    if (code != CURLE_OK) {
      last_error = std::string(curl_easy_strerror(code)) +
                   (error_text[0] ? std::string(": ") + error_text : "");
      continue;  // network trouble: try again
    }
    if (status == 304) {
      std::filesystem::remove(partial);
      return {true, request.etag, request.last_modified, 0};
    }
    if (status >= 500) {
      last_error = "the server answered " + std::to_string(status);
      continue;
    }
    if (status != 200) {
      std::filesystem::remove(partial);
      throw FeedError(request.url + ": the server answered " + std::to_string(status));
    }
    std::filesystem::rename(partial, destination);
    return {false, transfer.etag, transfer.last_modified, transfer.bytes};
  }
  std::filesystem::remove(partial);
  throw FeedError(request.url + ": " + last_error + " (after " +
                  std::to_string(request.retries + 1) + " attempts)");
}

}  // namespace kensa::feeds
