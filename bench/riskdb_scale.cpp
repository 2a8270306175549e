// The riskdb benchmark: store DEVICES devices with modules, swept by SITES
// sites (one sweep each), judge every sweep against a generated
// vulnerability set of NVD size, and time the inventory queries an operator
// runs, on a real SQLite file or a real PostgreSQL database.
//
// Usage: kensa_bench_riskdb DIRECTORY|postgresql://... [DEVICES] [CVES] [SITES]
// A directory gets a new SQLite file; a PostgreSQL database must be empty.
// Prints "name value" lines; bench/riskdb_scale turns them into a table.
//
// The generated data follows the real formats: CPE 2.3 criteria as NVD
// writes them (escapes included), NVD's four range bounds, AND
// configurations with vulnerable:false platforms, KEV entries, and
// versions in each OS family's own scheme.

#include <sys/resource.h>

#include <chrono>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "feeds/catalogue_import.hpp"
#include "riskdb/data_files.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/inventory_query.hpp"
#include "riskdb/risk_data.hpp"
#include "riskdb/risk_judge.hpp"
#include "riskdb/statement.hpp"
#include "riskdb/sweep_judgement.hpp"
#include "scanner/identification.hpp"

using namespace kensa::riskdb;
using Clock = std::chrono::steady_clock;

