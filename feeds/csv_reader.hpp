#pragma once
// RFC 4180 CSV, read record by record with the line each record starts on.
//
// Contract: fields may be quoted, quoted fields may hold commas, doubled
// quotes and line breaks; CRLF and LF both end records; a UTF-8 byte order
// mark at the start is skipped. A quote inside an unquoted field, text
// after a closing quote, or a file ending inside quotes throws FeedError
// naming the file and line. csv_field() quotes a value for writing.

#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace kensa::feeds {

class CsvReader {
 public:
  CsvReader(std::istream& input, std::string name);
  // The next record, or nullopt at the end of the input.
  std::optional<std::vector<std::string>> next();
  // The line the last record returned started on (1-based).
  [[nodiscard]] std::size_t line() const { return record_line_; }
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  std::istream& input_;
  std::string name_;
  std::size_t line_ = 1, record_line_ = 0;
  bool started_ = false;
};

// A field for a CSV file: quoted when it holds a comma, quote, CR or LF.
[[nodiscard]] std::string csv_field(const std::string& value);

}  // namespace kensa::feeds
