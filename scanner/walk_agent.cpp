#include "scanner/walk_agent.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

namespace kensa::scanner {
namespace {

namespace asio = boost::asio;

const Oid sys_name{1, 3, 6, 1, 2, 1, 1, 5, 0};
const Oid ent_physical_serial{1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1, 11};
const Oid lldp_local_chassis_id{1, 0, 8802, 1, 1, 2, 1, 3, 2, 0};

bool starts_with(const Oid& oid, const Oid& prefix) {
  return oid.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), oid.begin());
}

// Copy `copy` of a device differs where identity lives.
VarBind varied(const SimulatedWalk& walk, const VarBind& varbind, std::size_t copy) {
  if (copy == 0) return varbind;
  VarBind out = varbind;
  const std::string suffix = "-" + std::to_string(copy);
  if (varbind.oid == sys_name && !out.value.octets.empty()) {
    out.value.octets += suffix;
  } else if (!out.value.octets.empty() && out.value.type == ValueType::octet_string &&
             (starts_with(varbind.oid, ent_physical_serial) ||
              walk.serials.contains(out.value.octets))) {
    out.value.octets += suffix;
  } else if (varbind.oid == lldp_local_chassis_id && out.value.octets.size() >= 3) {
    // A MAC stays a MAC: the copy number goes into its last three octets.
    std::string& mac = out.value.octets;
    for (std::size_t i = 0; i < 3; ++i)
      mac[mac.size() - 1 - i] = static_cast<char>(
          static_cast<unsigned char>(mac[mac.size() - 1 - i]) ^ ((copy >> (8 * i)) & 0xFFU));
  }
  return out;
}

bool oid_less(const VarBind& a, const Oid& b) { return a.oid < b; }

const VarBind* exact(const SimulatedWalk& walk, const Oid& oid) {
  const auto at = std::lower_bound(walk.values.begin(), walk.values.end(), oid, oid_less);
  return at != walk.values.end() && at->oid == oid ? &*at : nullptr;
}

const VarBind* next_after(const SimulatedWalk& walk, const Oid& oid) {
  const auto at = std::upper_bound(walk.values.begin(), walk.values.end(), oid,
                                   [](const Oid& a, const VarBind& b) { return a < b.oid; });
  return at != walk.values.end() ? &*at : nullptr;
}

VarBind exception(const Oid& oid, ValueType type) {
  VarBind varbind;
  varbind.oid = oid;
  varbind.value.type = type;
  return varbind;
}

// GET of one OID: the value, or which exception (v2c).
VarBind get_one(const SimulatedWalk& walk, std::size_t copy, const Oid& oid) {
  if (const VarBind* found = exact(walk, oid)) return varied(walk, *found, copy);
  // The object exists when something lives under the OID without its last arc.
  if (oid.size() > 1) {
    const Oid object(oid.begin(), oid.end() - 1);
    const VarBind* next = next_after(walk, object);
    if (next != nullptr && starts_with(next->oid, object))
      return exception(oid, ValueType::no_such_instance);
  }
  return exception(oid, ValueType::no_such_object);
}

VarBind get_next_one(const SimulatedWalk& walk, std::size_t copy, const Oid& oid) {
  if (const VarBind* next = next_after(walk, oid)) return varied(walk, *next, copy);
  return exception(oid, ValueType::end_of_mib_view);
}

}  // namespace

SimulatedWalk simulated_walk(std::string name, const MibSnapshot& values,
                             const IdentificationData& identification) {
  SimulatedWalk walk;
  walk.values = values.walk({});
  const Device device = identify(values, identification, name);
  if (device.serial) walk.serials.insert(*device.serial);
  for (const auto& module : device.modules)
    if (module.serial && !module.serial->empty()) walk.serials.insert(*module.serial);
  walk.name = std::move(name);
  return walk;
}

