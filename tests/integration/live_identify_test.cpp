// The same device identified offline from its recording and live from an
// agent serving that recording (snmpsim) must give the same object.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "tests/harness/snmpsim_agent.hpp"
#include "tests/integration/kensa_command.hpp"

using namespace kensa::testing;
namespace fs = std::filesystem;

namespace {

// snmpsim drops trailing white space from the values it serves.
void trim_strings(nlohmann::json& value) {
  if (value.is_string()) {
    auto text = value.get<std::string>();
    while (!text.empty() && text.back() == ' ') text.pop_back();
    value = text;
  } else if (value.is_structured()) {
    for (auto& item : value) trim_strings(item);
  }
}

// The identification part of an identify object; where it came from differs.
nlohmann::json comparable(nlohmann::json device) {
  device.erase("source");
  trim_strings(device);
  return device;
}

nlohmann::json offline(const fs::path& recording) {
  const ProcessResult result = run_kensa({"identify", "--json", "--walk", recording.string()});
  REQUIRE_MESSAGE(result.exit_code == 0, result.describe());
  return comparable(nlohmann::json::parse(result.out).at(0));
}

std::optional<nlohmann::json> live(const SnmpsimAgent& agent, const std::string& community) {
  const ProcessResult result = run_kensa(
      {"poll", agent.endpoint(), "--identify", "--json", "--timeout", "3000", "--retries", "2"},
      {{"KENSA_COMMUNITY", community}});
  if (result.exit_code != 0) return std::nullopt;
  return comparable(nlohmann::json::parse(result.out).at("identity"));
}

}  // namespace

TEST_CASE("poll --identify against snmpsim gives the offline identify object") {
  if (const auto reason = SnmpsimAgent::unavailable_reason()) {
    std::cout << "SKIPPED: " << *reason << '\n';
    return;
  }
  const fs::path recording =
      fs::path(KENSA_SOURCE_DIR) / "tests/fixtures/walks/edge-router.snmprec";
  SnmpsimAgent agent({recording}, "edge-router");
  const auto from_agent = live(agent, "edge-router");
  REQUIRE(from_agent.has_value());
  const auto from_file = offline(recording);
  CHECK((*from_agent)["model"] == "mx480");
  CHECK((*from_agent)["serial"] == "JN11AB2CDAFA");
  CHECK((*from_agent)["neighbors"].size() == 2);
  CHECK(from_agent->dump(2) == from_file.dump(2));
}

TEST_CASE("values read from table rows and interface MACs come out the same live") {
  if (const auto reason = SnmpsimAgent::unavailable_reason()) {
    std::cout << "SKIPPED: " << *reason << '\n';
    return;
  }
  // An optical shelf whose model and serial are the first row of a
  // product table, and a camera whose serial is its base MAC address.
  const fs::path walks = fs::path(KENSA_SOURCE_DIR) / "tests/fixtures/walks";
  const std::vector<fs::path> recordings{walks / "optical-shelf.snmprec",
                                         walks / "door-camera.snmprec"};
  SnmpsimAgent agent(recordings, "optical-shelf");
  const auto shelf = live(agent, "optical-shelf");
  REQUIRE(shelf.has_value());
  CHECK((*shelf)["model"] == "PSDXE");
  CHECK((*shelf)["serial"] == "NK2401A0007");
  CHECK((*shelf)["firmware"] == "R24.3");
  CHECK(shelf->dump(2) == offline(recordings[0]).dump(2));
  const auto camera = live(agent, "door-camera");
  REQUIRE(camera.has_value());
  CHECK((*camera)["model"] == "AXIS M3215-LVE");
  CHECK((*camera)["serial"] == "ac:cc:8e:0a:0b:0c");
  CHECK(camera->dump(2) == offline(recordings[1]).dump(2));
}

