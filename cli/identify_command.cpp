#include "cli/identify_command.hpp"
#include "cli/inventory_database.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/usage_error.hpp"
#include "scanner/device_json.hpp"
#include "scanner/identification.hpp"
#include "scanner/walk_file.hpp"

namespace kensa::cli {
namespace {

void print_device(const scanner::Device& device) {
  const auto row = [](std::string_view name, const std::optional<std::string>& value) {
    std::cout << "  " << name << std::string(10 - name.size(), ' ')
              << (value ? escape_for_terminal(*value) : "(unknown)") << '\n';
  };
  std::cout << escape_for_terminal(device.source) << '\n';
  row("vendor", device.vendor);
  row("os", device.os);
  row("model", device.model);
  row("firmware", device.firmware);
  row("serial", device.serial);
  row("sysName", device.sys_name);
  std::cout << "  modules   " << device.modules.size() << ", neighbours " << device.neighbors.size()
            << '\n';
}

}  // namespace

CLI::App* add_identify_command(CLI::App& app, IdentifyCommandSettings& settings) {
  CLI::App* identify = app.add_subcommand(
      "identify",
      "Identify devices (vendor, OS, model, firmware, serial, modules, neighbours) "
      "from recorded walks, without any network");
  identify
      ->add_option("--walk", settings.walks,
                   "A walk file: snmpsim .snmprec or `snmpwalk -On` output (repeatable)")
      ->required()
      ->check(CLI::ExistingFile);
  identify->add_flag("--json", settings.json, "Print one JSON array, one object per file");
  identify->add_option("--data-dir", settings.data_directory,
                       "Vendor catalogue and rule files (default: $KENSA_DATA_DIR or the "
                       "installed ones)");
  identify
      ->add_option("--db", settings.mibs_from_db,
                   "Also read what was imported into this inventory: MIB modules, the IEEE and "
                   "IANA registries")
      ->check(CLI::ExistingFile);
  identify->add_flag("--generic-only", settings.generic_only,
                     "Switch every identification rule off and use the generic stages alone "
                     "(enterprise numbers, ENTITY-MIB, sysDescr grammar): to measure what kensa "
                     "knows of devices no rule was written for");
  return identify;
}

int run_identify_command(const IdentifyCommandSettings& settings) {
  scanner::IdentificationData data;
  try {
    data = scanner::IdentificationData::load(settings.data_directory.empty()
                                                 ? scanner::default_data_directory()
                                                 : settings.data_directory,
                                             scanner::EnterpriseRegistry::debian_path);
  } catch (const std::exception& error) {
    throw UsageError(std::string("cannot load identification data: ") + error.what());
  }
  if (settings.generic_only) data.drop_rules();
  if (settings.mibs_from_db)
    use_database_identification_data(open_inventory_to_read({*settings.mibs_from_db}), data);
  int status = exit_ok;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& path : settings.walks) {
    scanner::WalkFile walk;
    try {
      walk = scanner::read_walk_file(path);
    } catch (const std::exception& error) {
      std::cerr << "kensa: " << escape_for_terminal(error.what()) << '\n';
      status = exit_unreachable;
      continue;
    }
    if (walk.skipped > 0) {
      std::cerr << "kensa: " << escape_for_terminal(path.string()) << ": skipped " << walk.skipped
                << " unreadable row(s) of " << walk.rows + walk.skipped << '\n';
      for (const auto& warning : walk.warnings)
        std::cerr << "kensa:   " << escape_for_terminal(warning) << '\n';
    }
    const scanner::Device device = scanner::identify(walk.values, data, path.string());
    if (settings.json)
      all.push_back(device_json(device));
    else
      print_device(device);
  }
  if (settings.json)
    std::cout << all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  return status;
}

}  // namespace kensa::cli
