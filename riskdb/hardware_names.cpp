#include "riskdb/hardware_names.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace kensa::riskdb {
namespace {

std::string product_form(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += c == ' ' ? '_' : static_cast<char>(std::tolower(byte));
  }
  while (!out.empty() && (out.back() == '_' || out.back() == '-')) out.pop_back();
  return out;
}

void add_unique(std::vector<std::string>& names, std::string name) {
  if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
    names.push_back(std::move(name));
}

}  // namespace

struct HardwareNames::Rule {
  std::string cpe_vendor;
  std::unique_ptr<RE2> model;
  std::vector<std::string> names;
};

HardwareNames::HardwareNames() = default;
HardwareNames::~HardwareNames() = default;
HardwareNames::HardwareNames(HardwareNames&&) noexcept = default;
HardwareNames& HardwareNames::operator=(HardwareNames&&) noexcept = default;

HardwareNames HardwareNames::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot be read");
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& error) {
    throw std::runtime_error(file.string() + ": not valid JSON: " + error.what());
  }
  if (document.value("format", "") != "kensa hardware names 1" || !document["vendors"].is_array())
    throw std::runtime_error(file.string() +
                             ": not a hardware name table (format \"kensa hardware names 1\")");
  HardwareNames table;
  for (const auto& vendor : document["vendors"]) {
    const std::string cpe_vendor = vendor.value("cpe_vendor", "");
    if (cpe_vendor.empty() || !vendor["rules"].is_array())
      throw std::runtime_error(file.string() + ": a vendor entry needs cpe_vendor and rules");
    for (const auto& rule : vendor["rules"]) {
      const std::string where = file.string() + ": " + cpe_vendor + " rule " + rule.dump();
      if (!rule["model"].is_string() || !rule["names"].is_array() || rule["names"].empty())
        throw std::runtime_error(where + ": needs a model pattern and a list of names");
      RE2::Options options;
      options.set_case_sensitive(false);
      options.set_log_errors(false);
      Rule parsed{cpe_vendor, std::make_unique<RE2>(rule["model"].get<std::string>(), options), {}};
      if (!parsed.model->ok())
        throw std::runtime_error(where + ": bad pattern: " + parsed.model->error());
      for (const auto& name : rule["names"]) {
        std::string error;
        if (!name.is_string() || !parsed.model->CheckRewriteString(name.get<std::string>(), &error))
          throw std::runtime_error(where + ": bad name template: " + error);
        parsed.names.push_back(name.get<std::string>());
      }
      table.rules_.push_back(std::move(parsed));
    }
  }
  return table;
}

std::vector<std::string> HardwareNames::nvd_names(std::string_view cpe_vendor,
                                                  std::string_view model) const {
  std::vector<std::string> names;
  const std::string reported(model);
  add_unique(names, product_form(reported));
  if (const auto slash = reported.find('/'); slash != std::string::npos && slash > 0)
    add_unique(names, product_form(reported.substr(0, slash)));
  for (const Rule& rule : rules_) {
    if (rule.cpe_vendor != cpe_vendor) continue;
    for (const std::string& name : rule.names) {
      std::string out;
      if (RE2::Extract(reported, *rule.model, name, &out)) add_unique(names, product_form(out));
    }
  }
  return names;
}

}  // namespace kensa::riskdb
