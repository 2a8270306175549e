#include "tests/harness/export_checks.hpp"

#include <cctype>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace kensa::testing {

namespace fs = std::filesystem;

namespace {
std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

ProcessResult validate_cyclonedx(const fs::path& prefix, const std::vector<fs::path>& files) {
  const fs::path source = fs::path(KENSA_HARNESS_DIR) / "cyclonedx";
  const bool installed =
      fs::exists(prefix / "node_modules/@cyclonedx/cyclonedx-library/package.json");
  for (const char* name : {"package.json", "validate.mjs"})
    if (!installed || contents(source / name) != contents(prefix / name))
      throw std::runtime_error("the CycloneDX validator in " + prefix.string() +
                               " is missing or older than " + (source / name).string() +
                               ": run scripts/install-deps");
  std::vector<std::string> argv{"node", (prefix / "validate.mjs").string()};
  for (const auto& file : files) argv.push_back(file.string());
  return run_process(argv, {}, std::chrono::seconds(120));
}

std::optional<std::string> chromium_unavailable_reason() {
  if (run_process({"sh", "-c", "command -v chromium"}).exit_code != 0)
    return "Chromium is not installed (Debian package chromium)";
  return std::nullopt;
}

BrowserPage load_in_chromium(const fs::path& file, const std::optional<fs::path>& screenshot) {
  const std::string url = "file://" + fs::absolute(file).string();
  const std::vector<std::string> common{"chromium",
                                        "--headless",
                                        "--no-sandbox",
                                        "--disable-gpu",
                                        "--no-first-run",
                                        "--disable-extensions",
                                        "--enable-logging=stderr",
                                        "--v=0",
                                        "--virtual-time-budget=5000"};
  BrowserPage page;
  std::vector<std::string> dump = common;
  dump.push_back("--dump-dom");
  dump.push_back(url);
  const ProcessResult result = run_process(dump, {}, std::chrono::seconds(120));
  if (result.exit_code != 0)
    throw std::runtime_error("Chromium could not load " + url + ":\n" + result.describe());
  page.dom = result.out;
  page.log = result.err;
  std::istringstream lines(result.err);
  for (std::string line; std::getline(lines, line);)
    // Console messages are logged as "CONSOLE(line)" or ":CONSOLE(line)" with
    // their level; uncaught exceptions are console errors too.
    if (line.find("CONSOLE") != std::string::npos &&
        (line.find(":ERROR:") != std::string::npos || line.find(":WARNING:") != std::string::npos ||
         line.find("Uncaught") != std::string::npos))
      page.console_problems.push_back(line);
  if (screenshot) {
    fs::create_directories(screenshot->parent_path());
    std::vector<std::string> shot = common;
    shot.push_back("--window-size=1400,1600");
    shot.push_back("--screenshot=" + screenshot->string());
    shot.push_back(url);
    const ProcessResult taken = run_process(shot, {}, std::chrono::seconds(120));
    if (taken.exit_code != 0 || !fs::exists(*screenshot))
      throw std::runtime_error("Chromium took no screenshot of " + url + ":\n" + taken.describe());
  }
  return page;
}

std::optional<std::string> pdf_unavailable_reason() {
  if (const auto reason = chromium_unavailable_reason()) return reason;
  if (run_process({"sh", "-c", "command -v pdftotext"}).exit_code != 0)
    return "pdftotext is not installed (Debian package poppler-utils)";
  return std::nullopt;
}

std::string print_to_pdf_text(const fs::path& file, const fs::path& pdf) {
  fs::create_directories(pdf.parent_path());
  const std::string url = "file://" + fs::absolute(file).string();
  const ProcessResult printed =
      run_process({"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-extensions", "--virtual-time-budget=5000", "--no-pdf-header-footer",
                   "--print-to-pdf=" + pdf.string(), url},
                  {}, std::chrono::seconds(120));
  if (printed.exit_code != 0 || !fs::exists(pdf))
    throw std::runtime_error("Chromium printed no PDF of " + url + ":\n" + printed.describe());
  const ProcessResult text = run_process({"pdftotext", "-enc", "UTF-8", pdf.string(), "-"});
  if (text.exit_code != 0)
    throw std::runtime_error("pdftotext could not read " + pdf.string() + ":\n" + text.describe());
  std::string flat;
  bool space = false;
  for (const char c : text.out) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = true;
      continue;
    }
    if (space && !flat.empty()) flat += ' ';
    space = false;
    flat += c;
  }
  return flat;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      field_started = false;
      ++i;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (field_started || !row.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  if (quoted) throw std::runtime_error("CSV ends inside a quoted field");
  return rows;
}

}  // namespace kensa::testing
