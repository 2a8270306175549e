#pragma once
// The ordered credential profiles of a command, from its options, files and
// environment variables.
//
// Contract: versions are tried in the order given by --snmp-version (for
// example "3,2c"); a v1 or v2c entry contributes one profile per community
// (each --community-file in order, else KENSA_COMMUNITY, else "public"), a
// v3 entry the one user of the --v3-* options. Throws UsageError naming the
// option or file at fault; never puts a secret in a message.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scanner/credentials.hpp"

namespace kensa::cli {

struct CredentialOptions {
  std::string snmp_versions = "2c";
  std::vector<std::filesystem::path> community_files;
  std::string v3_user;
  std::string auth_protocol;
  std::optional<std::filesystem::path> auth_password_file;
  std::string priv_protocol;
  std::optional<std::filesystem::path> priv_password_file;
};

std::vector<scanner::Credentials> credential_profiles(const CredentialOptions& options);

// --snmp-version, --community-file, --v3-user, --auth-proto,
// --auth-pass-file, --priv-proto and --priv-pass-file.
void add_credential_options(CLI::App& command, CredentialOptions& options);

// "#2 (v2c community)", "#1 (v3 user 'ops', authPriv)": names a profile
// without its secret.
std::string describe_profile(const scanner::Credentials& credentials, std::size_t index);

}  // namespace kensa::cli
