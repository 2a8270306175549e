// The reply path with no agent: the codec on crafted and broken datagrams,
// and the engine's matching of replies to requests.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <variant>

#include "scanner/snmp_engine.hpp"
#include "tests/harness/snmpd_agent.hpp"

using namespace kensa::scanner;

namespace {

const Oid sys_name{1, 3, 6, 1, 2, 1, 1, 5, 0};

Credentials community(const std::string& text) {
  Credentials credentials;
  credentials.version = SnmpVersion::v2c;
  credentials.community = Secret(text);
  return credentials;
}

// A v2c GET turned into a Response by rewriting its PDU tag: the same
// message an agent would send back for an OID it has no value for.
Bytes response_to(std::int32_t request_id, const std::vector<Oid>& oids) {
  const std::string name = "public";
  Bytes message = encode_request(Request{RequestType::get, request_id, oids, 0}, community(name));
  // SEQUENCE header (2), version (3), community (2 + length), then the PDU.
  const std::size_t pdu_tag = 2 + 3 + 2 + name.size();
  REQUIRE(message.at(pdu_tag) == 0xA0);
  message[pdu_tag] = 0xA2;
  return message;
}

}  // namespace

TEST_CASE("a response is decoded with its request-id and varbinds") {
  const auto decoded = decode_reply(response_to(4242, {sys_name}), {});
  REQUIRE(std::holds_alternative<Reply>(decoded));
  const Reply& reply = std::get<Reply>(decoded);
  CHECK(reply.request_id == 4242);
  CHECK_FALSE(reply.is_report);
  REQUIRE(reply.varbinds.size() == 1);
  CHECK(reply.varbinds[0].oid == sys_name);
  CHECK(reply.varbinds[0].value.type == ValueType::null);
}

TEST_CASE("requests are not replies, and GET is the most a request can be") {
  const Bytes get =
      encode_request(Request{RequestType::get, 7, std::span(&sys_name, 1), 0}, community("x"));
  CHECK(std::get<DropReason>(decode_reply(get, {})) == DropReason::not_a_reply);
}

TEST_CASE("every truncation of a valid reply is dropped as malformed, never a crash") {
  const Bytes whole = response_to(99, {sys_name, sys_name});
  for (std::size_t length = 0; length < whole.size(); ++length) {
    CAPTURE(length);
    const auto decoded = decode_reply(std::span(whole.data(), length), {});
    REQUIRE(std::holds_alternative<DropReason>(decoded));
    CHECK(std::get<DropReason>(decoded) == DropReason::malformed);
  }
}

TEST_CASE("garbage and bit flips never crash the decoder") {
  Bytes datagram = response_to(5, {sys_name});
  for (std::size_t i = 0; i < datagram.size(); ++i) {
    for (const unsigned flip : {0x01U, 0x80U, 0xFFU}) {
      Bytes mutated = datagram;
      mutated[i] = static_cast<std::uint8_t>(mutated[i] ^ flip);
      (void)decode_reply(mutated, {});
    }
  }
  const Bytes noise(300, 0x30);
  CHECK(std::holds_alternative<DropReason>(decode_reply(noise, {})));
}

TEST_CASE("replies over the limits are dropped as oversized") {
  DecodeLimits limits;
  limits.max_varbinds = 1;
  const auto decoded = decode_reply(response_to(5, {sys_name, sys_name}), limits);
  CHECK(std::get<DropReason>(decoded) == DropReason::oversized);
}

