#pragma once
// Terminal tables: a header, then rows in aligned columns.
//
// Contract: cells are shown as escape_for_terminal shows them (device
// strings are attacker-controlled) and "-" when empty. Column widths come
// from the header and the first `measured_rows` rows; later rows are
// printed as they come, so a table of millions of rows needs no memory,
// and a longer cell pushes its row's later cells right rather than being
// cut. Widths count code points, not bytes. The last column is never
// padded. Each row may carry indented detail lines printed beneath it. A
// table without rows prints nothing, not even its header.

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace kensa::cli {

class TextTable {
 public:
  TextTable(std::ostream& out, std::vector<std::string> header, std::size_t measured_rows = 500);
  TextTable(const TextTable&) = delete;
  TextTable& operator=(const TextTable&) = delete;
  ~TextTable();  // prints what is still held

  void row(const std::vector<std::optional<std::string>>& cells,
           const std::vector<std::string>& details = {});
  void finish();

 private:
  struct Row {
    std::vector<std::string> cells, details;
  };
  void print(const Row& row);
  void start();

  std::ostream& out_;
  std::vector<std::string> header_;
  std::vector<std::size_t> widths_;
  std::vector<Row> held_;
  std::size_t measured_rows_;
  bool started_ = false, finished_ = false;
};

}  // namespace kensa::cli
