#pragma once
// A read-only SNMP agent that answers from recorded walks: what
// `kensa simulate` runs, so that walks can be replayed and fleets simulated
// on loopback.
//
// Contract:
// - Address i of the `count` consecutive IPv4 loopback addresses from
//   `first` serves walk i % walks.size(); copies after the first of a walk
//   vary its sysName, lldpLocChassisId and every string listed in
//   `serials` (wherever it appears) by their copy number, so that each
//   address is a device of its own.
// - A request whose community is a walk's name is answered from that walk
//   (its first copy) at any address; one with the agent's community from
//   the walk the address serves; any other is ignored, as real agents do.
//   SNMPv3 requests from a user enable_v3_user entered are answered from
//   the walk the address serves; USM refusals get their Report.
//   SNMPv1, v2c and v3; GET, GETNEXT and GETBULK as RFC 3416 says (OID order,
//   noSuchObject / noSuchInstance / endOfMibView, or noSuchName in v1);
//   GETBULK answers are cut to fit max_message_size, other answers that do
//   not fit get tooBig; writes get an error and change nothing.
// - One UDP socket on the port for every address (IP_PKTINFO says which
//   address a request was for, and the answer leaves from it). Datagrams
//   for other addresses are dropped. Single-threaded: run the io_context on
//   one thread.

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "scanner/agent_codec.hpp"
#include "scanner/identification.hpp"
#include "scanner/snmp_source.hpp"
#include "scanner/snmp_value.hpp"

namespace kensa::scanner {

struct SimulatedWalk {
  std::string name;                            // its file name without extension: also a community
  std::vector<VarBind> values;                 // in OID order
  std::set<std::string, std::less<>> serials;  // what identification takes as serial numbers
};

// A walk ready to serve: its values, and the serial numbers identification
// finds in it (device and modules).
SimulatedWalk simulated_walk(std::string name, const MibSnapshot& values,
                             const IdentificationData& identification);

struct WalkAgentOptions {
  std::string community = "public";
  std::size_t max_message_size = 65507;
  std::size_t max_varbinds = 2000;  // per answer, whatever max-repetitions asks
};

struct WalkAgentCounters {
  std::uint64_t requests = 0, answers = 0, ignored = 0, malformed = 0;
};

// The answer to one request from one walk (copy `copy`); nullopt when it
// is not to be answered.
std::optional<Bytes> answer_request(const SimulatedWalk& walk, std::size_t copy,
                                    const AgentRequest& request, const WalkAgentOptions& options);

class WalkAgent {
 public:
  WalkAgent(boost::asio::io_context& io, std::vector<SimulatedWalk> walks,
            boost::asio::ip::address_v4 first, std::size_t count, std::uint16_t port,
            WalkAgentOptions options = {});
  WalkAgent(const WalkAgent&) = delete;
  WalkAgent& operator=(const WalkAgent&) = delete;
  ~WalkAgent();

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] const WalkAgentCounters& counters() const { return counters_; }
  void stop();

 private:
  void wait();
  void drain();

  boost::asio::ip::udp::socket socket_;
  std::vector<SimulatedWalk> walks_;
  std::map<std::string, std::size_t, std::less<>> by_name_;
  std::uint32_t first_;
  std::size_t count_;
  std::uint16_t port_;
  WalkAgentOptions options_;
  WalkAgentCounters counters_;
};

}  // namespace kensa::scanner