namespace {

struct Platform {
  const char* vendor;
  const char* os;
  const char* cpe_vendor;
  const char* cpe_product;
  std::vector<const char*> models;
  std::vector<const char*> releases;
};

const std::vector<Platform> platforms{
    {"Cisco",
     "iosxe",
     "cisco",
     "ios_xe",
     {"C9300-48P", "C9500-24Y4C", "ISR4331", "C8300-1N1S-6T", "ASR1001-X"},
     {"16.12.4", "17.3.4a", "17.6.5", "17.9.3", "17.9.4a", "17.12.4", "17.15.1"}},
    {"Cisco",
     "ios",
     "cisco",
     "ios",
     {"WS-C2960X-48FPD-L", "WS-C3750X-48P", "CISCO2911/K9", "IE-4000-8GT4G-E"},
     {"15.0(2)SE11", "15.2(4)E10", "15.2(7)E8", "15.7(3)M9", "12.2(55)SE12"}},
    {"Cisco",
     "nxos",
     "cisco",
     "nx-os",
     {"N9K-C93180YC-EX", "N3K-C3172PQ-10GE", "N7K-C7010"},
     {"7.0(3)I7(8)", "9.3(10)", "9.3(13)", "10.2(5)", "10.4(3)"}},
    {"Juniper Networks",
     "junos",
     "juniper",
     "junos",
     {"MX204", "MX480", "EX4300-48T", "SRX345", "QFX5120-48Y"},
     {"19.4R3-S9", "20.4R3-S8", "21.4R3-S5", "22.2R3-S2", "23.2R2", "21.4R3-S5.4"}},
    {"Huawei",
     "vrp",
     "huawei",
     "vrp",
     {"S5720-28X-SI", "CE6881-48S6CQ", "NE40E-X8A", "AR6140-16G4XG"},
     {"V200R010C00SPC600", "V200R019C10SPC500", "V200R021C00SPC100", "V300R019C10SPC200"}},
    {"Arista Networks",
     "eos",
     "arista",
     "eos",
     {"DCS-7050SX3-48YC8", "DCS-7280SR-48C6", "CCS-720XP-48ZC2"},
     {"4.25.4M", "4.28.3M", "4.30.5M", "4.33.6M"}},
    {"Fortinet",
     "fortios",
     "fortinet",
     "fortios",
     {"FortiGate-100F", "FortiGate-600E", "FortiGate-60F"},
     {"6.4.12", "7.0.13", "7.2.6 build1575", "7.4.3"}},
    {"Palo Alto Networks",
     "panos",
     "paloaltonetworks",
     "pan-os",
     {"PA-3220", "PA-850", "PA-5450"},
     {"10.1.9-h1", "10.2.0-h1", "10.2.7-h3", "11.1.2"}},
    {"MikroTik",
     "routeros",
     "mikrotik",
     "routeros",
     {"CCR2004-16G-2S+", "CRS326-24G-2S+", "RB5009UG+S+"},
     {"6.48.6", "6.49.10", "7.1rc1", "7.12.1", "7.15.3"}},
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string pick(std::mt19937& random, const std::vector<const char*>& values) {
  return values[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(random)];
}

// Bumps the last number of a version: an upper bound just after it.
std::string bumped(const std::string& version) {
  std::string out = version;
  for (std::size_t i = out.size(); i-- > 0;)
    if (std::isdigit(static_cast<unsigned char>(out[i]))) {
      std::size_t start = i;
      while (start > 0 && std::isdigit(static_cast<unsigned char>(out[start - 1]))) --start;
      const long number = std::stol(out.substr(start, i - start + 1));
      return out.substr(0, start) + std::to_string(number + 1) + out.substr(i + 1);
    }
  return out + ".1";
}

std::string escaped(const std::string& value) {
  std::string out;
  for (const char c : value) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      out += '\\';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

CpeMatchCriterion criterion(const std::string& text, bool vulnerable) {
  return {vulnerable, text, parse_cpe(text), {}};
}

std::size_t generate_vulnerabilities(Database& database, std::mt19937& random, int cves) {
  Dataset provenance;
  provenance.kind = "nvd";
  provenance.source = "generated";
  provenance.version = "bench";
  provenance.sha256 = std::string(64, '0');
  VulnerabilityWriter writer(database, provenance);
  std::size_t criteria = 0;
  std::uniform_real_distribution<double> score(2.0, 10.0);
  std::uniform_int_distribution<int> percent(0, 99);
  for (int n = 0; n < cves; ++n) {
    Vulnerability cve;
    cve.cve_id = "CVE-" + std::to_string(2000 + n % 26) + "-" + std::to_string(100000 + n);
    cve.cvss_v3 = static_cast<double>(static_cast<int>(score(random) * 10)) / 10;
    cve.description = "Generated vulnerability " + std::to_string(n);
    const bool network = percent(random) < 6;  // NVD holds thousands of CVEs for network OSes
    if (network) {
      const Platform& platform = platforms[static_cast<std::size_t>(n) % platforms.size()];
      ConfigurationNode firmware{false, false, {}};
      const int ranges = 1 + percent(random) % 4;
      for (int r = 0; r < ranges; ++r) {
        // Most advisories concern releases the fleet does not run.
        std::string release = pick(random, platform.releases);
        for (int later = percent(random) % 8; later > 1; --later) release = bumped(release);
        if (percent(random) < 40) {
          firmware.matches.push_back(criterion(std::string("cpe:2.3:o:") + platform.cpe_vendor +
                                                   ":" + platform.cpe_product + ":" +
                                                   escaped(release) + ":*:*:*:*:*:*:*",
                                               true));
        } else {
          CpeMatchCriterion range = criterion(std::string("cpe:2.3:o:") + platform.cpe_vendor +
                                                  ":" + platform.cpe_product + ":*:*:*:*:*:*:*:*",
                                              true);
          range.range.start_including = release;
          range.range.end_excluding = bumped(release);
          firmware.matches.push_back(std::move(range));
        }
      }
      criteria += firmware.matches.size();
      Configuration configuration{false, false, {firmware}};
      if (percent(random) < 30) {  // only on some hardware: an AND with platforms
        ConfigurationNode hardware{false, false, {}};
        for (int h = 0; h < 3; ++h)
          hardware.matches.push_back(criterion(std::string("cpe:2.3:h:") + platform.cpe_vendor +
                                                   ":" + escaped(pick(random, platform.models)) +
                                                   ":-:*:*:*:*:*:*:*",
                                               false));
        criteria += hardware.matches.size();
        configuration.all = true;
        configuration.nodes.push_back(std::move(hardware));
      }
      cve.configurations.push_back(std::move(configuration));
    } else {
      // The bulk of NVD: applications and devices of thousands of other vendors.
      ConfigurationNode node{false, false, {}};
      const int count = 1 + percent(random) % 6;
      const std::string product = "cpe:2.3:a:vendor" +
                                  std::to_string(percent(random) * 50 + n % 50) + ":product" +
                                  std::to_string(n % 2000) + ":";
      for (int c = 0; c < count; ++c) {
        CpeMatchCriterion range = criterion(product + "*:*:*:*:*:*:*:*", true);
        range.range.end_excluding =
            std::to_string(1 + c) + "." + std::to_string(percent(random)) + ".0";
        node.matches.push_back(std::move(range));
      }
      criteria += node.matches.size();
      cve.configurations.push_back({false, false, {std::move(node)}});
    }
    writer.add(cve);
  }
  writer.commit();
  return criteria;
}

void generate_known_exploited(Database& database, int cves) {
  std::vector<KnownExploited> entries;
  for (int n = 0; n < cves; n += 97)
    entries.push_back({"CVE-" + std::to_string(2000 + n % 26) + "-" + std::to_string(100000 + n),
                       "Vendor",
                       "Product",
                       "Generated",
                       "2024-01-01",
                       "2024-01-22",
                       "Unknown",
                       {},
                       {}});
  Dataset provenance;
  provenance.kind = "kev";
  provenance.source = "generated";
  provenance.sha256 = std::string(64, '0');
  replace_known_exploited(database, entries, provenance);
}

long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: kensa_bench_riskdb DIRECTORY|postgresql://... [DEVICES] [CVES] [SITES]\n";
    return 64;
  }
  const std::string where = argv[1];
  const int device_count = argc > 2 ? std::stoi(argv[2]) : 100000;
  const int cve_count = argc > 3 ? std::stoi(argv[3]) : 150000;
  const int site_count = std::max(1, argc > 4 ? std::stoi(argv[4]) : 1);
  const bool sqlite = !is_postgresql_location(where);
  const std::filesystem::path file = std::filesystem::path(where) / "bench.db";
  if (sqlite) std::filesystem::remove(file);
  Database database = Database::open(sqlite ? file : std::filesystem::path(where));
  kensa::feeds::ensure_catalogue(database,
                                 kensa::scanner::default_data_directory() / "vendors.json",
                                 risk_data_file("os-families.json"));
  std::mt19937 random(20261126);

  auto start = Clock::now();
  const std::size_t criteria = generate_vulnerabilities(database, random, cve_count);
  generate_known_exploited(database, cve_count);
  std::cout << "cves " << cve_count << "\ncpe_match_criteria " << criteria
            << "\nload_vulnerabilities_s " << seconds_since(start) << '\n';

  std::vector<ScreeningEntry> register_entries;
  for (const Platform& platform : platforms)
    for (const char* model : platform.models) {
      ScreeningEntry entry;
      entry.vendor = platform.vendor;
      entry.model_pattern = model;
      entry.firmware_min = platform.releases[1];
      entry.firmware_max = platform.releases[2];
      entry.status = "approved";
      entry.case_id = std::string("SCR-") + model;
      register_entries.push_back(entry);
    }
  Dataset register_provenance;
  register_provenance.kind = "screening";
  register_provenance.source = "generated";
  register_provenance.sha256 = std::string(64, '0');
  replace_screening_register(database, register_entries, register_provenance);

  // Store: one sweep per site, every device with eight modules.
  start = Clock::now();
  std::vector<std::int64_t> sweeps;
  for (int site = 0; site < site_count; ++site) {
    const auto sweep =
        begin_sweep(database, "10.0.0.0/8", "{}", "site-" + std::to_string(site + 1));
    sweeps.push_back(sweep);
    SweepWriter writer(database, sweep, 2000);
    // In groups, as kensa sweep files the devices its targets answered with.
    std::vector<Sighting> group;
    const int first = device_count / site_count * site;
    const int last = site + 1 == site_count ? device_count : first + device_count / site_count;
    for (int n = first; n < last; ++n) {
      const Platform& platform =
          platforms[std::uniform_int_distribution<std::size_t>(0, platforms.size() - 1)(random)];
      Sighting sighting;
      kensa::scanner::Device& device = sighting.device;
      device.source = "bench";
      device.vendor = platform.vendor;
      device.os = platform.os;
      device.model = pick(random, platform.models);
      device.firmware = pick(random, platform.releases);
      device.serial = "SN" + std::to_string(10000000 + n);
      device.sys_name = "device-" + std::to_string(n);
      device.evidence.push_back({"firmware", *device.firmware, "sysDescr", "generated", "bench"});
      for (std::uint32_t m = 1; m <= 8; ++m) {
        kensa::scanner::Module module;
        module.index = m;
        module.contained_in = m == 1 ? 0 : 1;
        module.physical_class = m == 1 ? 3 : 9;
        module.class_name = m == 1 ? "chassis" : "module";
        module.model = std::string(*device.model) + "-M" + std::to_string(m);
        module.serial = *device.serial + "-" + std::to_string(m);
        device.modules.push_back(std::move(module));
      }
      sighting.address = "10." + std::to_string(n / 65536 % 256) + "." +
                         std::to_string(n / 256 % 256) + "." + std::to_string(n % 256);
      group.push_back(std::move(sighting));
      if (group.size() == SweepWriter::sightings_per_lookup) {
        writer.record_all(group);
        group.clear();
      }
    }
    writer.record_all(group);
    writer.flush();
    Sweep done;
    done.id = sweep;
    done.status = "complete";
    finish_sweep(database, done);
  }
  std::cout << "devices " << device_count << "\nsites " << site_count << "\nmodules "
            << device_count * 8 << "\nstore_s " << seconds_since(start) << '\n';

  start = Clock::now();
  RiskJudge judge(database, load_policy(risk_data_file("policy.toml")), "2026-11-26");
  std::int64_t findings = 0, known_exploited = 0, undetermined = 0;
  for (const auto sweep : sweeps) {
    const SweepJudgementSummary summary = judge_sweep(database, sweep, judge);
    for (const auto& [severity, count] : summary.findings_by_severity) findings += count;
    if (summary.findings_by_kind.contains(FindingKind::known_exploited))
      known_exploited += summary.findings_by_kind.at(FindingKind::known_exploited);
    undetermined += summary.undetermined_vulnerabilities;
  }
  std::cout << "judge_s " << seconds_since(start) << "\nfindings " << findings
            << "\nknown_exploited " << known_exploited << "\nundetermined " << undetermined << '\n';

  const auto timed = [&](const char* name, auto query) {
    const auto query_start = Clock::now();
    const std::size_t rows = query();
    std::cout << "query_" << name << "_ms " << seconds_since(query_start) * 1000 << "\nquery_"
              << name << "_rows " << rows << '\n';
  };
  timed("vendor", [&] {
    InventoryFilter filter;
    filter.vendor = "Juniper Networks";
    return query_inventory(database, filter).size();
  });
  timed("subnet", [&] {
    InventoryFilter filter;
    filter.subnet = "10.1.0.0/16";
    return query_inventory(database, filter).size();
  });
  timed("firmware", [&] {
    InventoryFilter filter;
    filter.firmware = "17.9*";
    return query_inventory(database, filter).size();
  });
  timed("risk_critical", [&] {
    InventoryFilter filter;
    filter.min_risk = Severity::critical;
    return query_inventory(database, filter).size();
  });
  timed("screening_drifted", [&] {
    InventoryFilter filter;
    filter.screening = "drifted";
    return query_inventory(database, filter).size();
  });
  timed("findings_high", [&] {
    FindingFilter filter;
    filter.min_severity = Severity::high;
    filter.sweep_id = sweeps.back();
    return visit_findings(database, filter, [](const FindingRow&) {});
  });
  timed("history", [&] { return device_history(database, device_count / 2).size(); });
  timed("site", [&] {
    InventoryFilter filter;
    filter.site = "site-1";
    return query_inventory(database, filter).size();
  });
  std::int64_t bytes = 0;
  if (sqlite) {
    bytes = static_cast<std::int64_t>(std::filesystem::file_size(file));
  } else {
    Statement size(database, "SELECT pg_database_size(current_database())");
    size.step();
    bytes = size.integer(0);
  }
  std::cout << "peak_rss_mib " << peak_rss_mib() << "\ndatabase_mib " << bytes / (1024 * 1024)
            << '\n';
  return 0;
}
