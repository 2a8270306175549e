#include "riskdb/cvss_ratings.hpp"

namespace kensa::riskdb {

std::string cvss_severity(double score) {
  if (score >= 9.0) return "critical";
  if (score >= 7.0) return "high";
  if (score >= 4.0) return "medium";
  if (score > 0.0) return "low";
  return "none";
}

CvssRatings::CvssRatings(const Database& database)
    : query_(database,
             "SELECT cvss_v4, cvss_v4_vector, cvss_v3, cvss_v3_vector, cvss_v2, cvss_v2_vector "
             "FROM vulnerabilities WHERE cve_id = ?1") {}

std::vector<CvssRating> CvssRatings::of(const std::string& cve_id) {
  std::vector<CvssRating> ratings;
  query_.reset();
  query_.bind(1, cve_id);
  if (!query_.step()) return ratings;
  const auto add = [&](int column, const std::string& fallback_version) {
    const auto score = query_.optional_real(column);
    if (!score) return;
    CvssRating rating{fallback_version, *score, query_.optional_text(column + 1)};
    // "CVSS:3.1/AV:N/..." names its version; v2 vectors carry no prefix.
    if (rating.vector && rating.vector->rfind("CVSS:", 0) == 0) {
      const auto slash = rating.vector->find('/');
      rating.version = rating.vector->substr(5, slash == std::string::npos ? slash : slash - 5);
    }
    ratings.push_back(std::move(rating));
  };
  add(0, "4.0");
  add(2, "3.x");
  add(4, "2.0");
  return ratings;
}

}  // namespace kensa::riskdb
