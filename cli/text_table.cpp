#include "cli/text_table.hpp"

#include <algorithm>

#include "cli/untrusted_text.hpp"

namespace kensa::cli {

namespace {

std::size_t code_points(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

}  // namespace

TextTable::TextTable(std::ostream& out, std::vector<std::string> header, std::size_t measured_rows)
    : out_(out), header_(std::move(header)), measured_rows_(measured_rows) {
  for (const auto& name : header_) widths_.push_back(code_points(name));
}

TextTable::~TextTable() {
  try {
    finish();
  } catch (...) {  // a destructor reports nothing; finish() explicitly to see errors
  }
}

void TextTable::row(const std::vector<std::optional<std::string>>& cells,
                    const std::vector<std::string>& details) {
  Row shown;
  for (std::size_t i = 0; i < header_.size(); ++i) {
    const auto& cell = i < cells.size() ? cells[i] : std::nullopt;
    shown.cells.push_back(cell && !cell->empty() ? escape_for_terminal(*cell) : "-");
  }
  for (const auto& detail : details) shown.details.push_back(escape_for_terminal(detail));
  if (started_) {
    print(shown);
    return;
  }
  for (std::size_t i = 0; i < shown.cells.size(); ++i)
    widths_[i] = std::max(widths_[i], code_points(shown.cells[i]));
  held_.push_back(std::move(shown));
  if (held_.size() >= measured_rows_) start();
}

void TextTable::start() {
  started_ = true;
  print(Row{header_, {}});
  for (const auto& held : held_) print(held);
  held_.clear();
}

void TextTable::finish() {
  if (finished_) return;
  finished_ = true;
  if (!started_ && !held_.empty()) start();
  out_.flush();
}

void TextTable::print(const Row& row) {
  std::string line;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    line += row.cells[i];
    if (i + 1 == row.cells.size()) break;
    const std::size_t used = code_points(row.cells[i]);
    line.append(widths_[i] > used ? widths_[i] - used + 2 : 2, ' ');
  }
  out_ << line << '\n';
  for (const auto& detail : row.details) out_ << "    " << detail << '\n';
}

}  // namespace kensa::cli
