// libFuzzer target over kensa's reply path: every datagram an agent (or
// anyone on the network) can send goes through SnmpEngine::handle_datagram,
// which decodes it with net-snmp (SNMPv3 authentication and decryption
// included) and matches it against outstanding requests.

#include <cstddef>
#include <cstdint>

#include "scanner/snmp_engine.hpp"

namespace {

using namespace kensa::scanner;

// The SNMPv3 user and engine of tests/fuzz/make_seeds, so that seeds reach
// the authentication and decryption code.
void prepare_seed_user() {
  static const Credentials user = [] {
    Credentials credentials;
    credentials.version = SnmpVersion::v3;
    credentials.user = "fuzz-user";
    credentials.auth = AuthProtocol::sha256;
    credentials.auth_password = Secret("fuzz-auth-pass");
    credentials.priv = PrivProtocol::aes256;
    credentials.priv_password = Secret("fuzz-priv-pass");
    return credentials;
  }();
  prepare_usm_user(user, std::string("\x80\x00\x1f\x88\x04"
                                     "fkensa",
                                     11) /* exactEngineID 0x80001f8804666b656e7361 */);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static asio::io_context io;
  static SnmpEngine engine(io, EngineOptions{});
  static const bool prepared = (prepare_seed_user(), true);
  (void)prepared;
  static const udp::endpoint sender(asio::ip::make_address("127.0.0.1"), 161);
  engine.handle_datagram(std::span(data, size), sender);
  return 0;
}
