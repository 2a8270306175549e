#include "cli/credential_profiles.hpp"

#include <sstream>

#include "cli/secret_source.hpp"
#include "cli/usage_error.hpp"

namespace kensa::cli {
namespace {

using scanner::Credentials;
using scanner::SnmpVersion;

Credentials v3_profile(const CredentialOptions& options) {
  Credentials credentials;
  credentials.version = SnmpVersion::v3;
  credentials.user = options.v3_user;
  if (!options.auth_protocol.empty()) {
    const auto auth = scanner::parse_auth_protocol(options.auth_protocol);
    if (!auth)
      throw UsageError("--auth-proto '" + options.auth_protocol +
                       "' is not one of MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512");
    credentials.auth = *auth;
  }
  if (!options.priv_protocol.empty()) {
    const auto priv = scanner::parse_priv_protocol(options.priv_protocol);
    if (!priv)
      throw UsageError("--priv-proto '" + options.priv_protocol +
                       "' is not one of DES, AES, AES-192, AES-256");
    credentials.priv = *priv;
  }
  if (auto secret =
          read_secret(options.auth_password_file, "KENSA_AUTH_PASS", "authentication password"))
    credentials.auth_password = std::move(*secret);
  if (auto secret = read_secret(options.priv_password_file, "KENSA_PRIV_PASS", "privacy password"))
    credentials.priv_password = std::move(*secret);
  return credentials;
}

std::vector<scanner::Secret> communities(const CredentialOptions& options) {
  std::vector<scanner::Secret> found;
  for (const auto& file : options.community_files)
    found.push_back(std::move(*read_secret(file, "KENSA_COMMUNITY", "community")));
  if (found.empty()) {
    auto from_environment = read_secret(std::nullopt, "KENSA_COMMUNITY", "community");
    found.push_back(from_environment ? std::move(*from_environment) : scanner::Secret("public"));
  }
  return found;
}

}  // namespace

std::vector<Credentials> credential_profiles(const CredentialOptions& options) {
  std::vector<Credentials> profiles;
  std::istringstream list(options.snmp_versions);
  for (std::string item; std::getline(list, item, ',');) {
    const auto version = scanner::parse_snmp_version(item);
    if (!version) throw UsageError("--snmp-version '" + item + "' is not one of 1, 2c, 3");
    if (*version == SnmpVersion::v3) {
      profiles.push_back(v3_profile(options));
      continue;
    }
    for (auto& community : communities(options)) {
      Credentials credentials;
      credentials.version = *version;
      credentials.community = std::move(community);
      profiles.push_back(std::move(credentials));
    }
  }
  if (profiles.empty()) throw UsageError("--snmp-version names no version");
  for (const Credentials& credentials : profiles) {
    try {
      credentials.validate();
    } catch (const std::invalid_argument& error) {
      throw UsageError(error.what());
    }
  }
  return profiles;
}

std::string describe_profile(const Credentials& credentials, std::size_t index) {
  std::string text = "#" + std::to_string(index + 1) + " (";
  if (credentials.version == SnmpVersion::v3)
    return text + "v3 user '" + credentials.user + "', " +
           std::string(scanner::to_string(credentials.security_level())) + ")";
  return text + "v" + std::string(scanner::to_string(credentials.version)) + " community)";
}

void add_credential_options(CLI::App& command, CredentialOptions& options) {
  command
      .add_option("--snmp-version", options.snmp_versions,
                  "1, 2c or 3, or a list tried in order such as 3,2c")
      ->capture_default_str();
  command.add_option("--community-file", options.community_files,
                     "File holding a v1/v2c community (repeatable, tried in order)");
  command.add_option("--v3-user", options.v3_user, "SNMPv3 user name");
  command.add_option("--auth-proto", options.auth_protocol,
                     "SNMPv3 authentication: MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512");
  command.add_option("--auth-pass-file", options.auth_password_file,
                     "File holding the SNMPv3 authentication password");
  command.add_option("--priv-proto", options.priv_protocol,
                     "SNMPv3 privacy: DES, AES (AES-128), AES-192, AES-256");
  command.add_option("--priv-pass-file", options.priv_password_file,
                     "File holding the SNMPv3 privacy password");
}

}  // namespace kensa::cli
