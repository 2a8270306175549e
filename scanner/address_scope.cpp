#include "scanner/address_scope.hpp"

#include <algorithm>
#include <stdexcept>

namespace kensa::scanner {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

AddressRange parse_or_throw(const std::string& text, const std::string& origin, const char* what) {
  try {
    if (auto range = parse_address_range(text)) return *range;
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("invalid ") + what + " '" + text + "' (" + origin +
                                "): " + error.what());
  }
  throw std::invalid_argument(std::string("invalid ") + what + " '" + text + "' (" + origin +
                              "): not an address, prefix or range");
}

// A host name as target lists take it: letters, digits, '-', '.' and no
// leading '-'.
bool looks_like_host_name(const std::string& text) {
  if (text.empty() || text.front() == '-' || text.size() > 253) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

}  // namespace

void AddressScope::add_allowed(const std::string& text, const std::string& origin) {
  allowed_.push_back(parse_or_throw(text, origin, "scope"));
}

void AddressScope::add_excluded(const std::string& text, const std::string& origin) {
  try {
    if (auto range = parse_address_range(text)) {
      excluded_.push_back(*range);
      return;
    }
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument("invalid exclusion '" + text + "' (" + origin +
                                "): " + error.what());
  }
  if (!looks_like_host_name(text))
    throw std::invalid_argument("invalid exclusion '" + text + "' (" + origin +
                                "): not an address, prefix, range or host name");
  excluded_names_.push_back(lower(text));
}

bool AddressScope::allows(const boost::asio::ip::address& address) const {
  if (excludes(address)) return false;
  if (allowed_.empty()) return true;
  return std::any_of(allowed_.begin(), allowed_.end(),
                     [&](const AddressRange& range) { return range.contains(address); });
}

bool AddressScope::allows_whole(const AddressRange& range) const {
  if (allowed_.empty()) return true;
  // Allowed ranges may overlap or abut; walk them in order from the start
  // of `range` until its end is covered or a gap appears.
  std::vector<AddressRange> same_family;
  for (const AddressRange& allowed : allowed_)
    if (allowed.v6 == range.v6) same_family.push_back(allowed);
  std::sort(same_family.begin(), same_family.end(),
            [](const AddressRange& a, const AddressRange& b) { return a.first < b.first; });
  AddressNumber next = range.first;  // the first address not yet known to be allowed
  for (const AddressRange& allowed : same_family) {
    if (allowed.first > next) break;
    if (allowed.last >= next) {
      if (allowed.last >= range.last) return true;
      next = plus_one(allowed.last);
    }
  }
  return false;
}

bool AddressScope::excludes(const boost::asio::ip::address& address) const {
  return std::any_of(excluded_.begin(), excluded_.end(),
                     [&](const AddressRange& range) { return range.contains(address); });
}

bool AddressScope::excludes_name(const std::string& host) const {
  return std::find(excluded_names_.begin(), excluded_names_.end(), lower(host)) !=
         excluded_names_.end();
}

}  // namespace kensa::scanner
