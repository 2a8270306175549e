#include "feeds/csv_reader.hpp"

#include "feeds/feed_error.hpp"

namespace kensa::feeds {

CsvReader::CsvReader(std::istream& input, std::string name)
    : input_(input), name_(std::move(name)) {}

std::optional<std::vector<std::string>> CsvReader::next() {
  if (!started_) {
    started_ = true;
    if (input_.peek() == 0xEF) {
      char bom[3];
      input_.read(bom, 3);
      if (std::string_view(bom, 3) != "\xEF\xBB\xBF") {
        input_.clear();
        input_.seekg(0);
      }
    }
  }
  if (input_.peek() == std::char_traits<char>::eof()) return std::nullopt;
  record_line_ = line_;
  std::vector<std::string> fields(1);
  enum class State { start, unquoted, quoted, after_quote } state = State::start;
  const auto fail = [this](const std::string& what) {
    throw FeedError(name_ + " line " + std::to_string(line_) + ": " + what);
  };
  for (int next = input_.get();; next = input_.get()) {
    if (next == std::char_traits<char>::eof()) {
      if (state == State::quoted)
        fail("the file ends inside a quoted field that began on line " +
             std::to_string(record_line_));
      return fields;
    }
    const char c = static_cast<char>(next);
    switch (state) {
      case State::quoted:
        if (c == '"') {
          if (input_.peek() == '"') {
            input_.get();
            fields.back() += '"';
          } else {
            state = State::after_quote;
          }
        } else {
          if (c == '\n') ++line_;
          fields.back() += c;
        }
        continue;
      case State::start:
        if (c == '"') {
          state = State::quoted;
          continue;
        }
        state = State::unquoted;
        break;
      case State::after_quote:
        if (c != ',' && c != '\n' && c != '\r') fail("text after the closing quote of a field");
        break;
      case State::unquoted: break;
    }
    if (c == ',') {
      fields.emplace_back();
      state = State::start;
    } else if (c == '\r' && input_.peek() == '\n') {
      continue;
    } else if (c == '\n') {
      ++line_;
      return fields;
    } else if (c == '"') {
      fail("a quote inside an unquoted field");
    } else {
      fields.back() += c;
    }
  }
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace kensa::feeds
