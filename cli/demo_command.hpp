#pragma once
// `kensa demo`: kensa's main job with no network and no configuration. It
// loads the demo datasets (a KEV and an NVD record, a screening register),
// simulates four devices on 127.77.0.1-4 from the walks in cli/demo/walks
// (written for the project: Cisco, Juniper, Huawei and Fortinet, linked by
// LLDP, with modules and a camera seen only as a neighbour), sweeps them
// from one seed address with LLDP crawl within 127.77.0.0/24, judges the
// sweep, prints the summary and the findings, writes the HTML report, and
// stops everything it started. The simulator and the sweep run as the
// commands `kensa simulate` and `kensa sweep`, each a child process with its
// own engine (see child_command.hpp).
//
// Contract: the inventory goes to --db (default: a temporary file removed
// at the end); the report to --report. Exit 0 when the demo ran; anything
// else is an error of the machine (no loopback, no writable report path).

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>

namespace kensa::cli {

struct DemoCommandSettings {
  std::optional<std::filesystem::path> database;
  std::filesystem::path report = "kensa-demo-report.html";
};

CLI::App* add_demo_command(CLI::App& app, DemoCommandSettings& settings);
int run_demo_command(const DemoCommandSettings& settings);

// Where the demo's walks and datasets are: $KENSA_DEMO_DIR, else the
// source tree's cli/demo.
std::filesystem::path demo_directory();

}  // namespace kensa::cli
