#include "cli/poll_report.hpp"

#include <optional>
#include <string>
#include <vector>

#include "cli/credential_profiles.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/value_format.hpp"
#include "scanner/device_json.hpp"
#include "scanner/engine_id.hpp"

namespace kensa::cli {
namespace {

using scanner::DevicePoll;

struct NamedText {
  const char* name;
  const std::optional<std::string>* value;
};

std::vector<NamedText> text_columns(const scanner::SystemGroup& system) {
  return {{"sysDescr", &system.descr},
          {"sysObjectID", &system.object_id},
          {"sysContact", &system.contact},
          {"sysName", &system.name},
          {"sysLocation", &system.location}};
}

std::string engine_id_text(const std::string& engine_id) {
  std::string text = hex_octets(engine_id);
  if (const auto enterprise = scanner::engine_id_enterprise(engine_id))
    text += " (enterprise " + std::to_string(*enterprise) + ")";
  return text;
}

}  // namespace

void print_poll_table(std::ostream& out, const scanner::Endpoint& target, const DevicePoll& poll,
                      std::span<const scanner::Credentials> profiles) {
  constexpr std::size_t width = 13;
  const auto row = [&](std::string_view name, const std::string& value) {
    out << name << std::string(width - std::min(width - 1, name.size()), ' ') << value << '\n';
  };
  row("target", escape_for_terminal(target.display()));
  if (poll.profile && profiles.size() > 1)
    row("credential", describe_profile(profiles[*poll.profile], *poll.profile));
  const std::string absent = "(absent)";
  const auto& system = poll.system;
  for (const auto& [name, value] : text_columns(system)) {
    if (std::string_view(name) == "sysContact")
      row("sysUpTime", system.uptime ? std::to_string(*system.uptime) + " (" +
                                           scanner::format_uptime(*system.uptime) + ")"
                                     : absent);
    row(name, *value ? escape_for_terminal(**value) : absent);
  }
  if (!poll.engine_id.empty()) row("engineID", engine_id_text(poll.engine_id));
  if (poll.identity) {
    const auto& identity = *poll.identity;
    const auto known = [](const std::optional<std::string>& value) {
      return value ? escape_for_terminal(*value) : std::string("(unknown)");
    };
    row("vendor", known(identity.vendor));
    row("os", known(identity.os));
    row("model", known(identity.model));
    row("firmware", known(identity.firmware));
    row("serial", known(identity.serial));
    row("modules", std::to_string(identity.modules.size()));
    row("neighbours", std::to_string(identity.neighbors.size()));
  }
  for (const auto& walk : poll.walks) {
    out << "walk " << scanner::to_string(walk.root) << ": " << walk.result.rows.size() << " rows, "
        << scanner::to_string(walk.result.end) << '\n';
    for (const auto& varbind : walk.result.rows)
      out << "  " << scanner::to_string(varbind.oid) << " = " << value_for_terminal(varbind.value)
          << '\n';
    if (!walk.result.outcome.ok())
      out << "  (" << escape_for_terminal(walk.result.outcome.message) << ")\n";
  }
}

nlohmann::json poll_json(const scanner::Endpoint& target, const DevicePoll& poll,
                         std::span<const scanner::Credentials> profiles) {
  nlohmann::json record{{"target", target.display()},
                        {"host", target.host},
                        {"port", target.port},
                        {"status", scanner::to_string(poll.outcome.status)}};
  if (!poll.engine_id.empty()) {
    record["engine_id"] = hex_octets(poll.engine_id);
    if (const auto enterprise = scanner::engine_id_enterprise(poll.engine_id))
      record["engine_enterprise"] = *enterprise;
  }
  if (!poll.outcome.ok()) {
    record["message"] = poll.outcome.message;
    return record;
  }
  if (poll.profile) {
    const scanner::Credentials& winner = profiles[*poll.profile];
    record["snmp_version"] = scanner::to_string(winner.version);
    record["credential"] = *poll.profile + 1;
  }
  nlohmann::json system = nlohmann::json::object();
  nlohmann::json raw_hex = nlohmann::json::object();
  for (const auto& [name, value] : text_columns(poll.system)) {
    if (!*value) continue;
    system[name] = **value;
    // Octets that are not UTF-8 are kept losslessly beside the readable text.
    if (!is_valid_utf8(**value)) raw_hex[name] = hex_octets(**value);
  }
  if (poll.system.uptime) system["sysUpTime"] = *poll.system.uptime;
  record["system"] = std::move(system);
  if (!raw_hex.empty()) record["system_hex"] = std::move(raw_hex);
  if (!poll.walks.empty()) {
    nlohmann::json walks = nlohmann::json::array();
    for (const auto& walk : poll.walks) {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& varbind : walk.result.rows)
        rows.push_back({{"oid", scanner::to_string(varbind.oid)},
                        {"type", scanner::to_string(varbind.value.type)},
                        {"value", value_to_json(varbind.value)}});
      nlohmann::json entry{{"root", scanner::to_string(walk.root)},
                           {"end", scanner::to_string(walk.result.end)},
                           {"rows", std::move(rows)}};
      if (!walk.result.outcome.ok()) entry["message"] = walk.result.outcome.message;
      walks.push_back(std::move(entry));
    }
    record["walks"] = std::move(walks);
  }
  if (poll.identity) record["identity"] = device_json(*poll.identity);
  return record;
}

}  // namespace kensa::cli
