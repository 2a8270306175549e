#include "scanner/enterprise_registry.hpp"

#include <charconv>
#include <fstream>
#include <stdexcept>

namespace kensa::scanner {

EnterpriseRegistry EnterpriseRegistry::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the enterprise number registry " + file.string());
  EnterpriseRegistry registry;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::uint32_t number = 0;
    const auto [end, error] = std::from_chars(line.data(), line.data() + tab, number);
    if (error != std::errc{} || end != line.data() + tab) continue;
    std::string name = line.substr(tab + 1);
    // Some entries carry a remark after another tab: "\t# formerly '...'".
    if (const auto remark = name.find('\t'); remark != std::string::npos) name.resize(remark);
    while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.pop_back();
    registry.names_[number] = std::move(name);
  }
  return registry;
}

std::optional<std::string> EnterpriseRegistry::organisation(std::uint32_t number) const {
  const auto found = names_.find(number);
  if (found == names_.end()) return std::nullopt;
  return found->second;
}

}  // namespace kensa::scanner
