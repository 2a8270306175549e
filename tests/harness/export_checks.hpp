#pragma once
// Checks that exported files open in the tools auditors use: the official
// CycloneDX validator (npm), headless Chromium, and CSV as RFC 4180 reads it.
//
// Contract: validate_cyclonedx runs the validator scripts/install-deps
// installed under `prefix` (package.json and validate.mjs as the project
// has them, beside node_modules) on the files; it installs nothing, throws
// naming the remedy when the installation is missing or stale, and returns
// the validator's result otherwise.
// load_in_chromium opens a file in headless Chromium, returns the DOM after
// its scripts ran and every console message of level warning or error, and
// writes a screenshot when asked. print_to_pdf_text prints a file and
// reads the PDF back. parse_csv splits RFC 4180 text into rows.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/harness/child_process.hpp"

namespace kensa::testing {

ProcessResult validate_cyclonedx(const std::filesystem::path& prefix,
                                 const std::vector<std::filesystem::path>& files);

struct BrowserPage {
  std::string dom;
  std::vector<std::string> console_problems;
  std::string log;  // Chromium's own output, for failure messages
};

std::optional<std::string> chromium_unavailable_reason();
BrowserPage load_in_chromium(const std::filesystem::path& file,
                             const std::optional<std::filesystem::path>& screenshot);

// Prints a file to PDF in headless Chromium (as "Save as PDF" would, A4,
// without header and footer) and returns the PDF's text as pdftotext reads
// it, every run of white space made one space. Throws naming the tool that
// failed; pdf_unavailable_reason says when pdftotext is missing.
std::optional<std::string> pdf_unavailable_reason();
std::string print_to_pdf_text(const std::filesystem::path& file, const std::filesystem::path& pdf);

std::vector<std::vector<std::string>> parse_csv(const std::string& text);

}  // namespace kensa::testing
