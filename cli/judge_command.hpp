#pragma once
// `kensa judge [--sweep N] [--policy FILE]`: judges a stored sweep again,
// by the feeds, screening register and policy the database and the
// command hold now, without polling anything.
//
// Contract: the default sweep is the latest complete one (--site: of that
// site; --every-site: of each site, judged by one reading of the feeds,
// --json then {sweeps: [...], datasets_missing}); an unknown sweep
// is a usage error. The new judgement replaces the sweep's findings,
// updates the screening status and risk of the devices whose latest sweep
// it is, and is recorded beside the earlier judgements of the sweep with
// its policy digest and datasets (riskdb::judge_sweep). It prints the
// counts before and after; --json prints {sweep, site, judgement, before,
// after, datasets_missing}.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>

#include "cli/inventory_database.hpp"

namespace kensa::cli {

struct JudgeCommandSettings {
  DatabaseOption database;
  std::optional<std::int64_t> sweep;
  std::optional<std::string> site;
  bool every_site = false;
  std::optional<std::filesystem::path> policy;
  bool json = false;
};

CLI::App* add_judge_command(CLI::App& app, JudgeCommandSettings& settings);
int run_judge_command(const JudgeCommandSettings& settings);

}  // namespace kensa::cli