std::optional<Bytes> answer_request(const SimulatedWalk& walk, std::size_t copy,
                                    const AgentRequest& request, const WalkAgentOptions& options) {
  // SNMPv3 requests were authenticated by USM already.
  if (request.version != SnmpVersion::v3 && request.community != options.community &&
      request.community != walk.name)
    return std::nullopt;
  const bool v1 = request.version == SnmpVersion::v1;
  std::vector<VarBind> varbinds;
  if (request.below_required_level) {
    for (const Oid& oid : request.oids) varbinds.push_back(exception(oid, ValueType::null));
    return encode_response(request, varbinds, snmp_error_authorization, 0,
                           options.max_message_size);
  }
  if (request.kind == RequestKind::write) {
    for (const Oid& oid : request.oids) varbinds.push_back(exception(oid, ValueType::null));
    return encode_response(request, varbinds, v1 ? snmp_error_read_only : snmp_error_no_access, 1,
                           options.max_message_size);
  }
  if (request.kind == RequestKind::get || request.kind == RequestKind::get_next) {
    for (std::size_t i = 0; i < request.oids.size(); ++i) {
      VarBind varbind = request.kind == RequestKind::get
                            ? get_one(walk, copy, request.oids[i])
                            : get_next_one(walk, copy, request.oids[i]);
      if (v1 && varbind.value.is_exception()) {
        // SNMPv1 has no exceptions: the whole request fails at that varbind.
        std::vector<VarBind> echoed;
        for (const Oid& oid : request.oids) echoed.push_back(exception(oid, ValueType::null));
        return encode_response(request, echoed, snmp_error_no_such_name, static_cast<long>(i + 1),
                               options.max_message_size);
      }
      varbinds.push_back(std::move(varbind));
    }
  } else {
    // GETBULK (RFC 3416, 4.2.3): non-repeaters once, then rounds of the rest.
    const std::size_t non_repeaters =
        std::min(request.oids.size(), static_cast<std::size_t>(request.bulk_non_repeaters));
    for (std::size_t i = 0; i < non_repeaters; ++i)
      varbinds.push_back(get_next_one(walk, copy, request.oids[i]));
    std::vector<Oid> cursors(request.oids.begin() + static_cast<long>(non_repeaters),
                             request.oids.end());
    const std::size_t rounds =
        cursors.empty() ? 0 : static_cast<std::size_t>(request.bulk_max_repetitions);
    // Past the end, every further repetition is endOfMibView, as snmpsim
    // and RFC 3416 have it.
    for (std::size_t round = 0; round < rounds && varbinds.size() < options.max_varbinds; ++round)
      for (Oid& cursor : cursors) {
        VarBind varbind = get_next_one(walk, copy, cursor);
        if (varbind.value.type != ValueType::end_of_mib_view) cursor = varbind.oid;
        varbinds.push_back(std::move(varbind));
      }
    if (varbinds.size() > options.max_varbinds) varbinds.resize(options.max_varbinds);
    // Too large for one message: fewer varbinds, never tooBig (RFC 3416).
    for (std::size_t keep = varbinds.size();;) {
      auto message = encode_response(request, std::span(varbinds.data(), keep), 0, 0,
                                     options.max_message_size);
      if (message || keep == 0) return message;
      keep = keep / 2;
    }
  }
  if (auto message = encode_response(request, varbinds, 0, 0, options.max_message_size))
    return message;
  std::vector<VarBind> none;
  return encode_response(request, none, snmp_error_too_big, 0, options.max_message_size);
}

WalkAgent::WalkAgent(asio::io_context& io, std::vector<SimulatedWalk> walks,
                     asio::ip::address_v4 first, std::size_t count, std::uint16_t port,
                     WalkAgentOptions options)
    : socket_(io),
      walks_(std::move(walks)),
      first_(first.to_uint()),
      count_(count),
      port_(port),
      options_(std::move(options)) {
  if (walks_.empty()) throw std::invalid_argument("no walk to serve");
  for (std::size_t i = 0; i < walks_.size(); ++i) by_name_.emplace(walks_[i].name, i);
  if (!first.is_loopback() || (first_ & 0xFFFFFFU) + count_ > 0x1000000U)
    throw std::invalid_argument("the simulated agents must lie inside 127.0.0.0/8");
  socket_.open(asio::ip::udp::v4());
  socket_.set_option(asio::socket_base::reuse_address(true));
  const int on = 1;
  if (::setsockopt(socket_.native_handle(), IPPROTO_IP, IP_PKTINFO, &on, sizeof on) != 0)
    throw std::runtime_error("cannot ask for IP_PKTINFO");
  socket_.set_option(asio::socket_base::receive_buffer_size(8 << 20));
  socket_.set_option(asio::socket_base::send_buffer_size(8 << 20));
  // One address: bind it. Many: bind the port on every address and keep
  // only what is sent to ours (127.0.0.0/8 is on loopback alone).
  socket_.bind(asio::ip::udp::endpoint(
      count_ == 1 ? asio::ip::address(first) : asio::ip::address(asio::ip::address_v4::any()),
      port_));
  port_ = socket_.local_endpoint().port();
  socket_.non_blocking(true);
  wait();
}

