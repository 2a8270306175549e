// Sweeps carried from one inventory to another (riskdb/sweep_content.hpp),
// on each store (tests/harness/test_database.hpp).

#include <doctest/doctest.h>

#include <string>

#include "riskdb/inventory.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/policy.hpp"
#include "riskdb/risk_judge.hpp"
#include "riskdb/statement.hpp"
#include "riskdb/sweep_content.hpp"
#include "riskdb/sweep_judgement.hpp"
#include "riskdb/sweeps.hpp"
#include "tests/unit/riskdb_fixture.hpp"

using namespace kensa::riskdb;
using kensa::testing::count_of;
using kensa::testing::make_device;
using kensa::testing::RiskDbFixture;

namespace {

// A complete, judged sweep of `site`: two polled devices, a neighbour known
// only by its chassis id, and a target that did not answer.
std::int64_t judged_site_sweep(Database& database, const std::string& site,
                               const std::string& firmware = "17.9.4") {
  const std::int64_t sweep = begin_sweep(database, "192.0.2.0/29", "{\"port\":161}", site);
  {
    SweepWriter writer(database, sweep);
    const auto first = writer.record(
        {make_device("Cisco", "C9300-48P", "iosxe", firmware, "FOC1234X0AB"), "192.0.2.1", false});
    writer.record({make_device("Huawei", "S5735", "vrp", "V200R021"), "192.0.2.2", false});
    kensa::scanner::Device neighbour;
    neighbour.source = "lldp";
    writer.record({neighbour, std::nullopt, true, "local:SW-0042"});
    TargetOutcome answered{"192.0.2.1:161", "answered", "ok", "answered", "public", "2c", 1, 0,
                           std::nullopt,    first};
    TargetOutcome silent{"192.0.2.3:161", "silent", "timeout", "no answer",  std::nullopt,
                         std::nullopt,    1,        0,         std::nullopt, std::nullopt};
    writer.record_target(answered);
    writer.record_target(silent);
    writer.flush();
  }
  Sweep finished = *find_sweep(database, sweep);
  finished.status = "complete";
  finish_sweep(database, finished);
  RiskJudge judge(database, load_policy(risk_data_file("policy.toml")), "2026-11-26");
  judge_sweep(database, sweep, judge);
  return sweep;
}

}  // namespace

TEST_CASE("a sweep carried to another inventory reads back as it was sent, and is held once") {
  RiskDbFixture site, central;
  const std::int64_t sweep = judged_site_sweep(site.database, "Kobe");
  const auto content = read_sweep_content(site.database, sweep);
  CHECK(content["schema"] == "kensa-sweep");
  CHECK(content["sweep"]["site"] == "Kobe");
  CHECK(content["devices"].size() == 3);
  CHECK(content["devices"][2]["neighbor_chassis_id"] == "local:SW-0042");
  CHECK(content["targets"][0]["device"] == 0);
  CHECK(content["targets"][1]["device"].is_null());
  REQUIRE(content["judgements"].size() == 1);
  CHECK_FALSE(content["judgements"][0]["findings"].empty());

  const StoredSweep stored = store_sweep_content(central.database, content);
  CHECK_FALSE(stored.already_held);
  CHECK(stored.devices == 3);
  CHECK(stored.judgements_added == 1);
  const Sweep there = *find_sweep(central.database, stored.sweep_id);
  CHECK(there.uid == content["sweep"]["uid"]);
  CHECK(there.site == "Kobe");
  CHECK(there.status == "complete");
  CHECK(there.received_at);
  CHECK(there.content_sha256 == evidence_sha256(content));
  CHECK_FALSE(there.judged_at);  // judged here only when this inventory judges it

  // What the receiving inventory holds is what was sent, judgements and all.
  const auto read_back = read_sweep_content(central.database, stored.sweep_id);
  CHECK(evidence_sha256(read_back) == evidence_sha256(content));
  CHECK(read_back["judgements"] == content["judgements"]);
  CHECK(read_back["targets"] == content["targets"]);

  // Sent again: nothing is written twice.
  const StoredSweep again = store_sweep_content(central.database, content);
  CHECK(again.already_held);
  CHECK(again.sweep_id == stored.sweep_id);
  CHECK(again.judgements_added == 0);
  CHECK(count_of(central.database, "SELECT count(*) FROM sweeps") == 1);
  CHECK(count_of(central.database, "SELECT count(*) FROM observations") == 3);
  CHECK(count_of(central.database, "SELECT count(*) FROM site_judgements") == 1);

  // The site judged again: only its new judgement is added, and it alone keeps findings.
  RiskJudge judge(site.database, load_policy(risk_data_file("policy.toml")), "2026-11-27");
  judge_sweep(site.database, sweep, judge);
  const auto rejudged = read_sweep_content(site.database, sweep);
  CHECK(evidence_sha256(rejudged) == evidence_sha256(content));
  CHECK(store_sweep_content(central.database, rejudged).judgements_added == 1);
  CHECK(count_of(central.database,
                 "SELECT count(*) FROM site_judgements WHERE findings IS NOT NULL") == 1);
  CHECK(site_judgements_of(central.database, stored.sweep_id).size() == 2);

  // The same uid with other evidence is refused, and nothing of it is kept.
  auto altered = content;
  altered["devices"][0]["record"]["model"] = "C9300-24T";
  CHECK_THROWS_AS(store_sweep_content(central.database, altered), SweepContentError);
  auto elsewhere = content;
  elsewhere["sweep"]["site"] = "Nara";
  CHECK_THROWS_AS(store_sweep_content(central.database, elsewhere), SweepContentError);
  CHECK(count_of(central.database, "SELECT count(*) FROM observations") == 3);
}

