#include "cli/check_command.hpp"

#include <re2/re2.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "riskdb/data_files.hpp"
#include "riskdb/dataset_coverage.hpp"
#include "riskdb/datasets.hpp"
#include "riskdb/risk_judge.hpp"
#include "scanner/identification.hpp"
#include "scanner/walk_file.hpp"

namespace kensa::cli {
namespace {

struct Candidate {
  scanner::Device device;
  std::string os_note;  // how the OS family was decided, when it was not given
};

scanner::Device device_from_walk(const std::filesystem::path& walk_path,
                                 const riskdb::Database& database) {
  auto data = scanner::IdentificationData::load(scanner::default_data_directory(),
                                                scanner::EnterpriseRegistry::debian_path);
  use_database_identification_data(database, data);
  const scanner::WalkFile walk = scanner::read_device_walk(walk_path);
  if (walk.skipped > 0)
    std::cerr << "kensa: " << escape_for_terminal(walk_path.string()) << ": skipped "
              << walk.skipped << " unreadable row(s)\n";
  return scanner::identify(walk.values, data, walk_path.string());
}

// The OS family a vendor's model runs, when exactly one family fits.
std::string infer_os(const riskdb::VendorCatalogue& catalogue, scanner::Device& device) {
  if (!device.vendor || !device.model)
    return "OS family not given, and vendor and model are needed to infer it";
  const auto canonical = catalogue.canonical(*device.vendor);
  if (!canonical)
    return "OS family not given; vendor " + *device.vendor + " is not in the catalogue";
  std::vector<std::string> fits;
  for (const riskdb::OsFamilyRecord* family : catalogue.os_families_of(*canonical))
    for (const std::string& pattern : family->model_patterns) {
      RE2::Options options;
      options.set_case_sensitive(false);
      options.set_log_errors(false);
      const RE2 expression(pattern, options);
      if (expression.ok() && RE2::PartialMatch(*device.model, expression)) {
        fits.push_back(family->name);
        break;
      }
    }
  if (fits.size() == 1) {
    device.os = fits.front();
    return "OS family inferred from the model: " + fits.front();
  }
  if (fits.empty()) return "OS family not given and cannot be inferred from model " + *device.model;
  std::string list;
  for (const auto& fit : fits) list += (list.empty() ? "" : " or ") + fit;
  return "OS family not given; model " + *device.model + " fits " + list + ", give --os";
}

std::string verdict_of(const riskdb::Judgement& judgement, const riskdb::Policy& policy) {
  const auto top = judgement.highest();
  if (top && *top >= policy.block_at) return "block";
  if (top && *top >= policy.review_at) return "review";
  return "allow";
}

std::string dataset_label(const riskdb::Database& database, const riskdb::Finding& finding) {
  const auto& id = finding.dataset_id;
  if (!id) {
    switch (finding.kind) {
      case riskdb::FindingKind::unscreened: return "screening register (none loaded)";
      case riskdb::FindingKind::unidentified:
      case riskdb::FindingKind::neighbor_only: return "identification";
      default: return "unknown dataset";
    }
  }
  const auto dataset = riskdb::find_dataset(database, *id);
  if (!dataset) return "dataset " + std::to_string(*id);
  return dataset->kind + (dataset->version ? " " + *dataset->version : "") + " (" +
         dataset->source + ")";
}

// "; did you mean Huawei?" from the nearest known spellings, or nothing.
std::string did_you_mean(const std::vector<std::string>& names) {
  if (names.empty()) return "";
  std::string text = "; did you mean ";
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return text + "?";
}

// A vendor and an OS family as a person writes them, resolved through the
// catalogue; what does not resolve is an error naming the nearest names,
// never a weaker verdict.
std::optional<std::string> resolve_candidate(const riskdb::VendorCatalogue& catalogue,
                                             const CheckCommandSettings& settings,
                                             scanner::Device& device) {
  if (settings.vendor && !settings.walk) {
    const auto canonical = catalogue.canonical(*settings.vendor);
    if (!canonical)
      return "vendor '" + *settings.vendor + "' is not in the vendor catalogue" +
             did_you_mean(catalogue.closest_vendors(*settings.vendor));
    device.vendor = *canonical;
  }
  if (settings.os) {
    const riskdb::OsFamilyRecord* family = catalogue.os_family(*settings.os);
    if (family == nullptr) {
      std::string known;
      for (const auto& each : catalogue.families())
        known += (known.empty() ? "" : ", ") + each.name;
      const std::string hint = did_you_mean(catalogue.closest_os_families(*settings.os));
      return "OS family '" + *settings.os + "' is not known" +
             (hint.empty() ? " (known: " + known + ")" : hint);
    }
    device.os = family->name;
  }
  return std::nullopt;
}

// Every dataset a finding rests on: a known-exploited vulnerability cites
// both the NVD record that matched and CISA's catalogue.
std::vector<std::string> sources_of(const riskdb::Database& database,
                                    const riskdb::Finding& finding) {
  std::vector<std::string> sources;
  if (finding.nvd_dataset_id && finding.nvd_dataset_id != finding.dataset_id) {
    riskdb::Finding nvd = finding;
    nvd.dataset_id = finding.nvd_dataset_id;
    sources.push_back(dataset_label(database, nvd));
  }
  sources.push_back(dataset_label(database, finding));
  return sources;
}

nlohmann::json optional_json(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

int check_one(const CheckCommandSettings& settings, const riskdb::Database& database,
              const riskdb::Policy& policy, riskdb::RiskJudge& judge, const std::string& today,
              int json_indent);
int check_candidates(const CheckCommandSettings& settings, const riskdb::Database& database,
                     const riskdb::Policy& policy, riskdb::RiskJudge& judge,
                     const std::string& today);

}  // namespace

CLI::App* add_check_command(CLI::App& app, CheckCommandSettings& settings) {
  CLI::App* check = app.add_subcommand(
      "check",
      "Pre-procurement verdict (block, review, allow) on a candidate device, with reasons");
  auto* vendor = check->add_option("--vendor", settings.vendor, "Vendor of the candidate device");
  auto* model = check->add_option("--model", settings.model, "Model of the candidate device");
  check->add_option("--os", settings.os,
                    "OS family (ios, iosxe, junos, vrp, ...); inferred when unambiguous");
  check->add_option("--firmware", settings.firmware, "Firmware version it would run");
  auto* walk =
      check->add_option("--walk", settings.walk, "A walk of the device, as a vendor supplied it")
          ->check(CLI::ExistingFile);
  walk->excludes(vendor)->excludes(model);
  check
      ->add_option("--candidates", settings.candidates,
                   "JSON Lines of candidates ({\"vendor\", \"model\", \"os\", \"firmware\"}): one "
                   "verdict object per line")
      ->check(CLI::ExistingFile)
      ->excludes(vendor)
      ->excludes(model)
      ->excludes(walk);
  check->add_option("--policy", settings.policy, "Policy file (default: the built-in policy.toml)")
      ->check(CLI::ExistingFile);
  check->add_option("--today", settings.today,
                    "Judge as of this date (YYYY-MM-DD), for reproducing a verdict");
  check->add_flag("--json", settings.json, "Print one JSON object");
  add_database_option(*check, settings.database);
  return check;
}

int run_check_command(const CheckCommandSettings& settings) {
  if (!settings.walk && !settings.candidates && (!settings.vendor || !settings.model))
    throw UsageError("check needs --vendor and --model, --walk FILE or --candidates FILE");
  riskdb::Database database = open_inventory(settings.database);
  riskdb::Policy policy;
  try {
    policy = riskdb::load_policy(settings.policy.value_or(riskdb::risk_data_file("policy.toml")));
  } catch (const riskdb::PolicyError& error) {
    std::cerr << "kensa: " << escape_for_terminal(error.what()) << '\n';
    return exit_check_error;
  }
  const std::string today = settings.today.value_or(riskdb::utc_today());
  riskdb::RiskJudge judge(database, policy, today);
  if (settings.candidates) return check_candidates(settings, database, policy, judge, today);
  return check_one(settings, database, policy, judge, today, 2);
}

namespace {

int check_one(const CheckCommandSettings& settings, const riskdb::Database& database,
              const riskdb::Policy& policy, riskdb::RiskJudge& judge, const std::string& today,
              int json_indent) {
  Candidate candidate;
  try {
    if (settings.walk) {
      candidate.device = device_from_walk(*settings.walk, database);
    } else {
      candidate.device.source = "candidate";
      candidate.device.vendor = settings.vendor;
      candidate.device.model = settings.model;
      candidate.device.firmware = settings.firmware;
    }
  } catch (const std::exception& error) {
    std::cerr << "kensa: " << escape_for_terminal(error.what()) << '\n';
    return exit_check_error;
  }
  scanner::Device& device = candidate.device;
  if (const auto error = resolve_candidate(judge.catalogue(), settings, device)) {
    std::cerr << "kensa: " << escape_for_terminal(*error) << '\n';
    if (settings.candidates)
      std::cout << nlohmann::json{{"line", settings.candidates_line}, {"error", *error}}.dump(
                       -1, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
    return exit_check_error;
  }
  if (settings.firmware) device.firmware = settings.firmware;
  if (!device.os) candidate.os_note = infer_os(judge.catalogue(), device);
  const riskdb::Judgement judgement = judge.judge(device);
  const std::vector<riskdb::Finding> findings = judgement.all_findings();
  const std::vector<std::string> undetermined = judgement.vulnerabilities
                                                    ? judgement.vulnerabilities->undetermined
                                                    : std::vector<std::string>{};
  const std::vector<riskdb::MissingDataset> missing_datasets = riskdb::missing_datasets(database);
  std::vector<std::string> missing;
  for (const auto& dataset : missing_datasets) missing.push_back(dataset.kind);
  const std::string verdict = verdict_of(judgement, policy);

  if (settings.json) {
    nlohmann::json out{{"verdict", verdict},
                       {"date", today},
                       {"policy", {{"source", policy.source}, {"sha256", policy.sha256}}},
                       {"device",
                        {{"vendor", optional_json(device.vendor)},
                         {"model", optional_json(device.model)},
                         {"os", optional_json(device.os)},
                         {"firmware", optional_json(device.firmware)},
                         {"serial", optional_json(device.serial)},
                         {"cpe", judgement.vulnerabilities ? judgement.vulnerabilities->cpes
                                                           : std::vector<std::string>{}}}},
                       {"os_note", candidate.os_note.empty() ? nlohmann::json(nullptr)
                                                             : nlohmann::json(candidate.os_note)},
                       {"screening",
                        {{"status", judgement.screening.status},
                         {"case", optional_json(judgement.screening.case_id)},
                         {"reason", judgement.screening.reason}}},
                       {"undetermined_vulnerabilities", undetermined},
                       {"datasets_missing", missing},
                       {"findings", nlohmann::json::array()}};
    for (const riskdb::Finding& finding : findings) {
      nlohmann::json evidence = nlohmann::json::array();
      for (const auto& item : finding.evidence)
        evidence.push_back({{"field", item.field},
                            {"value", item.value},
                            {"source", item.source},
                            {"observed", item.observed},
                            {"rule", item.rule}});
      out["findings"].push_back(
          {{"kind", riskdb::finding_kind_name(finding.kind)},
           {"severity", riskdb::severity_name(finding.severity)},
           {"reference", finding.reference},
           {"reason", finding.reason},
           {"module_index", finding.module_index ? nlohmann::json(*finding.module_index) : nullptr},
           {"source", dataset_label(database, finding)},
           {"sources", sources_of(database, finding)},
           {"criterion", finding.criterion.empty() ? nlohmann::json(nullptr)
                                                   : nlohmann::json(finding.criterion)},
           {"affected",
            finding.affected.empty() ? nlohmann::json(nullptr) : nlohmann::json(finding.affected)},
           {"fixed", optional_json(finding.fixed)},
           {"evidence", evidence}});
    }
    if (settings.candidates) out["line"] = settings.candidates_line;
    std::cout << out.dump(json_indent, ' ', false, nlohmann::json::error_handler_t::replace)
              << '\n';
  } else {
    std::string upper = verdict;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::cout << "verdict: " << upper << '\n';
    const auto row = [](std::string_view name, const std::optional<std::string>& value) {
      std::cout << "  " << name << std::string(10 - name.size(), ' ')
                << (value ? escape_for_terminal(*value) : "(unknown)") << '\n';
    };
    row("vendor", device.vendor);
    row("model", device.model);
    row("os", device.os);
    row("firmware", device.firmware);
    if (!candidate.os_note.empty())
      std::cout << "  note      " << escape_for_terminal(candidate.os_note) << '\n';
    std::cout << "  screening " << judgement.screening.status << ": "
              << escape_for_terminal(judgement.screening.reason) << '\n';
    if (findings.empty())
      std::cout << "\nno findings\n";
    else
      std::cout << '\n' << findings.size() << " finding(s)\n";
    for (const riskdb::Finding& finding : findings) {
      std::string sources;
      for (const std::string& source : sources_of(database, finding))
        sources += (sources.empty() ? "" : "; ") + source;
      std::cout << "  [" << riskdb::severity_name(finding.severity) << "] "
                << riskdb::finding_kind_name(finding.kind) << ": "
                << escape_for_terminal(finding.reason)
                << "\n      source: " << escape_for_terminal(sources) << '\n';
    }
    if (!undetermined.empty()) {
      std::cout << "\n"
                << undetermined.size()
                << " vulnerability record(s) could not be decided (a version order this "
                   "firmware's numbering cannot tell, or a name attribute not known):";
      for (const std::string& id : undetermined) std::cout << ' ' << id;
      std::cout << '\n';
    }
    if (!missing_datasets.empty())
      std::cout << "\nnot loaded, so not judged by: " << riskdb::describe_missing(missing_datasets)
                << " (see kensa feeds status)\n";
    std::cout << "\npolicy " << escape_for_terminal(policy.source) << ", judged as of " << today
              << '\n';
  }
  if (verdict == "block") return exit_check_block;
  if (verdict == "review") return exit_check_review;
  return exit_check_allow;
}

// One candidate per line of a JSON Lines file ({"vendor", "model", "os",
// "firmware"}), judged with one judge: one JSON object per line on stdout,
// in order; the exit code is the worst verdict, or exit_check_error when a
// line could not be judged (its object then carries "error").
int check_candidates(const CheckCommandSettings& settings, const riskdb::Database& database,
                     const riskdb::Policy& policy, riskdb::RiskJudge& judge,
                     const std::string& today) {
  std::ifstream input(*settings.candidates);
  if (!input) throw UsageError("cannot read " + settings.candidates->string());
  const auto rank = [](int code) {
    return code == exit_check_error    ? 4
           : code == exit_check_block  ? 3
           : code == exit_check_review ? 2
                                       : 1;
  };
  int worst = exit_check_allow;
  std::string text;
  std::size_t line = 0;
  while (std::getline(input, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    CheckCommandSettings one = settings;
    one.candidates_line = line;
    int code = exit_check_error;
    const std::string where = settings.candidates->string() + ":" + std::to_string(line);
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    const auto field = [&parsed](const char* key) -> std::optional<std::string> {
      if (!parsed.contains(key) || !parsed[key].is_string()) return std::nullopt;
      return parsed[key].get<std::string>();
    };
    if (!parsed.is_object() || !field("vendor") || !field("model")) {
      std::cerr << "kensa: " << escape_for_terminal(where)
                << ": not a JSON object with string fields vendor and model\n";
      std::cout << nlohmann::json{{"line", line}, {"error", "needs vendor and model"}}.dump()
                << '\n';
    } else {
      one.vendor = field("vendor");
      one.model = field("model");
      one.os = field("os");
      one.firmware = field("firmware");
      one.json = true;
      code = check_one(one, database, policy, judge, today, -1);
    }
    if (rank(code) > rank(worst)) worst = code;
  }
  return worst;
}

}  // namespace

}  // namespace kensa::cli
