// IANA Private Enterprise Numbers: the registry's own text layout
// (number, then organisation, contact and e-mail indented 2, 4 and 6
// spaces, `@` written `&`) or Debian libwireshark-data's enterprises.tsv.

#include <map>
#include <sstream>

#include "feeds/feed_error.hpp"
#include "feeds/feed_text.hpp"
#include "feeds/importers.hpp"
#include "riskdb/registries.hpp"

namespace kensa::feeds {
namespace {

std::optional<std::string> field_value(const std::string& text) {
  std::string value = trimmed(text);
  if (value.empty() || value == "---none---") return std::nullopt;
  return value;
}

std::optional<std::int64_t> number_of(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

std::vector<riskdb::EnterpriseNumber> from_text(const std::string& text, const std::string& name,
                                                std::optional<std::string>& version) {
  std::vector<riskdb::EnterpriseNumber> numbers;
  std::istringstream lines(text);
  std::string line;
  std::size_t line_number = 0;
  riskdb::EnterpriseNumber* current = nullptr;
  int field = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = name + " line " + std::to_string(line_number);
    if (const auto updated = line.find("(last updated "); updated != std::string::npos && !version)
      version = line.substr(updated + 14, line.find(')', updated) - updated - 14);
    if (const auto number = number_of(line)) {
      numbers.push_back({*number, "", std::nullopt, std::nullopt});
      current = &numbers.back();
      field = 0;
      continue;
    }
    if (current == nullptr || line.empty() || line.front() != ' ') continue;  // header and trailer
    const std::string value = checked_text(line, "record", where, 1024);
    switch (field++) {
      case 0: current->organization = field_value(value).value_or(""); break;
      case 1: current->contact = field_value(value); break;
      case 2:
        if (auto email = field_value(value)) {
          for (char& c : *email)
            if (c == '&') c = '@';
          current->email = std::move(email);
        }
        break;
      default: break;  // a broken record running onto more lines: its extra lines are not fields
    }
  }
  return numbers;
}

std::vector<riskdb::EnterpriseNumber> from_tsv(const std::string& text, const std::string& name) {
  std::vector<riskdb::EnterpriseNumber> numbers;
  std::istringstream lines(text);
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const std::string where = name + " line " + std::to_string(line_number);
    const auto tab = line.find('\t');
    if (tab == std::string::npos) throw FeedError(where + ": expected NUMBER<TAB>ORGANIZATION");
    const auto number = number_of(line.substr(0, tab));
    if (!number)
      throw FeedError(where + ": \"" + line.substr(0, std::min<std::size_t>(tab, 20)) +
                      "\" is not a number");
    // NUMBER<TAB>ORGANIZATION, optionally <TAB># a note on former names.
    const std::string organization = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
    numbers.push_back({*number, checked_text(organization, "organization", where, 1024),
                       std::nullopt, std::nullopt});
  }
  return numbers;
}

}  // namespace

ImportReport import_enterprise_numbers(riskdb::Database& database, const Files& files,
                                       const FeedSource& source) {
  if (files.size() != 1) throw FeedError("pen: give one registry file");
  const std::string name = files.front().string();
  const std::string text = read_feed_file(files.front(), 256ULL * 1024 * 1024);
  // The TSV starts with comments or "number<TAB>"; the registry with its title.
  const auto first_line = text.substr(0, text.find('\n'));
  const bool tsv = first_line.starts_with("#") || first_line.find('\t') != std::string::npos;
  std::optional<std::string> version;
  std::vector<riskdb::EnterpriseNumber> numbers =
      tsv ? from_tsv(text, name) : from_text(text, name, version);
  if (numbers.empty())
    throw FeedError(name + ": no enterprise numbers found; is this the IANA registry?");
  std::map<std::int64_t, std::size_t> seen;
  for (std::size_t i = 0; i < numbers.size(); ++i)
    if (!seen.emplace(numbers[i].number, i).second)
      throw FeedError(name + ": enterprise number " + std::to_string(numbers[i].number) +
                      " appears twice");
  riskdb::Dataset dataset = dataset_for(FeedKind::pen, files, source);
  dataset.version = version;
  dataset.data_date = version;  // "(last updated 2026-11-01)"
  riskdb::replace_enterprise_numbers(database, numbers, dataset);
  return {FeedKind::pen,
          tsv ? "pen-tsv" : "pen-iana-text",
          dataset.source,
          dataset.version,
          dataset.sha256,
          static_cast<std::int64_t>(numbers.size()),
          {}};
}

}  // namespace kensa::feeds