TEST_CASE("the engine drops unknown request-ids and replies from the wrong address") {
  kensa::testing::SilentUdpPort silent;
  asio::io_context io;
  EngineOptions options;
  options.timeout = std::chrono::milliseconds(2000);
  options.retries = 0;
  SnmpEngine engine(io, options);

  const auto agent = udp::endpoint(asio::ip::make_address("127.0.0.1"), silent.port());
  const auto impostor = udp::endpoint(asio::ip::make_address("127.0.0.2"), silent.port());
  const std::int32_t id = engine.next_request_id();
  ExchangeResult result;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        std::function<Bytes()> encode = [&] {
          return encode_request(Request{RequestType::get, id, std::span(&sys_name, 1), 0},
                                community("x"));
        };
        result = co_await engine.exchange(agent, id, encode);
      },
      asio::detached);
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        asio::steady_timer pause(io, std::chrono::milliseconds(20));
        co_await pause.async_wait(asio::use_awaitable);
        engine.handle_datagram(response_to(id + 1, {sys_name}), agent);  // unknown request
        engine.handle_datagram(response_to(id, {sys_name}), impostor);   // wrong source
        engine.handle_datagram(Bytes{0x30, 0x03, 0x02, 0x01}, agent);    // malformed
        engine.handle_datagram(response_to(id, {sys_name}), agent);      // the answer
        engine.handle_datagram(response_to(id, {sys_name}), agent);      // a duplicate
      },
      asio::detached);
  io.run_for(std::chrono::seconds(5));
  engine.stop();

  CHECK(result.status == ExchangeStatus::reply);
  CHECK(result.reply.request_id == id);
  const EngineCounters& counters = engine.counters();
  CHECK(counters.requests == 1);
  CHECK(counters.replies == 1);
  CHECK(counters.dropped_unknown_request == 2);
  CHECK(counters.dropped_wrong_source == 1);
  CHECK(counters.dropped_malformed == 1);
  CHECK(silent.datagrams_received() == 1);
}

TEST_CASE("datagrams that once made net-snmp read past the message are dropped safely") {
  // Inputs found by tests/fuzz; under AddressSanitizer this test fails if
  // decoding reads outside memory kensa owns.
  const std::filesystem::path seeds = KENSA_FUZZ_SEEDS;
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(seeds)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const Bytes datagram{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CAPTURE(entry.path().filename().string());
    (void)decode_reply(datagram, {});
    ++checked;
  }
  CHECK(checked >= 10);
}

TEST_CASE("stop ends every exchange at once: waiting for a reply or for the rate limit") {
  kensa::testing::SilentUdpPort silent;
  asio::io_context io;
  EngineOptions options;
  options.timeout = std::chrono::milliseconds(60000);
  options.retries = 3;
  options.packets_per_second = 1;  // the first leaves at once, the others wait seconds each
  SnmpEngine engine(io, options);
  const auto agent = udp::endpoint(asio::ip::make_address("127.0.0.1"), silent.port());
  std::vector<ExchangeResult> results(4);
  for (ExchangeResult& result : results)
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          const std::int32_t id = engine.next_request_id();
          std::function<Bytes()> encode = [id] {
            return encode_request(Request{RequestType::get, id, std::span(&sys_name, 1), 0},
                                  community("x"));
          };
          result = co_await engine.exchange(agent, id, encode);
        },
        asio::detached);
  std::size_t waiting = 0;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        asio::steady_timer pause(io, std::chrono::milliseconds(100));
        co_await pause.async_wait(asio::use_awaitable);
        waiting = engine.waiting_for_send_slot();
        engine.stop();
      },
      asio::detached);
  // Without the stop the exchanges would still be waiting when this returns.
  io.run_for(std::chrono::seconds(30));
  CHECK(waiting == 3);
  for (const ExchangeResult& result : results) CHECK(result.status == ExchangeStatus::stopped);
  CHECK(engine.counters().requests == 1);
  CHECK(engine.counters().timeouts == 0);

  // Begun after the stop, an exchange ends at once and sends nothing.
  ExchangeResult late;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        std::function<Bytes()> encode = [] { return Bytes{}; };
        const std::int32_t id = engine.next_request_id();
        late = co_await engine.exchange(agent, id, encode);
      },
      asio::detached);
  io.restart();
  io.run();
  CHECK(late.status == ExchangeStatus::stopped);
  CHECK(silent.datagrams_received() == 1);
}

TEST_CASE("the msgID of an SNMPv3 message is read from its header alone") {
  const std::int32_t id = 0x12345678;
  const Bytes discovery = encode_discovery(id);
  CHECK(snmpv3_message_id(discovery) == id);
  // Not SNMPv3, or cut anywhere inside the header: no msgID, and no crash.
  CHECK_FALSE(snmpv3_message_id(response_to(id, {sys_name})).has_value());
  for (std::size_t length = 0; length < 12 && length < discovery.size(); ++length)
    CHECK_FALSE(snmpv3_message_id(std::span(discovery.data(), length)).has_value());
  Bytes negative = discovery;
  // version SEQUENCE(2) INTEGER(3) SEQUENCE(2) INTEGER tag, length, first octet
  REQUIRE(negative.at(7) == 0x02);
  negative.at(9) = 0x80;
  CHECK_FALSE(snmpv3_message_id(negative).has_value());
}
