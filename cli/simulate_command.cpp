#include "cli/simulate_command.hpp"

#include <algorithm>
#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "scanner/agent_codec.hpp"
#include "scanner/endpoint.hpp"
#include "scanner/walk_agent.hpp"
#include "scanner/walk_file.hpp"

namespace kensa::cli {

namespace fs = std::filesystem;
namespace asio = boost::asio;

CLI::App* add_simulate_command(CLI::App& app, SimulateCommandSettings& settings) {
  CLI::App* command = app.add_subcommand(
      "simulate", "Serve recorded walks as read-only SNMP agents on loopback (v1, v2c, v3)");
  command->footer(
      "Each walk answers on its own address from --listen on (127.0.0.1, 127.0.0.2, ...), to "
      "the --community and to its own file name as community. --count N serves N addresses, "
      "repeating the walks; each repeat varies sysName, serials and LLDP chassis id so that "
      "every address is a device of its own.");
  command->add_option("--walks", settings.walks, "Walk files or directories of them")->required();
  command
      ->add_option("--listen", settings.listen,
                   "First loopback address and UDP port (port 0: a free one)")
      ->capture_default_str();
  command->add_option("--count", settings.count, "Addresses to serve (default: one per walk)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 22U));
  command->add_option("--community", settings.community, "Community every walk answers to")
      ->capture_default_str();
  command->add_option("--v3-user", settings.v3.v3_user, "An SNMPv3 user the agents accept");
  command->add_option("--auth-proto", settings.v3.auth_protocol,
                      "Its authentication: MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512");
  command->add_option("--auth-pass-file", settings.v3.auth_password_file,
                      "File holding its authentication password (else KENSA_AUTH_PASS)");
  command->add_option("--priv-proto", settings.v3.priv_protocol,
                      "Its privacy: DES, AES (AES-128), AES-192, AES-256");
  command->add_option("--priv-pass-file", settings.v3.priv_password_file,
                      "File holding its privacy password (else KENSA_PRIV_PASS)");
  command->add_option("--max-size", settings.max_size, "Largest answer in bytes")
      ->check(CLI::Range(std::size_t{484}, std::size_t{65507}))
      ->capture_default_str();
  return command;
}

std::vector<fs::path> walk_files(const std::vector<fs::path>& paths) {
  std::vector<fs::path> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::directory_iterator(path)) {
        const std::string extension = entry.path().extension().string();
        if (entry.is_regular_file() && (extension == ".snmprec" || extension == ".snmpwalk" ||
                                        extension == ".walk" || extension == ".txt"))
          found.push_back(entry.path());
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) throw UsageError("--walks " + path.string() + ": no walk file in it");
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      throw UsageError("--walks " + path.string() + ": no such file or directory");
    }
  }
  return files;
}

int run_simulate_command(const SimulateCommandSettings& settings) {
  scanner::Endpoint listen;
  // Port 0: a free port, which the "serving" line names.
  std::string listen_text = settings.listen;
  const bool any_port = listen_text.size() > 2 && listen_text.ends_with(":0");
  if (any_port) listen_text.resize(listen_text.size() - 2);
  try {
    listen = scanner::parse_endpoint(listen_text, 1161);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("--listen: ") + error.what());
  }
  if (any_port) listen.port = 0;
  boost::system::error_code error;
  const auto first = asio::ip::make_address_v4(listen.host, error);
  if (error || !first.is_loopback())
    throw UsageError("--listen " + settings.listen +
                     ": must be an IPv4 loopback address (127.0.0.0/8)");

  scanner::IdentificationData identification;
  try {
    identification = scanner::IdentificationData::load(scanner::default_data_directory(),
                                                       scanner::EnterpriseRegistry::debian_path);
  } catch (const std::exception& failure) {
    throw UsageError(std::string("cannot load identification data: ") + failure.what());
  }
  std::vector<scanner::SimulatedWalk> walks;
  for (const auto& file : walk_files(settings.walks)) {
    scanner::WalkFile walk;
    try {
      walk = scanner::read_walk_file(file);
    } catch (const std::exception& failure) {
      throw UsageError(failure.what());
    }
    for (const auto& warning : walk.warnings)
      std::cerr << "kensa: " << escape_for_terminal(warning) << '\n';
    scanner::SimulatedWalk simulated =
        scanner::simulated_walk(file.stem().string(), walk.values, identification);
    if (simulated.values.empty())
      throw UsageError("--walks " + file.string() + ": no value could be read from it");
    walks.push_back(std::move(simulated));
  }
  const std::size_t count = settings.count == 0 ? walks.size() : settings.count;
  if ((first.to_uint() & 0xFFFFFFU) + count > 0x1000000U)
    throw UsageError("--count " + std::to_string(count) + " from " + listen.host +
                     " goes past 127.255.255.255");

  std::string v3_text;
  if (!settings.v3.v3_user.empty()) {
    CredentialOptions v3 = settings.v3;
    v3.snmp_versions = "3";
    for (const auto& user : credential_profiles(v3)) scanner::enable_v3_user(user);
    v3_text = ", SNMPv3 user " + escape_for_terminal(v3.v3_user) + " (engine id " +
              hex_octets(scanner::local_engine_id()) + ")";
  }
  asio::io_context io;
  scanner::WalkAgentOptions options;
  options.community = settings.community;
  options.max_message_size = settings.max_size;
  const std::size_t walk_count = walks.size();
  std::optional<scanner::WalkAgent> agent;
  try {
    agent.emplace(io, std::move(walks), first, count, listen.port, options);
  } catch (const std::exception& failure) {
    throw UsageError("cannot listen on " + settings.listen + ": " + failure.what());
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) { agent->stop(); });
  const auto last = asio::ip::address_v4(first.to_uint() + static_cast<std::uint32_t>(count - 1));
  std::cout << "serving " << count << " agent(s) from " << walk_count << " walk(s) on "
            << first.to_string() << "-" << last.to_string() << " port " << agent->port()
            << ", community " << escape_for_terminal(settings.community) << v3_text << std::endl;
  io.run();
  const auto& counters = agent->counters();
  std::cout << "requests " << counters.requests << ", answers " << counters.answers << ", ignored "
            << counters.ignored << ", malformed " << counters.malformed << std::endl;
  return exit_ok;
}

}  // namespace kensa::cli
