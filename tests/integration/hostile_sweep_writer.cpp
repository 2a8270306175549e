// Writes and judges a sweep of devices whose strings are hostile, for the
// export safety tests: formula prefixes, HTML and script, control
// characters, invalid UTF-8 and 64 KiB strings, in sysDescr, sysName,
// serial, model and module fields. What kensa stores is what the devices
// sent; the exports must make it safe.
//
// Usage: kensa_test_hostile_sweep DB

#include <iostream>
#include <string>

#include "riskdb/data_files.hpp"
#include "riskdb/inventory.hpp"
#include "riskdb/risk_judge.hpp"
#include "riskdb/sweep_judgement.hpp"

namespace {

using kensa::riskdb::Sighting;

Sighting device(const std::string& address, std::string vendor, std::string model,
                std::string sys_name, std::string sys_descr, std::string serial) {
  Sighting sighting;
  sighting.address = address;
  auto& d = sighting.device;
  d.source = address + ":161";
  d.vendor = std::move(vendor);
  d.model = std::move(model);
  d.sys_name = std::move(sys_name);
  d.sys_descr = std::move(sys_descr);
  d.serial = std::move(serial);
  d.firmware = "15.2(7)E4";
  d.os = "ios";
  kensa::scanner::Module module;
  module.index = 1001;
  module.contained_in = 1;
  module.class_name = "module";
  module.name = *d.sys_name;
  module.serial = *d.serial + "-M";
  module.manufacturer = *d.sys_descr;
  d.modules.push_back(module);
  d.evidence.push_back({"model", *d.model, "sysDescr", *d.sys_descr, "hostile rule"});
  return sighting;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace std::string_literals;
  if (argc != 2) {
    std::cerr << "usage: kensa_test_hostile_sweep DB\n";
    return 64;
  }
  using namespace kensa::riskdb;
  Database database = Database::open(argv[1]);
  const auto sweep_id = begin_sweep(database, "192.0.2.0/29", "{}");
  {
    SweepWriter writer(database, sweep_id);
    writer.record(device("192.0.2.1", "Cisco", "@SUM(A1)", "+SUM(1+1)",
                         "=HYPERLINK(\"http://attacker.example/\",\"click\")", "-2+3"));
    writer.record(device("192.0.2.2", "Huawei", "<b>CE6850</b>", "<script>alert('x')</script>",
                         "</script><script>document.title='pwned'</script><!--",
                         "<img src=x onerror=alert(1)>"));
    writer.record(device("192.0.2.3", "Cisco", "\tC2960X", "\x1b]0;owned\x07 sw3"s,
                         "line1\r\nline2 \x1b[31mred\x1b[0m \x00 end"s, "\r=1+1"));
    writer.record(
        device("192.0.2.4", "Cisco", "C9300\xff", "caf\xe9", "\xff\xfe\xc3\x28 bad", "\xc0\xaf"));
    std::string long_descr;
    for (int i = 0; i < 4096; ++i) long_descr += "=<a>\xe2\x80\xae\x01x\"y,z\r\n";
    writer.record(device("192.0.2.5", "Cisco", std::string(65536, 'M'),
                         std::string(65536 / 2, '\xe9'), long_descr, std::string(65536, '=')));
    writer.flush();
  }
  Sweep done;
  done.id = sweep_id;
  done.status = "complete";
  done.addresses_probed = 5;
  done.addresses_answering = 5;
  finish_sweep(database, done);
  RiskJudge judge(database, load_policy(risk_data_file("policy.toml")), utc_today());
  judge_sweep(database, sweep_id, judge);
  std::cout << sweep_id << '\n';
  return 0;
}
