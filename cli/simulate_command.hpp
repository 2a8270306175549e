#pragma once
// `kensa simulate --walks PATH... --listen ADDR[:PORT] [--count N]`: a
// read-only SNMP agent (v1, v2c, and v3 for the --v3-user given) on loopback that serves recorded
// walks (snmprec or snmpwalk files, or directories of them), each walk on its own address, or walks
// repeated over N addresses for a fleet.
//
// Contract: walks and addresses are checked before anything listens
// (UsageError); once listening it prints one line, "serving N agent(s) ...
// on FIRST-LAST port P", and answers until SIGINT or SIGTERM, then prints
// its counters and exits 0.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/credential_profiles.hpp"

namespace kensa::cli {

struct SimulateCommandSettings {
  std::vector<std::filesystem::path> walks;
  std::string listen = "127.0.0.1:1161";
  std::size_t count = 0;  // 0: one address per walk
  std::string community = "public";
  std::size_t max_size = 65507;
  CredentialOptions v3;  // the SNMPv3 user, when one is given
};

CLI::App* add_simulate_command(CLI::App& app, SimulateCommandSettings& settings);
int run_simulate_command(const SimulateCommandSettings& settings);

// The walks of files and directories (their *.snmprec, *.snmpwalk, *.walk
// and *.txt files), in name order. Throws UsageError naming what cannot be
// read or holds no value.
std::vector<std::filesystem::path> walk_files(const std::vector<std::filesystem::path>& paths);

}  // namespace kensa::cli
