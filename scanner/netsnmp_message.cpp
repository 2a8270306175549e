#include "scanner/netsnmp_message.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <vector>

namespace kensa::scanner {
namespace {

constexpr std::size_t largest_datagram = 65535;
constexpr std::size_t parse_slack_bytes = 4096;
constexpr std::size_t encode_buffer_size = largest_datagram + 4096;

}  // namespace

PduHandle empty_pdu() {
  PduHandle pdu(static_cast<netsnmp_pdu*>(std::calloc(1, sizeof(netsnmp_pdu))));
  if (!pdu) throw std::bad_alloc();
  return pdu;
}

int parse_untrusted(std::span<const std::uint8_t> datagram, netsnmp_session& session,
                    netsnmp_pdu* pdu) {
  if (datagram.empty() || datagram.size() > largest_datagram) return SNMPERR_BAD_PARSE;
  thread_local std::vector<u_char> scratch(largest_datagram + parse_slack_bytes, 0);
  std::copy(datagram.begin(), datagram.end(), scratch.begin());
  struct Rezero {
    std::vector<u_char>& bytes;
    std::size_t used;
    ~Rezero() { std::fill_n(bytes.begin(), used + parse_slack_bytes, u_char{0}); }
  } rezero{scratch, datagram.size()};
  return snmp_parse(nullptr, &session, pdu, scratch.data(), datagram.size());
}

std::optional<Bytes> build_message(netsnmp_pdu* pdu, std::size_t max_size, bool authoritative,
                                   int* error) {
  netsnmp_session session;
  snmp_sess_init(&session);
  session.version = pdu->version;
  if (authoritative) session.isAuthoritative = SNMP_SESS_AUTHORITATIVE;
  auto* raw = static_cast<u_char*>(std::malloc(encode_buffer_size));
  if (raw == nullptr) throw std::bad_alloc();
  size_t buffer_size = encode_buffer_size, length = encode_buffer_size, offset = 0;
  // net-snmp may encode back to front, leaving the message at the end.
  const bool reverse =
      netsnmp_ds_get_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_REVERSE_ENCODE) != 0;
  const int status = reverse ? snmp_build(&raw, &buffer_size, &offset, &session, pdu)
                             : snmp_build(&raw, &length, &offset, &session, pdu);
  std::unique_ptr<u_char, decltype(&std::free)> owned(raw, &std::free);
  if (status != 0) {
    if (error != nullptr) *error = session.s_snmp_errno;
    return std::nullopt;
  }
  Bytes message =
      reverse ? Bytes(raw + buffer_size - offset, raw + buffer_size) : Bytes(raw, raw + length);
  if (message.size() > max_size) return std::nullopt;
  return message;
}

}  // namespace kensa::scanner
