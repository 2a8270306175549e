#pragma once
// Downloading a feed file over HTTP(S) with libcurl.
//
// Contract: download() writes the body to `destination` only when the
// transfer completed: status 200 and, when the server sent one, exactly
// Content-Length bytes. TLS peers are verified (libcurl's default, never
// turned off). A conditional request is made with the validators given;
// a 304 answer leaves `destination` untouched and reports not_modified.
// Network errors and 5xx answers are retried `retries` times with a
// doubling pause; 4xx answers, a body over `max_bytes` and a truncated
// body are errors at once. Errors throw FeedError naming the URL and
// what happened.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace kensa::feeds {

struct DownloadRequest {
  std::string url;
  std::string user_agent = "kensa";
  std::optional<std::string> etag, last_modified;  // from the previous download
  std::uintmax_t max_bytes = 512ULL * 1024 * 1024;
  std::chrono::seconds connect_timeout{15};
  std::chrono::seconds total_timeout{600};
  int retries = 3;
  std::chrono::milliseconds first_pause{500};
};

struct DownloadResult {
  bool not_modified = false;
  std::optional<std::string> etag, last_modified;
  std::uintmax_t bytes = 0;
};

DownloadResult download(const DownloadRequest& request, const std::filesystem::path& destination);

}  // namespace kensa::feeds
