#include "riskdb/dates.hpp"

#include <cstdio>
#include <ctime>

#include "riskdb/datasets.hpp"

namespace kensa::riskdb {

std::string utc_today() { return utc_now().substr(0, 10); }

std::string add_days(const std::string& date, int days) {
  std::tm parts{};
  if (date.size() < 10 ||
      std::sscanf(date.c_str(), "%4d-%2d-%2d", &parts.tm_year, &parts.tm_mon, &parts.tm_mday) != 3)
    return date;
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  const std::time_t moved = timegm(&parts) + static_cast<std::time_t>(days) * 86400;
  std::tm out{};
  gmtime_r(&moved, &out);
  char text[16];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%d", &out);
  return {text, length};
}

}  // namespace kensa::riskdb
