#include "riskdb/sweep_judgement.hpp"

#include <nlohmann/json.hpp>

#include <map>

#include "riskdb/datasets.hpp"
#include "riskdb/id_reservation.hpp"
#include "riskdb/multi_row_values.hpp"
#include "riskdb/sql_dialect.hpp"
#include "riskdb/statement.hpp"

namespace kensa::riskdb {
namespace {

std::string evidence_json(const std::vector<scanner::Evidence>& evidence) {
  nlohmann::json items = nlohmann::json::array();
  for (const scanner::Evidence& item : evidence)
    items.push_back({{"field", item.field},
                     {"value", item.value},
                     {"source", item.source},
                     {"observed", item.observed},
                     {"rule", item.rule}});
  return items.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The loads of every kind current now: what a judgement is made by.
std::string datasets_judged_by(const Database& database) {
  nlohmann::json datasets = nlohmann::json::array();
  for (const Dataset& dataset : current_datasets(database))
    datasets.push_back(
        {{"kind", dataset.kind},
         {"id", dataset.id},
         {"version", dataset.version ? nlohmann::json(*dataset.version) : nullptr},
         {"sha256", dataset.sha256},
         {"data_date", dataset.data_date ? nlohmann::json(*dataset.data_date) : nullptr}});
  return datasets.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string summary_json(const SweepJudgementSummary& summary) {
  nlohmann::json findings = nlohmann::json::object(), kinds = nlohmann::json::object();
  for (const auto& [severity, count] : summary.findings_by_severity)
    findings[std::string(severity_name(severity))] = count;
  for (const auto& [kind, count] : summary.findings_by_kind)
    kinds[std::string(finding_kind_name(kind))] = count;
  return nlohmann::json{{"devices", summary.devices},
                        {"findings", findings},
                        {"kinds", kinds},
                        {"screening", summary.screening}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

SweepJudgementSummary judge_sweep(Database& database, std::int64_t sweep_id, RiskJudge& judge) {
  SweepJudgementSummary summary;
  Transaction transaction(database);
  Statement clear(database, "DELETE FROM findings WHERE sweep_id = ?1");
  clear.bind(1, sweep_id).run();
  // The judgement needs the identified fields and the modules, which the
  // observation and module rows hold, and the identification evidence,
  // which findings carry as the record has it: no record is parsed here.
  Statement observations(
      database,
      "SELECT o.id, o.device_id, o.neighbor_only, o.vendor, o.os, o.model, o.firmware, o.serial, "
      "coalesce(" +
          sql_json_member(database, "r.record", "evidence") +
          ", '[]') "
          "FROM observations o JOIN observation_records r ON r.observation_id = o.id "
          "WHERE o.sweep_id = ?1 ORDER BY o.id");
  Statement modules(
      database,
      "SELECT m.observation_id, m.ent_index, m.contained_in, m.class, m.name, m.model, m.serial, "
      "m.firmware, m.software, m.manufacturer FROM modules m "
      "JOIN observations o ON o.id = m.observation_id WHERE o.sweep_id = ?1 "
      "ORDER BY m.observation_id, m.ent_index");
  modules.bind(1, sweep_id);
  bool module_row = modules.step();
  // Findings are many (every vulnerability of every profile, every device's
  // own): written in multi-row statements, in the order made.
  MultiRowValues insert =
      insert_rows(database,
                  "findings(sweep_id, device_id, module_index, kind, severity, reference, "
                  "reason, dataset_id, evidence)",
                  9, "", 64);
  // Each device's and module's judgement, a group of rows a statement. A
  // column of the list whose values are all NULL has no type on
  // PostgreSQL: the profile id is cast.
  MultiRowValues observation_judged(
      database,
      "UPDATE observations SET screening_status = v.column2, profile_id = CAST(v.column3 AS "
      "BIGINT), risk = v.column4 FROM (VALUES ",
      4, ") AS v WHERE observations.id = v.column1", 64);
  MultiRowValues module_status(database,
                               "UPDATE modules SET screening_status = v.column3 FROM (VALUES ", 3,
                               ") AS v WHERE modules.observation_id = v.column1 AND "
                               "modules.ent_index = v.column2",
                               64);
  // A profile's id is reserved rather than returned by its INSERT, so that
  // nothing here waits for the store's answer. A profile's row is sent
  // before the rows that refer to it: its findings, the observations'.
  IdReservation profile_ids("software_profiles", 64);
  MultiRowValues insert_profile = insert_rows(
      database, "software_profiles(sweep_id, cpe_key, cpes, undetermined, undetermined_cves, id)",
      6, "", 64);
  MultiRowValues insert_profile_finding = insert_rows(
      database, "profile_findings(profile_id, kind, severity, reference, reason, dataset_id)", 6,
      "", 64);
  constexpr std::size_t rows_held = 1024;  // sent once this many are waiting
  Statement clear_profiles(database, "DELETE FROM software_profiles WHERE sweep_id = ?1");
  clear_profiles.bind(1, sweep_id).run();
  std::map<const VulnerabilityResults*, std::int64_t> profiles;
  observations.bind(1, sweep_id);
  while (observations.step()) {
    const std::int64_t observation = observations.integer(0);
    const std::int64_t device_id = observations.integer(1);
    scanner::Device device;
    device.vendor = observations.optional_text(3);
    device.os = observations.optional_text(4);
    device.model = observations.optional_text(5);
    device.firmware = observations.optional_text(6);
    device.serial = observations.optional_text(7);
    const std::string evidence = observations.text(8);
    while (module_row && modules.integer(0) < observation) module_row = modules.step();
    for (; module_row && modules.integer(0) == observation; module_row = modules.step()) {
      scanner::Module module;
      module.index = static_cast<std::uint32_t>(modules.integer(1));
      module.contained_in = static_cast<std::uint32_t>(modules.integer(2));
      module.class_name = modules.text(3);
      module.physical_class = module.class_name == "chassis" ? 3 : 0;
      module.name = modules.optional_text(4);
      module.model = modules.optional_text(5);
      module.serial = modules.optional_text(6);
      module.firmware = modules.optional_text(7);
      module.software = modules.optional_text(8);
      module.manufacturer = modules.optional_text(9);
      device.modules.push_back(std::move(module));
    }
    const Judgement judgement = judge.judge(device, observations.integer(2) != 0);
    ++summary.devices;
    std::optional<std::int64_t> profile_id;
    if (judgement.vulnerabilities) {
      const VulnerabilityResults& results = *judgement.vulnerabilities;
      auto profile = profiles.find(&results);
      if (profile == profiles.end()) {
        const std::int64_t new_profile = profile_ids.next(database.connection());
        insert_profile.add(sweep_id)
            .add(results.key)
            .add(nlohmann::json(results.cpes).dump())
            .add(static_cast<std::int64_t>(results.undetermined.size()))
            .add(nlohmann::json(results.undetermined).dump())
            .add(new_profile);
        for (const Finding& finding : results.findings) {
          insert_profile_finding.add(new_profile)
              .add(finding_kind_name(finding.kind))
              .add(severity_name(finding.severity))
              .add(finding.reference)
              .add(finding.reason)
              .add(finding.dataset_id);
        }
        if (insert_profile_finding.rows() >= rows_held) {
          insert_profile.send();
          insert_profile_finding.send();
        }
        profile = profiles.emplace(&results, new_profile).first;
      }
      profile_id = profile->second;
      summary.undetermined_vulnerabilities +=
          static_cast<std::int64_t>(results.undetermined.size());
      for (const Finding& finding : results.findings) {
        ++summary.findings_by_severity[finding.severity];
        ++summary.findings_by_kind[finding.kind];
      }
    }
    ++summary.screening[judgement.screening.status];
    for (const Finding& finding : judgement.findings) {
      ++summary.findings_by_severity[finding.severity];
      ++summary.findings_by_kind[finding.kind];
      insert.add(sweep_id).add(device_id);
      if (finding.module_index)
        insert.add(std::int64_t{*finding.module_index});
      else
        insert.add_null();
      insert.add(finding_kind_name(finding.kind))
          .add(severity_name(finding.severity))
          .add(finding.reference)
          .add(finding.reason)
          .add(finding.dataset_id);
      // A module's finding carries its own evidence; the device's, the record's.
      insert.add(finding.module_index ? evidence_json(finding.evidence) : evidence);
    }
    if (insert.rows() >= rows_held) insert.send();
    observation_judged.add(observation).add(judgement.screening.status).add(profile_id);
    if (const auto top = judgement.highest())
      observation_judged.add(severity_name(*top));
    else
      observation_judged.add_null();
    for (const auto& [index, status] : judgement.module_screening)
      module_status.add(observation).add(std::int64_t{index}).add(status.status);
    if (observation_judged.rows() >= rows_held) {
      insert_profile.send();
      observation_judged.send();
    }
    if (module_status.rows() >= rows_held) module_status.send();
  }
  for (MultiRowValues* rows :
       {&insert_profile, &insert, &insert_profile_finding, &observation_judged, &module_status})
    rows->send();
  // Devices whose latest sweep this is take its judgement as their current
  // state, in one statement rather than one per device; a device whose state
  // a judgement leaves as it was is not written again.
  Statement current(database,
                    "UPDATE devices SET screening_status = o.screening_status, risk = o.risk "
                    "FROM observations o WHERE o.device_id = devices.id AND o.sweep_id = ?1 "
                    "AND devices.last_sweep_id = ?1 "
                    "AND (devices.screening_status IS DISTINCT FROM o.screening_status "
                    "OR devices.risk IS DISTINCT FROM o.risk)");
  current.bind(1, sweep_id).run();
  const std::string now = utc_now();
  Statement judged(database, "UPDATE sweeps SET judged_at = ?2, policy_sha256 = ?3 WHERE id = ?1");
  judged.bind(1, sweep_id).bind(2, now).bind(3, judge.policy().sha256).run();
  Statement record(database,
                   "INSERT INTO judgements(sweep_id, judged_at, policy_source, policy_sha256, "
                   "datasets, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  record.bind(1, sweep_id)
      .bind(2, now)
      .bind(3, judge.policy().source)
      .bind(4, judge.policy().sha256)
      .bind(5, datasets_judged_by(database))
      .bind(6, summary_json(summary))
      .run();
  transaction.commit();
  return summary;
}

namespace {

// `table` is judgements or site_judgements, which share these columns.
std::vector<JudgementRecord> records_in(const Database& database, std::string_view table,
                                        std::int64_t sweep_id) {
  Statement query(database,
                  "SELECT id, sweep_id, judged_at, policy_source, policy_sha256, datasets, summary "
                  "FROM " +
                      std::string(table) + " WHERE sweep_id = ?1 ORDER BY id");
  query.bind(1, sweep_id);
  std::vector<JudgementRecord> records;
  while (query.step())
    records.push_back({query.integer(0), query.integer(1), query.text(2), query.text(3),
                       query.text(4), query.text(5), query.text(6)});
  return records;
}

}  // namespace

std::vector<JudgementRecord> judgements_of(const Database& database, std::int64_t sweep_id) {
  return records_in(database, "judgements", sweep_id);
}

std::vector<JudgementRecord> site_judgements_of(const Database& database, std::int64_t sweep_id) {
  return records_in(database, "site_judgements", sweep_id);
}

}  // namespace kensa::riskdb