TEST_CASE("a sample of 60 corpus recordings gives the same object live and offline") {
  const fs::path corpus = fs::path(KENSA_SOURCE_DIR) / ".." / "shared" / "corpus" / "snmprec";
  if (!fs::is_directory(corpus)) {
    std::cout << "SKIPPED: no corpus at " << corpus << '\n';
    return;
  }
  if (const auto reason = SnmpsimAgent::unavailable_reason()) {
    std::cout << "SKIPPED: " << *reason << '\n';
    return;
  }
  std::vector<fs::path> all;
  for (const auto& entry : fs::directory_iterator(corpus))
    if (entry.path().extension() == ".snmprec") all.push_back(entry.path());
  std::sort(all.begin(), all.end());
  std::vector<fs::path> sample;
  for (std::size_t i = 0; i < all.size() && sample.size() < 60; i += all.size() / 60 + 1)
    sample.push_back(all[i]);
  // One identify reads every recording: the objects come in the order given.
  std::vector<std::string> arguments{"identify", "--json"};
  for (const auto& recording : sample) {
    arguments.emplace_back("--walk");
    arguments.push_back(recording.string());
  }
  const ProcessResult read = run_kensa(arguments);
  REQUIRE_MESSAGE(read.exit_code == 0, read.describe());
  const auto from_files = nlohmann::json::parse(read.out);
  REQUIRE(from_files.size() == sample.size());
  SnmpsimAgent agent(sample, sample.front().stem().string());
  std::size_t answered = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    CAPTURE(sample[i].filename().string());
    const auto from_agent = live(agent, sample[i].stem().string());
    if (!from_agent) continue;  // a recording without a system group does not answer
    ++answered;
    CHECK(from_agent->dump(2) == comparable(from_files.at(i)).dump(2));
  }
  CHECK(answered >= 50);
}

TEST_CASE("with every rule off, vendor MIB objects are read the same live as offline") {
  if (const auto reason = SnmpsimAgent::unavailable_reason()) {
    std::cout << "SKIPPED: " << *reason << '\n';
    return;
  }
  // The shipped catalogue and MIB index without a single rule file.
  TemporaryDirectory data;
  const fs::path shipped = fs::path(KENSA_SOURCE_DIR) / "scanner/data";
  for (const char* file : {"vendors.json", "mib-identity.json"})
    fs::copy_file(shipped / file, data.path() / file);
  struct Case {
    const char* recording;
    const char* model;
    const char* serial;
    const char* firmware;
  };
  // The NAS names its maker's enterprise in sysObjectID; the appliance
  // names net-snmp's, so its maker's subtree is found by GETNEXT.
  for (const Case& expected :
       {Case{"storage-nas", "DS920+", "2080PDN123456", "DSM 7.2-64570"},
        Case{"linux-appliance", "DS1821+", "21A0PDN654321", "DSM 7.2.1-69057"}}) {
    CAPTURE(expected.recording);
    const fs::path recording = fs::path(KENSA_SOURCE_DIR) / "tests/fixtures/walks" /
                               (std::string(expected.recording) + ".snmprec");
    SnmpsimAgent agent({recording}, expected.recording);
    const ProcessResult polled = run_kensa(
        {"poll", agent.endpoint(), "--identify", "--json", "--timeout", "3000", "--retries", "2"},
        {{"KENSA_COMMUNITY", expected.recording}, {"KENSA_DATA_DIR", data.path().string()}});
    REQUIRE_MESSAGE(polled.exit_code == 0, polled.describe());
    const auto from_agent = comparable(nlohmann::json::parse(polled.out).at("identity"));
    const ProcessResult read = run_kensa(
        {"identify", "--json", "--data-dir", data.path().string(), "--walk", recording.string()});
    REQUIRE_MESSAGE(read.exit_code == 0, read.describe());
    const auto from_file = comparable(nlohmann::json::parse(read.out).at(0));
    CHECK(from_agent["model"] == expected.model);
    CHECK(from_agent["serial"] == expected.serial);
    CHECK(from_agent["firmware"] == expected.firmware);
    CHECK(from_agent.dump(2) == from_file.dump(2));
  }
}
