#include "scanner/target_list.hpp"

#include <boost/asio/ip/address.hpp>

#include <optional>
#include <set>
#include <stdexcept>

namespace kensa::scanner {
namespace {

[[noreturn]] void reject(const TargetText& target, const std::string& why) {
  throw std::invalid_argument("invalid target '" + target.text + "'" +
                              (target.origin.empty() ? "" : " (" + target.origin + ")") + ": " +
                              why);
}

}  // namespace

std::vector<Endpoint> expand_targets(const std::vector<TargetText>& texts,
                                     std::uint16_t default_port, std::size_t limit,
                                     const AddressScope& scope) {
  struct Planned {
    std::optional<AddressRange> range;
    Endpoint single;
  };
  std::vector<Planned> plan;
  std::size_t total = 0;
  for (const TargetText& target : texts) {
    Planned planned;
    try {
      planned.range = parse_address_range(target.text);
      if (!planned.range) {
        planned.single = parse_endpoint(target.text, default_port);
        if (const auto literal = parse_ip_address(planned.single.host))
          planned.range =
              AddressRange{number_of(*literal), number_of(*literal), literal->is_v6(), {}};
      }
    } catch (const std::invalid_argument& error) {
      reject(target, error.what());
    }
    if (planned.range && !scope.allows_whole(*planned.range))
      reject(target, "it lies outside the scope, which bounds everything kensa sends to");
    if (planned.range && planned.range->prefix_length && !planned.range->v6 &&
        *planned.range->prefix_length <= 30) {
      // Neither the network nor the broadcast address of an IPv4 subnet.
      planned.range->first = plus_one(planned.range->first);
      planned.range->last.low -= 1;
    }
    total += planned.single.host.empty() ? planned.range->size_up_to(limit) : 1;
    if (total > limit)
      reject(target, "the targets come to more than " + std::to_string(limit) +
                         " addresses; raise the limit if this is intended");
    plan.push_back(std::move(planned));
  }

  std::vector<Endpoint> endpoints;
  std::set<std::pair<std::string, std::uint16_t>> seen;
  const auto add = [&](Endpoint endpoint) {
    if (seen.emplace(endpoint.host, endpoint.port).second) endpoints.push_back(std::move(endpoint));
  };
  for (const Planned& planned : plan) {
    if (!planned.single.host.empty()) {
      const auto literal = parse_ip_address(planned.single.host);
      if (literal ? scope.excludes(*literal) : scope.excludes_name(planned.single.host)) continue;
      add(planned.single);
      continue;
    }
    for (AddressNumber n = planned.range->first;; n = plus_one(n)) {
      const auto address = address_of(n, planned.range->v6);
      if (!scope.excludes(address)) add(Endpoint{address.to_string(), default_port});
      if (n == planned.range->last) break;
    }
  }
  return endpoints;
}

std::vector<Endpoint> expand_targets(const std::vector<std::string>& texts,
                                     std::uint16_t default_port, std::size_t limit) {
  std::vector<TargetText> targets;
  targets.reserve(texts.size());
  for (const std::string& text : texts) targets.push_back({text, ""});
  return expand_targets(targets, default_port, limit, AddressScope{});
}

}  // namespace kensa::scanner
