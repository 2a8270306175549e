#include "riskdb/sweep_content.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "riskdb/datasets.hpp"
#include "riskdb/file_digest.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/statement.hpp"
#include "riskdb/sweep_judgement.hpp"
#include "riskdb/sweep_targets.hpp"
#include "riskdb/sweeps.hpp"
#include "scanner/device_json.hpp"

namespace kensa::riskdb {
namespace {

using nlohmann::json;

constexpr const char* schema_name = "kensa-sweep";
constexpr int schema_version = 1;

json optional_json(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

json optional_json(const std::optional<std::int64_t>& number) {
  return number ? json(*number) : json(nullptr);
}

std::optional<std::string> optional_text(const json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<std::string>();
}

std::string dumped(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json parsed(const std::string& text, const std::string& what) {
  try {
    return json::parse(text);
  } catch (const json::exception& error) {
    throw DatabaseError(what + " is not JSON: " + error.what());
  }
}

// The sweep's observations in the order they were recorded, with the
// devices they were filed under.
struct ObservedDevices {
  json devices = json::array();
  std::map<std::int64_t, std::size_t> index_of_device;  // device id -> position
};

ObservedDevices observed_devices(const Database& database, std::int64_t sweep_id) {
  ObservedDevices observed;
  Statement query(database,
                  "SELECT o.device_id, o.observed_at, o.address, o.neighbor_only, r.record, "
                  "d.identity_kind, d.identity_key FROM observations o "
                  "JOIN observation_records r ON r.observation_id = o.id "
                  "JOIN devices d ON d.id = o.device_id WHERE o.sweep_id = ?1 ORDER BY o.id");
  query.bind(1, sweep_id);
  while (query.step()) {
    json device = {{"observed_at", query.text(1)},
                   {"address", optional_json(query.optional_text(2))},
                   {"neighbor_only", query.integer(3) != 0},
                   {"record", parsed(query.text(4), "the stored record of a device")}};
    // A neighbour known by its chassis id alone keeps that identity.
    const std::string kind = query.text(5), key = query.text(6);
    if (kind == "neighbor" && key.starts_with("chassis:"))
      device["neighbor_chassis_id"] = key.substr(8);
    observed.index_of_device.emplace(query.integer(0), observed.devices.size());
    observed.devices.push_back(std::move(device));
  }
  return observed;
}

json device_reference(const std::map<std::int64_t, std::size_t>& index_of_device,
                      const std::optional<std::int64_t>& device_id) {
  if (!device_id) return nullptr;
  const auto found = index_of_device.find(*device_id);
  return found == index_of_device.end() ? json(nullptr) : json(found->second);
}

json targets_of(const Database& database, std::int64_t sweep_id,
                const std::map<std::int64_t, std::size_t>& index_of_device) {
  json targets = json::array();
  for (const TargetOutcome& target : sweep_targets(database, sweep_id))
    targets.push_back({{"target", target.target},
                       {"outcome", target.outcome},
                       {"detail", target.detail},
                       {"message", target.message},
                       {"credential", optional_json(target.credential)},
                       {"snmp_version", optional_json(target.snmp_version)},
                       {"attempts", target.attempts},
                       {"hop", target.hop},
                       {"found_via", optional_json(target.found_via)},
                       {"device", device_reference(index_of_device, target.device_id)}});
  return targets;
}

// Judgements made where the sweep was made, oldest first; the latest
// carries its findings.
json judgements_here(const Database& database, std::int64_t sweep_id,
                     const std::map<std::int64_t, std::size_t>& index_of_device) {
  json judgements = json::array();
  for (const JudgementRecord& record : judgements_of(database, sweep_id))
    judgements.push_back({{"judged_at", record.judged_at},
                          {"policy_source", record.policy_source},
                          {"policy_sha256", record.policy_sha256},
                          {"datasets", parsed(record.datasets_json, "a judgement's datasets")},
                          {"summary", parsed(record.summary_json, "a judgement's summary")},
                          {"findings", nullptr}});
  if (judgements.empty()) return judgements;
  json findings = json::array();
  FindingFilter filter;
  filter.sweep_id = sweep_id;
  visit_findings(database, filter, [&](const FindingRow& row) {
    findings.push_back({{"device", device_reference(index_of_device, row.device_id)},
                        {"module", optional_json(row.module_index)},
                        {"kind", row.kind},
                        {"severity", row.severity},
                        {"reference", row.reference},
                        {"reason", row.reason},
                        {"dataset", optional_json(row.dataset)}});
  });
  judgements.back()["findings"] = std::move(findings);
  return judgements;
}

// The judgements a received sweep's site sent, as they arrived.
json judgements_received(const Database& database, std::int64_t sweep_id,
                         const std::map<std::int64_t, std::size_t>& index_of_device) {
  json judgements = json::array();
  Statement query(database,
                  "SELECT judged_at, policy_source, policy_sha256, datasets, summary, findings "
                  "FROM site_judgements WHERE sweep_id = ?1 ORDER BY id");
  query.bind(1, sweep_id);
  while (query.step()) {
    json findings = nullptr;
    if (!query.is_null(5)) {
      findings = parsed(query.text(5), "a site judgement's findings");
      for (json& finding : findings) {
        const json& device_id = finding["device_id"];
        finding["device"] = device_id.is_null()
                                ? json(nullptr)
                                : device_reference(index_of_device, device_id.get<std::int64_t>());
        finding.erase("device_id");
      }
    }
    judgements.push_back({{"judged_at", query.text(0)},
                          {"policy_source", query.text(1)},
                          {"policy_sha256", query.text(2)},
                          {"datasets", parsed(query.text(3), "a site judgement's datasets")},
                          {"summary", parsed(query.text(4), "a site judgement's summary")},
                          {"findings", std::move(findings)}});
  }
  return judgements;
}

// Throws SweepContentError unless content[key] exists with a type `is` accepts.
const json& member(const json& object, const std::string& key, bool (json::*is)() const noexcept,
                   const std::string& type, const std::string& where, bool nullable = false) {
  const auto found = object.find(key);
  if (found == object.end())
    throw SweepContentError("the sweep's content lacks " + where + "." + key);
  if (!(((*found).*is)() || (nullable && found->is_null())))
    throw SweepContentError("the sweep's content: " + where + "." + key + " is not " + type);
  return *found;
}

void check_device_reference(const json& reference, std::size_t devices, const std::string& where) {
  if (reference.is_null()) return;
  if (!reference.is_number_unsigned() || reference.get<std::size_t>() >= devices)
    throw SweepContentError("the sweep's content: " + where +
                            ".device is not the position of one of its devices");
}

// Writes the judgements of `content` this inventory does not hold yet for
// `sweep_id`: a site's judgements of a sweep only grow, so those past the
// number held. `device_ids` maps the content's device positions to devices here.
std::int64_t add_site_judgements(Database& database, std::int64_t sweep_id, const json& content,
                                 const std::vector<std::int64_t>& device_ids) {
  const json& judgements = content["judgements"];
  const std::size_t held = site_judgements_of(database, sweep_id).size();
  if (held >= judgements.size()) return 0;
  // The findings held are those of the latest judgement only.
  if (!judgements.back()["findings"].is_null()) {
    Statement forget(database, "UPDATE site_judgements SET findings = NULL WHERE sweep_id = ?1");
    forget.bind(1, sweep_id).run();
  }
  Statement insert(database,
                   "INSERT INTO site_judgements(sweep_id, judged_at, policy_source, policy_sha256, "
                   "datasets, summary, findings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (std::size_t i = held; i < judgements.size(); ++i) {
    const json& judgement = judgements[i];
    std::optional<std::string> findings;
    if (!judgement["findings"].is_null()) {
      json mapped = judgement["findings"];
      for (json& finding : mapped) {
        const json reference = finding["device"];
        finding.erase("device");
        finding["device_id"] =
            reference.is_null() ? json(nullptr) : json(device_ids.at(reference.get<std::size_t>()));
      }
      findings = dumped(mapped);
    }
    insert.bind(1, sweep_id)
        .bind(2, judgement["judged_at"].get<std::string>())
        .bind(3, judgement["policy_source"].get<std::string>())
        .bind(4, judgement["policy_sha256"].get<std::string>())
        .bind(5, dumped(judgement["datasets"]))
        .bind(6, dumped(judgement["summary"]))
        .bind(7, findings)
        .run();
  }
  return static_cast<std::int64_t>(judgements.size() - held);
}

std::vector<std::int64_t> observed_device_ids(const Database& database, std::int64_t sweep_id) {
  std::vector<std::int64_t> ids;
  Statement query(database, "SELECT device_id FROM observations WHERE sweep_id = ?1 ORDER BY id");
  query.bind(1, sweep_id);
  while (query.step()) ids.push_back(query.integer(0));
  return ids;
}

}  // namespace

json read_sweep_content(const Database& database, std::int64_t sweep_id,
                        const std::optional<std::string>& site_if_none) {
  const std::optional<Sweep> sweep = find_sweep(database, sweep_id);
  if (!sweep) throw DatabaseError("the database holds no sweep " + std::to_string(sweep_id));
  if (sweep->status != "complete")
    throw DatabaseError("sweep " + std::to_string(sweep_id) + " is " + sweep->status +
                        ", not complete: only complete sweeps are carried to another inventory");
  const std::optional<std::string> site = sweep->site ? sweep->site : site_if_none;
  if (!site)
    throw DatabaseError("sweep " + std::to_string(sweep_id) +
                        " was made without naming its site: name it (--site)");
  check_site_name(*site);
  ObservedDevices observed = observed_devices(database, sweep_id);
  json targets = targets_of(database, sweep_id, observed.index_of_device);
  json judgements = sweep->received_at
                        ? judgements_received(database, sweep_id, observed.index_of_device)
                        : judgements_here(database, sweep_id, observed.index_of_device);
  return {{"schema", schema_name},
          {"version", schema_version},
          {"sweep",
           {{"uid", sweep->uid},
            {"site", *site},
            {"scanner_host", optional_json(sweep->scanner_host)},
            {"started_at", sweep->started_at},
            {"finished_at", optional_json(sweep->finished_at)},
            {"targets", sweep->targets},
            {"parameters", parsed(sweep->parameters, "the sweep's parameters")},
            {"counters", parsed(sweep->counters, "the sweep's counters")},
            {"addresses_probed", sweep->addresses_probed},
            {"addresses_answering", sweep->addresses_answering},
            {"note", optional_json(sweep->note)}}},
          {"devices", std::move(observed.devices)},
          {"targets", std::move(targets)},
          {"judgements", std::move(judgements)}};
}

std::string evidence_sha256(const json& content) {
  const json evidence = {{"sweep", content.at("sweep")},
                         {"devices", content.at("devices")},
                         {"targets", content.at("targets")}};
  return sha256_of_bytes(dumped(evidence));
}

void check_sweep_content(const json& content) {
  if (!content.is_object()) throw SweepContentError("the sweep's content is not a JSON object");
  const std::string top = "content";
  if (member(content, "schema", &json::is_string, "a string", top) != schema_name ||
      member(content, "version", &json::is_number_integer, "an integer", top) != schema_version)
    throw SweepContentError(std::string("the sweep's content is not of schema ") + schema_name +
                            " version " + std::to_string(schema_version));
  const json& sweep = member(content, "sweep", &json::is_object, "an object", top);
  const std::string uid = member(sweep, "uid", &json::is_string, "a string", "sweep");
  if (uid.size() != 32 || uid.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw SweepContentError("the sweep's content: sweep.uid is not 32 lowercase hex digits");
  try {
    check_site_name(member(sweep, "site", &json::is_string, "a string", "sweep"));
  } catch (const DatabaseError& error) {
    throw SweepContentError(std::string("the sweep's content: sweep.site: ") + error.what());
  }
  for (const char* key : {"started_at", "targets"})
    member(sweep, key, &json::is_string, "a string", "sweep");
  for (const char* key : {"scanner_host", "finished_at", "note"})
    member(sweep, key, &json::is_string, "a string", "sweep", true);
  for (const char* key : {"parameters", "counters"})
    member(sweep, key, &json::is_object, "an object", "sweep");
  for (const char* key : {"addresses_probed", "addresses_answering"})
    member(sweep, key, &json::is_number_integer, "an integer", "sweep");

  const json& devices = member(content, "devices", &json::is_array, "an array", top);
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const std::string where = "devices[" + std::to_string(i) + "]";
    if (!devices[i].is_object())
      throw SweepContentError("the sweep's content: " + where + " is not an object");
    member(devices[i], "observed_at", &json::is_string, "a string", where);
    member(devices[i], "address", &json::is_string, "a string", where, true);
    member(devices[i], "neighbor_only", &json::is_boolean, "true or false", where);
    const json& record = member(devices[i], "record", &json::is_object, "an object", where);
    if (devices[i].contains("neighbor_chassis_id"))
      member(devices[i], "neighbor_chassis_id", &json::is_string, "a string", where);
    try {
      (void)scanner::device_from_json(record);
    } catch (const json::exception& error) {
      throw SweepContentError("the sweep's content: " + where + ".record: " + error.what());
    }
  }
  const json& targets = member(content, "targets", &json::is_array, "an array", top);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const std::string where = "targets[" + std::to_string(i) + "]";
    if (!targets[i].is_object())
      throw SweepContentError("the sweep's content: " + where + " is not an object");
    for (const char* key : {"target", "outcome", "detail", "message"})
      member(targets[i], key, &json::is_string, "a string", where);
    for (const char* key : {"credential", "snmp_version", "found_via"})
      member(targets[i], key, &json::is_string, "a string", where, true);
    for (const char* key : {"attempts", "hop"})
      member(targets[i], key, &json::is_number_integer, "an integer", where);
    check_device_reference(
        member(targets[i], "device", &json::is_number_unsigned, "a device's position", where, true),
        devices.size(), where);
  }
  const json& judgements = member(content, "judgements", &json::is_array, "an array", top);
  for (std::size_t i = 0; i < judgements.size(); ++i) {
    const std::string where = "judgements[" + std::to_string(i) + "]";
    if (!judgements[i].is_object())
      throw SweepContentError("the sweep's content: " + where + " is not an object");
    for (const char* key : {"judged_at", "policy_source", "policy_sha256"})
      member(judgements[i], key, &json::is_string, "a string", where);
    member(judgements[i], "datasets", &json::is_array, "an array", where);
    member(judgements[i], "summary", &json::is_object, "an object", where);
    const json& findings =
        member(judgements[i], "findings", &json::is_array, "an array", where, true);
    if (findings.is_null()) continue;
    for (std::size_t f = 0; f < findings.size(); ++f) {
      const std::string at = where + ".findings[" + std::to_string(f) + "]";
      if (!findings[f].is_object())
        throw SweepContentError("the sweep's content: " + at + " is not an object");
      for (const char* key : {"kind", "severity", "reference", "reason"})
        member(findings[f], key, &json::is_string, "a string", at);
      member(findings[f], "module", &json::is_number_integer, "an integer", at, true);
      member(findings[f], "dataset", &json::is_string, "a string", at, true);
      check_device_reference(
          member(findings[f], "device", &json::is_number_unsigned, "a device's position", at, true),
          devices.size(), at);
    }
  }
}

StoredSweep store_sweep_content(Database& database, const json& content) {
  check_sweep_content(content);
  const std::string digest = evidence_sha256(content);
  const json& row = content["sweep"];
  const std::string uid = row["uid"].get<std::string>();
  const std::string site = row["site"].get<std::string>();
  const std::string named = "sweep " + uid + " of site " + site;
  StoredSweep stored;
  Transaction transaction(database);

  if (const auto held = sweep_with_uid(database, uid)) {
    const Sweep sweep = *find_sweep(database, *held);
    if (sweep.site != site)
      throw SweepContentError(named + " is held here already (sweep " + std::to_string(*held) +
                              ") as a sweep of " +
                              (sweep.site ? "site " + *sweep.site : "no site"));
    const std::string held_digest =
        sweep.content_sha256 ? *sweep.content_sha256
                             : evidence_sha256(read_sweep_content(database, *held, site));
    if (held_digest != digest)
      throw SweepContentError(named + " is held here already (sweep " + std::to_string(*held) +
                              ") with other content: its evidence digest here is " + held_digest +
                              ", the one received " + digest);
    stored.sweep_id = *held;
    stored.already_held = true;
    const std::vector<std::int64_t> device_ids = observed_device_ids(database, *held);
    stored.devices = static_cast<std::int64_t>(device_ids.size());
    if (sweep.received_at && device_ids.size() == content["devices"].size())
      stored.judgements_added = add_site_judgements(database, *held, content, device_ids);
    transaction.commit();
    return stored;
  }

  Statement insert(database,
                   "INSERT INTO sweeps(started_at, finished_at, status, targets, parameters, "
                   "counters, addresses_probed, addresses_answering, note, site, scanner_host, "
                   "uid, received_at, content_sha256) VALUES (?1, ?2, 'complete', ?3, ?4, ?5, ?6, "
                   "?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id");
  insert.bind(1, row["started_at"].get<std::string>())
      .bind(2, optional_text(row["finished_at"]))
      .bind(3, row["targets"].get<std::string>())
      .bind(4, dumped(row["parameters"]))
      .bind(5, dumped(row["counters"]))
      .bind(6, row["addresses_probed"].get<std::int64_t>())
      .bind(7, row["addresses_answering"].get<std::int64_t>())
      .bind(8, optional_text(row["note"]))
      .bind(9, site)
      .bind(10, optional_text(row["scanner_host"]))
      .bind(11, uid)
      .bind(12, utc_now())
      .bind(13, digest);
  stored.sweep_id = returned_id(insert);

  std::vector<std::int64_t> device_ids;
  {
    SweepWriter writer(database, stored.sweep_id, content["devices"].size() + 1);
    std::vector<Sighting> sightings;
    sightings.reserve(content["devices"].size());
    for (const json& device : content["devices"]) {
      Sighting& sighting = sightings.emplace_back();
      sighting.device = scanner::device_from_json(device["record"]);
      sighting.address = optional_text(device["address"]);
      sighting.neighbor_only = device["neighbor_only"].get<bool>();
      if (device.contains("neighbor_chassis_id"))
        sighting.neighbor_chassis_id = device["neighbor_chassis_id"].get<std::string>();
      sighting.observed_at = device["observed_at"].get<std::string>();
    }
    device_ids = writer.record_all(sightings);
    std::map<std::int64_t, std::size_t> position_of;
    for (std::size_t i = 0; i < device_ids.size(); ++i)
      if (const auto [at, fresh] = position_of.emplace(device_ids[i], i); !fresh)
        throw SweepContentError(named + ": devices " + std::to_string(at->second) + " and " +
                                std::to_string(i) +
                                " of the sweep are one device in this inventory (device " +
                                std::to_string(device_ids[i]) + "); it was not stored");

    std::vector<TargetOutcome> outcomes;
    // A device that answered on several addresses was observed on one: its
    // others come from its answered targets, as the sweep filed them.
    std::vector<Sighting> other_addresses;
    for (const json& target : content["targets"]) {
      TargetOutcome& outcome = outcomes.emplace_back();
      outcome.target = target["target"].get<std::string>();
      outcome.outcome = target["outcome"].get<std::string>();
      outcome.detail = target["detail"].get<std::string>();
      outcome.message = target["message"].get<std::string>();
      outcome.credential = optional_text(target["credential"]);
      outcome.snmp_version = optional_text(target["snmp_version"]);
      outcome.attempts = target["attempts"].get<std::int64_t>();
      outcome.hop = target["hop"].get<std::int64_t>();
      outcome.found_via = optional_text(target["found_via"]);
      if (target["device"].is_null()) continue;
      const std::size_t index = target["device"].get<std::size_t>();
      outcome.device_id = device_ids.at(index);
      if (outcome.outcome == "answered" && sightings[index].address != outcome.target) {
        Sighting& other = other_addresses.emplace_back(sightings[index]);
        other.address = outcome.target;
        other.neighbor_only = false;
      }
    }
    (void)writer.record_all(other_addresses);
    for (const TargetOutcome& outcome : outcomes) writer.record_target(outcome);
    writer.flush();
  }
  stored.devices = static_cast<std::int64_t>(device_ids.size());
  stored.judgements_added = add_site_judgements(database, stored.sweep_id, content, device_ids);

  const std::string read_back = evidence_sha256(read_sweep_content(database, stored.sweep_id));
  if (read_back != digest)
    throw SweepContentError(named + " did not read back as it was sent (evidence digest " +
                            read_back + ", sent " + digest + "); it was not stored");
  transaction.commit();
  return stored;
}

}  // namespace kensa::riskdb
