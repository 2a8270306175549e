#pragma once
// The CVSS ratings NVD gives a CVE, as exports report them.
//
// Contract: CvssRatings::of returns the stored ratings of one CVE, newest
// CVSS version first (4.0, 3.x, 2.0), each with its score, the vector as
// NVD wrote it (when stored) and the CVSS version read from the vector's
// prefix ("3.1", "3.0"; "3.x" when a v3 score has no vector). A CVE the
// database does not hold, or holds without scores, gives none. One
// prepared statement serves every lookup.

#include <optional>
#include <string>
#include <vector>

#include "riskdb/database.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {

struct CvssRating {
  std::string version;  // "4.0", "3.1", "3.0", "3.x", "2.0"
  double score = 0;
  std::optional<std::string> vector;
};

// CVSS's qualitative rating of a score: critical, high, medium, low, none.
[[nodiscard]] std::string cvss_severity(double score);

class CvssRatings {
 public:
  explicit CvssRatings(const Database& database);
  [[nodiscard]] std::vector<CvssRating> of(const std::string& cve_id);

 private:
  Statement query_;
};

}  // namespace kensa::riskdb