WalkAgent::~WalkAgent() { stop(); }

void WalkAgent::stop() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void WalkAgent::wait() {
  socket_.async_wait(asio::ip::udp::socket::wait_read, [this](boost::system::error_code error) {
    if (error) return;
    drain();
    wait();
  });
}

void WalkAgent::drain() {
  std::array<std::uint8_t, 65536> datagram{};
  std::array<char, CMSG_SPACE(sizeof(in_pktinfo))> control{};
  for (;;) {
    sockaddr_in peer{};
    iovec io_vector{datagram.data(), datagram.size()};
    msghdr message{};
    message.msg_name = &peer;
    message.msg_namelen = sizeof peer;
    message.msg_iov = &io_vector;
    message.msg_iovlen = 1;
    message.msg_control = control.data();
    message.msg_controllen = control.size();
    const ssize_t received = ::recvmsg(socket_.native_handle(), &message, MSG_DONTWAIT);
    if (received < 0) return;  // EAGAIN: drained; anything else: try again later
    ++counters_.requests;
    in_addr destination{};
    bool have_destination = false;
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
         header = CMSG_NXTHDR(&message, header))
      if (header->cmsg_level == IPPROTO_IP && header->cmsg_type == IP_PKTINFO) {
        in_pktinfo info{};
        std::memcpy(&info, CMSG_DATA(header), sizeof info);
        destination = info.ipi_addr;
        have_destination = true;
      }
    const std::uint32_t address = ntohl(destination.s_addr);
    if (!have_destination || address < first_ || address - first_ >= count_) {
      ++counters_.ignored;
      continue;
    }
    const auto request =
        decode_request(std::span(datagram.data(), static_cast<std::size_t>(received)));
    if (!request) {
      ++counters_.malformed;
      continue;
    }
    // A walk's own name as community picks that walk at any address.
    const std::size_t index = address - first_;
    const auto named =
        request->version == SnmpVersion::v3 ? by_name_.end() : by_name_.find(request->community);
    std::optional<Bytes> answer;
    if (request->report)  // SNMPv3 refused by USM: the Report says why
      answer = request->report;
    else if (named != by_name_.end())
      answer = answer_request(walks_[named->second], 0, *request, options_);
    else
      answer =
          answer_request(walks_[index % walks_.size()], index / walks_.size(), *request, options_);
    if (!answer) {
      ++counters_.ignored;
      continue;
    }
    // Answer from the address the request was sent to.
    iovec reply_vector{const_cast<std::uint8_t*>(answer->data()), answer->size()};
    std::array<char, CMSG_SPACE(sizeof(in_pktinfo))> reply_control{};
    msghdr reply{};
    reply.msg_name = &peer;
    reply.msg_namelen = sizeof peer;
    reply.msg_iov = &reply_vector;
    reply.msg_iovlen = 1;
    reply.msg_control = reply_control.data();
    reply.msg_controllen = reply_control.size();
    cmsghdr* header = CMSG_FIRSTHDR(&reply);
    header->cmsg_level = IPPROTO_IP;
    header->cmsg_type = IP_PKTINFO;
    header->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo info{};
    info.ipi_spec_dst = destination;
    std::memcpy(CMSG_DATA(header), &info, sizeof info);
    if (::sendmsg(socket_.native_handle(), &reply, MSG_DONTWAIT) >= 0) ++counters_.answers;
  }
}

}  // namespace kensa::scanner
