#include "tests/harness/snmpd_agent.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace kensa::testing {
namespace {

constexpr int start_attempts = 3;
constexpr auto start_limit = std::chrono::seconds(15);

// Port 0: any free port, written back.
int bound_loopback_udp_socket(std::uint16_t& port, const std::string& host = "127.0.0.1") {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    close(fd);
    throw std::runtime_error("not an IPv4 address: " + host);
  }
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error(std::string("bind: ") + std::strerror(errno));
  }
  port = ntohs(address.sin_port);
  return fd;
}

}  // namespace

std::uint16_t free_loopback_udp_port() {
  std::uint16_t port = 0;
  close(bound_loopback_udp_socket(port));
  return port;
}

std::vector<UsmUser> SnmpdSettings::default_users() {
  return {
      {"kensa-noauth", "", "", "", ""},
      {"kensa-md5", "MD5", "auth-md5-Secret-91", "", ""},
      {"kensa-sha", "SHA", "auth-sha-Secret-92", "", ""},
      {"kensa-md5-des", "MD5", "auth-md5-Secret-93", "DES", "priv-des-Secret-93"},
      {"kensa-sha-aes", "SHA", "auth-sha-Secret-94", "AES", "priv-aes-Secret-94"},
      {"kensa-sha256-aes256", "SHA-256", "auth-sha256-Secret-95", "AES-256",
       "priv-aes256-Secret-95"},
      {"kensa-sha512-aes192", "SHA-512", "auth-sha512-Secret-96", "AES-192",
       "priv-aes192-Secret-96"},
      {"kensa-sha-aes256", "SHA", "auth-sha-Secret-97", "AES-256", "priv-aes256-Secret-97"},
      {"kensa-sha224-aes", "SHA-224", "auth-sha224-Secret-98", "AES", "priv-aes-Secret-98"},
      {"kensa-sha384-aes256", "SHA-384", "auth-sha384-Secret-99", "AES-256",
       "priv-aes256-Secret-99"},
  };
}

SnmpdAgent::SnmpdAgent(SnmpdSettings settings) : settings_(std::move(settings)) {
  std::filesystem::create_directories(directory() / "persist");
  write_config();
  std::string last_log;
  for (int attempt = 0; attempt < start_attempts; ++attempt) {
    port_ = free_loopback_udp_port();
    const auto log = directory() / ("snmpd-" + std::to_string(attempt) + ".log");
    // The endpoint goes on the command line only: snmpd refuses to start
    // when the same endpoint is also in its configuration. -I -smux avoids a
    // clash on the SMUX port between several agents.
    process_.emplace(
        std::vector<std::string>{"snmpd", "-f", "-Lo", "-C", "-c",
                                 (directory() / "snmpd.conf").string(), "-I", "-smux", "-p",
                                 (directory() / "snmpd.pid").string(),
                                 "udp:" + settings_.listen_address + ":" + std::to_string(port_)},
        log, EnvironmentChanges{{"MIBS", ""}});
    const auto deadline = std::chrono::steady_clock::now() + start_limit;
    while (std::chrono::steady_clock::now() < deadline && process_->running()) {
      if (answers()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    process_.reset();
    last_log = tail_of_file(log);
  }
  throw std::runtime_error("snmpd did not start on a loopback port; its log ends with:\n" +
                           last_log);
}

SnmpdAgent::~SnmpdAgent() { stop(); }

void SnmpdAgent::stop() {
  if (process_) {
    process_->signal(SIGCONT);
    process_.reset();
  }
}

void SnmpdAgent::pause() { process_->signal(SIGSTOP); }
void SnmpdAgent::resume() { process_->signal(SIGCONT); }

std::string SnmpdAgent::endpoint() const { return "127.0.0.1:" + std::to_string(port_); }

const UsmUser& SnmpdAgent::user(const std::string& name) const {
  for (const auto& candidate : settings_.users)
    if (candidate.name == name) return candidate;
  throw std::invalid_argument("the test agent has no user " + name);
}

void SnmpdAgent::write_config() const {
  std::ofstream out(directory() / "snmpd.conf", std::ios::binary);
  out << "[snmp] persistentDir " << (directory() / "persist").string() << '\n'
      << "sysDescr " << settings_.descr << '\n'
      << "sysObjectID " << settings_.object_id << '\n'
      << "sysName " << settings_.name << '\n'
      << "sysContact " << settings_.contact << '\n'
      << "sysLocation " << settings_.location << '\n'
      << "rocommunity " << settings_.community << " 127.0.0.1\n";
  for (const auto& user : settings_.users) {
    out << "createUser " << user.name;
    if (!user.auth_protocol.empty())
      out << ' ' << user.auth_protocol << " \"" << user.auth_password << '"';
    if (!user.priv_protocol.empty())
      out << ' ' << user.priv_protocol << " \"" << user.priv_password << '"';
    out << '\n';
    const char* level = user.auth_protocol.empty()   ? "noauth"
                        : user.priv_protocol.empty() ? "auth"
                                                     : "priv";
    out << "rouser " << user.name << ' ' << level << '\n';
  }
  for (const auto& line : settings_.extra_config) out << line << '\n';
}

bool SnmpdAgent::answers() const {
  const ProcessResult probe = run_process({"snmpget", "-v2c", "-c", settings_.community, "-r", "0",
                                           "-t", "0.3", "-On", endpoint(), "1.3.6.1.2.1.1.5.0"},
                                          {{"MIBS", ""}}, std::chrono::seconds(5));
  return probe.exit_code == 0;
}

SilentUdpPort::SilentUdpPort() { socket_ = bound_loopback_udp_socket(port_); }

SilentUdpPort::SilentUdpPort(const std::string& address, std::uint16_t port)
    : address_(address), port_(port) {
  socket_ = bound_loopback_udp_socket(port_, address_);
}

SilentUdpPort::~SilentUdpPort() {
  if (socket_ >= 0) close(socket_);
}

std::string SilentUdpPort::endpoint() const { return address_ + ":" + std::to_string(port_); }

std::size_t SilentUdpPort::datagrams_received() {
  std::array<char, 65536> buffer{};
  while (recv(socket_, buffer.data(), buffer.size(), MSG_DONTWAIT) >= 0) ++received_;
  return received_;
}

}  // namespace kensa::testing
