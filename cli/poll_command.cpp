#include "cli/poll_command.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <utility>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/secret_source.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "scanner/system_group.hpp"

namespace kensa::cli {
namespace {

using scanner::Credentials;

Credentials credentials_from(const PollCommandSettings& settings) {
  Credentials credentials;
  const auto version = scanner::parse_snmp_version(settings.snmp_version);
  if (!version)
    throw UsageError("--snmp-version '" + settings.snmp_version + "' is not one of 1, 2c, 3");
  credentials.version = *version;

  if (credentials.version != scanner::SnmpVersion::v3) {
    auto community = read_secret(settings.community_file, "KENSA_COMMUNITY", "community");
    credentials.community = community ? std::move(*community) : scanner::Secret("public");
  } else {
    credentials.user = settings.v3_user;
    if (!settings.auth_protocol.empty()) {
      const auto auth = scanner::parse_auth_protocol(settings.auth_protocol);
      if (!auth)
        throw UsageError("--auth-proto '" + settings.auth_protocol +
                         "' is not one of MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512");
      credentials.auth = *auth;
    }
    if (!settings.priv_protocol.empty()) {
      const auto priv = scanner::parse_priv_protocol(settings.priv_protocol);
      if (!priv)
        throw UsageError("--priv-proto '" + settings.priv_protocol +
                         "' is not one of DES, AES, AES-192, AES-256");
      credentials.priv = *priv;
    }
    if (auto secret =
            read_secret(settings.auth_password_file, "KENSA_AUTH_PASS", "authentication password"))
      credentials.auth_password = std::move(*secret);
    if (auto secret =
            read_secret(settings.priv_password_file, "KENSA_PRIV_PASS", "privacy password"))
      credentials.priv_password = std::move(*secret);
  }
  try {
    credentials.validate();
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  return credentials;
}

struct NamedValue {
  const char* name;
  const std::optional<std::string>* value;
};

std::vector<NamedValue> text_columns(const scanner::SystemGroup& system) {
  return {{"sysDescr", &system.descr},
          {"sysObjectID", &system.object_id},
          {"sysContact", &system.contact},
          {"sysName", &system.name},
          {"sysLocation", &system.location}};
}

void print_table(const scanner::Endpoint& target, const scanner::SystemGroupPoll& poll) {
  constexpr int width = 13;
  const auto row = [&](std::string_view name, const std::string& value) {
    std::cout << name << std::string(width - name.size(), ' ') << value << '\n';
  };
  row("target", escape_for_terminal(target.display()));
  const auto absent = std::string("(absent)");
  const auto& system = poll.system;
  for (const auto& [name, value] : text_columns(system)) {
    if (std::string_view(name) == "sysContact") {
      row("sysUpTime", system.uptime ? std::to_string(*system.uptime) + " (" +
                                           scanner::format_uptime(*system.uptime) + ")"
                                     : absent);
    }
    row(name, *value ? escape_for_terminal(**value) : absent);
  }
  if (!poll.engine_id.empty()) row("engineID", hex_octets(poll.engine_id));
}

nlohmann::json json_record(const scanner::Endpoint& target, const Credentials& credentials,
                           const scanner::SystemGroupPoll& poll) {
  nlohmann::json record{{"target", target.display()},
                        {"host", target.host},
                        {"port", target.port},
                        {"snmp_version", scanner::to_string(credentials.version)},
                        {"status", scanner::to_string(poll.outcome.status)}};
  if (!poll.outcome.ok()) {
    record["message"] = poll.outcome.message;
    return record;
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
  if (!poll.engine_id.empty()) record["engine_id"] = hex_octets(poll.engine_id);
  return record;
}

}  // namespace

CLI::App* add_poll_command(CLI::App& app, PollCommandSettings& settings) {
  CLI::App* poll = app.add_subcommand(
      "poll", "Read one device's system group (sysDescr, sysObjectID, sysName, ...) over SNMP");
  poll->footer(
      "Secrets never go on the command line. The community comes from --community-file or\n"
      "KENSA_COMMUNITY (default: public); SNMPv3 passwords from --auth-pass-file or\n"
      "KENSA_AUTH_PASS and --priv-pass-file or KENSA_PRIV_PASS. Secret files must not be\n"
      "accessible to every user (chmod 600).\n"
      "Exit codes: 0 answered, 2 no answer or credentials refused, 64 usage error.");
  poll->add_option("target", settings.target, "HOST, HOST:PORT, [IPV6] or [IPV6]:PORT")->required();
  poll->add_flag("--json", settings.json, "Print one JSON object instead of a table");
  poll->add_option("--snmp-version", settings.snmp_version, "1, 2c or 3")->capture_default_str();
  poll->add_option("--community-file", settings.community_file,
                   "File holding the v1/v2c community");
  poll->add_option("--v3-user", settings.v3_user, "SNMPv3 user name");
  poll->add_option("--auth-proto", settings.auth_protocol,
                   "SNMPv3 authentication: MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512");
  poll->add_option("--auth-pass-file", settings.auth_password_file,
                   "File holding the SNMPv3 authentication password");
  poll->add_option("--priv-proto", settings.priv_protocol,
                   "SNMPv3 privacy: DES, AES (AES-128), AES-192, AES-256");
  poll->add_option("--priv-pass-file", settings.priv_password_file,
                   "File holding the SNMPv3 privacy password");
  poll->add_option("--timeout", settings.timeout_ms, "Milliseconds to wait for each answer")
      ->check(CLI::Range(1U, 600000U))
      ->capture_default_str();
  poll->add_option("--retries", settings.retries, "Further attempts after a timeout")
      ->check(CLI::Range(0U, 20U))
      ->capture_default_str();
  return poll;
}

int run_poll_command(const PollCommandSettings& settings) {
  scanner::Endpoint target;
  try {
    target = scanner::parse_endpoint(settings.target);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  const Credentials credentials = credentials_from(settings);
  const scanner::PollOptions options{std::chrono::milliseconds(settings.timeout_ms),
                                     static_cast<int>(settings.retries)};
  const scanner::SystemGroupPoll poll = scanner::poll_system_group(target, credentials, options);

  if (settings.json)
    std::cout << json_record(target, credentials, poll)
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << '\n';
  if (!poll.outcome.ok()) {
    std::cerr << "kensa: " << escape_for_terminal(poll.outcome.message) << '\n';
    return exit_unreachable;
  }
  if (!settings.json) print_table(target, poll);
  return exit_ok;
}

}  // namespace kensa::cli