TEST_CASE("only complete sweeps with a site are carried, and malformed content is named") {
  RiskDbFixture site;
  const std::int64_t running = begin_sweep(site.database, "192.0.2.1", "{}", "Kobe");
  CHECK_THROWS_WITH_AS(read_sweep_content(site.database, running),
                       doctest::Contains("not complete"), DatabaseError);
  Sweep finished = *find_sweep(site.database, running);
  finished.status = "complete";
  finish_sweep(site.database, finished);
  CHECK_NOTHROW((void)read_sweep_content(site.database, running));

  const std::int64_t nameless = begin_sweep(site.database, "192.0.2.2", "{}");
  finished = *find_sweep(site.database, nameless);
  finished.status = "complete";
  finish_sweep(site.database, finished);
  CHECK_THROWS_WITH_AS(read_sweep_content(site.database, nameless), doctest::Contains("--site"),
                       DatabaseError);
  CHECK(read_sweep_content(site.database, nameless, "Kobe")["sweep"]["site"] == "Kobe");

  const std::int64_t judged = judged_site_sweep(site.database, "Nara");
  const auto content = read_sweep_content(site.database, judged);
  CHECK_NOTHROW(check_sweep_content(content));
  auto without_targets = content;
  without_targets.erase("targets");
  CHECK_THROWS_WITH_AS(check_sweep_content(without_targets), doctest::Contains("content.targets"),
                       SweepContentError);
  auto dangling = content;
  dangling["targets"][0]["device"] = 99;
  CHECK_THROWS_WITH_AS(check_sweep_content(dangling), doctest::Contains("targets[0].device"),
                       SweepContentError);
  auto bad_uid = content;
  bad_uid["sweep"]["uid"] = "'; DROP TABLE sweeps; --";
  CHECK_THROWS_WITH_AS(check_sweep_content(bad_uid), doctest::Contains("sweep.uid"),
                       SweepContentError);
  auto bad_site = content;
  bad_site["sweep"]["site"] = "\x1b[31mred";
  CHECK_THROWS_WITH_AS(check_sweep_content(bad_site), doctest::Contains("sweep.site"),
                       SweepContentError);
  auto bad_record = content;
  bad_record["devices"][1]["record"]["modules"] = "none";
  CHECK_THROWS_AS(check_sweep_content(bad_record), SweepContentError);
}

TEST_CASE("a device moved between sites is one device, and a late sweep leaves it as seen last") {
  RiskDbFixture osaka, central;
  // Osaka saw the switch on 17.9.4 long ago; Tokyo sees it now, upgraded.
  auto old_content = read_sweep_content(osaka.database, judged_site_sweep(osaka.database, "Osaka"));
  for (auto& device : old_content["devices"]) device["observed_at"] = "2020-01-01T00:00:00Z";
  const std::int64_t tokyo = judged_site_sweep(central.database, "Tokyo", "17.12.4");
  const StoredSweep stored = store_sweep_content(central.database, old_content);
  CHECK(stored.sweep_id > tokyo);

  InventoryFilter filter;
  filter.model = "C9300-48P";
  const auto rows = query_inventory(central.database, filter);
  REQUIRE(rows.size() == 1);
  CHECK(rows.front().firmware == "17.12.4");
  CHECK(rows.front().site == "Tokyo");
  const auto history = device_history(central.database, rows.front().id);
  CHECK(history.size() == 2);
}

TEST_CASE("a sweep made before uids were recorded answers to its derived uid, and is sent once") {
  RiskDbFixture site, central;
  const std::int64_t sweep = judged_site_sweep(site.database, "Kobe");
  site.database.execute("UPDATE sweeps SET uid = NULL");  // as migration 15 left older sweeps
  const std::string uid = find_sweep(site.database, sweep)->uid;
  CHECK(uid.size() == 32);
  CHECK(find_sweep(site.database, sweep)->uid == uid);  // the same at every reading
  CHECK(sweep_with_uid(site.database, uid) == sweep);
  CHECK_FALSE(sweep_with_uid(site.database, std::string(32, '0')));
  const auto content = read_sweep_content(site.database, sweep);
  CHECK(content["sweep"]["uid"] == uid);
  CHECK_FALSE(store_sweep_content(central.database, content).already_held);
  CHECK(store_sweep_content(central.database, content).already_held);
  CHECK(count_of(central.database, "SELECT count(*) FROM sweeps") == 1);
}
