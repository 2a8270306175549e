// A self-contained HTML report: summary figures, charts of findings by
// severity and devices by vendor, the device table with sorting and
// filtering, each finding with its reason and evidence, dataset provenance
// and sweep parameters. No network: no external script, style or font.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>
#include <set>
#include <sstream>

#include "cli/export_coverage.hpp"
#include "cli/export_formats.hpp"
#include "cli/json_writer.hpp"
#include "cli/untrusted_text.hpp"
#include "cli/version.hpp"

namespace kensa::cli {
namespace {

using nlohmann::json;

constexpr const char* severities[] = {"critical", "high", "medium", "low", "info"};

// Text for an HTML text node or attribute value: shown as on a terminal,
// then with the five special characters escaped.
std::string html(std::string_view untrusted) {
  const std::string visible = escape_for_terminal(untrusted);
  std::string out;
  out.reserve(visible.size());
  for (const char c : visible) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string html(const std::string& value) { return html(std::string_view(value)); }
std::string html(const std::optional<std::string>& value) {
  return html(std::string_view(value ? *value : std::string()));
}

std::string visible(const std::optional<std::string>& value) {
  return value ? escape_for_terminal(*value) : std::string();
}

// Evidence as readable text: pretty JSON, shown as on a terminal.
std::string evidence_text(const std::string& evidence_json) {
  if (evidence_json.empty() || evidence_json == "[]") return {};
  const json evidence = json::parse(evidence_json, nullptr, false);
  return escape_for_terminal(evidence.is_discarded() ? evidence_json : evidence.dump(1));
}

// One finding in the page's data: short keys, every string already visible.
void write_finding(JsonWriter& out, const riskdb::ExportFinding& finding) {
  out.begin_object()
      .field("k", finding.kind)
      .field("s", finding.severity)
      .field("r", escape_for_terminal(finding.reference))
      .field("w", escape_for_terminal(finding.reason))
      .key("m");
  if (finding.module_index)
    out.number(*finding.module_index);
  else
    out.null();
  out.field("e", evidence_text(finding.evidence_json)).end_object();
}

// An SVG bar chart: one bar per label, its value written beside it.
std::string bar_chart(const std::string& id,
                      const std::vector<std::pair<std::string, std::size_t>>& bars) {
  std::size_t largest = 1;
  for (const auto& bar : bars) largest = std::max(largest, bar.second);
  const std::size_t height = 24 * bars.size() + 8;
  std::ostringstream svg;
  svg << "<svg id=\"" << id << "\" role=\"img\" width=\"520\" height=\"" << height
      << "\" viewBox=\"0 0 520 " << height << "\">";
  std::size_t y = 4;
  for (const auto& [label, value] : bars) {
    const std::size_t width = value * 300 / largest;
    svg << "<text x=\"0\" y=\"" << y + 15 << "\" class=\"label\">" << html(label) << "</text>"
        << "<rect x=\"160\" y=\"" << y + 2 << "\" width=\"" << std::max<std::size_t>(width, 1)
        << "\" height=\"16\" class=\"bar sev-" << html(label) << "\"></rect>"
        << "<text x=\"" << 166 + width << "\" y=\"" << y + 15 << "\" class=\"value\">" << value
        << "</text>";
    y += 24;
  }
  svg << "</svg>";
  return svg.str();
}

constexpr const char* style = R"css(
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1d232a;background:#fff}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .5em;border-bottom:1px solid #d6dbe0}
.figures{display:flex;flex-wrap:wrap;gap:.8em}.figure{border:1px solid #d6dbe0;border-radius:6px;padding:.5em .9em;min-width:8em}
.figure b{display:block;font-size:1.6em}.charts{display:flex;flex-wrap:wrap;gap:2em}
svg .label,svg .value{font-size:12px;fill:#1d232a}svg .bar{fill:#5b7083}
svg .sev-critical{fill:#8e1b1b}svg .sev-high{fill:#c2410c}svg .sev-medium{fill:#b58100}svg .sev-low{fill:#2f6f9f}svg .sev-info{fill:#7b8794}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e4e7eb;padding:3px 6px;text-align:left;vertical-align:top;word-break:break-word}
th{background:#f1f3f5;cursor:pointer;user-select:none;position:sticky;top:0}tr.device:hover{background:#f6f8fa;cursor:pointer}
.risk-critical{color:#8e1b1b;font-weight:bold}.risk-high{color:#c2410c;font-weight:bold}.risk-medium{color:#b58100}
.controls{display:flex;flex-wrap:wrap;gap:.6em;margin:.5em 0}.controls input,.controls select{font:inherit;padding:2px 4px}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:.5em;border-radius:4px;max-height:20em;overflow:auto}
#detail{border:1px solid #d6dbe0;border-radius:6px;padding:.6em 1em;margin-top:1em}.muted{color:#66707a}
)css";

constexpr const char* script = R"js(
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("kensa-data").textContent);
  const severityRank = {critical: 5, high: 4, medium: 3, low: 2, info: 1};
  const columns = ["id", "name", "vendor", "model", "firmware", "serial", "address", "risk", "findings", "screening", "neighbour"];
  const state = {sort: "id", descending: false, text: "", risk: "", page: 0};
  const pageSize = 500;
  const body = document.getElementById("device-rows");
  const shown = document.getElementById("rows-shown");
  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    if (className) td.className = className;
    row.appendChild(td);
  }
  function key(device, column) {
    if (column === "risk") return severityRank[device.risk] || 0;
    const value = device[column];
    return value === null || value === undefined ? "" : value;
  }
  function matches(device) {
    if (state.risk && (severityRank[device.risk] || 0) < severityRank[state.risk]) return false;
    if (!state.text) return true;
    const needle = state.text.toLowerCase();
    return ["name", "vendor", "model", "firmware", "serial", "address", "screening"].some(
      (column) => String(device[column] || "").toLowerCase().includes(needle));
  }
  function render() {
    const kept = data.devices.filter(matches);
    kept.sort((a, b) => {
      const x = key(a, state.sort), y = key(b, state.sort);
      const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
      return state.descending ? -order : order;
    });
    const pages = Math.max(1, Math.ceil(kept.length / pageSize));
    state.page = Math.min(state.page, pages - 1);
    body.replaceChildren();
    for (const device of kept.slice(state.page * pageSize, (state.page + 1) * pageSize)) {
      const row = document.createElement("tr");
      row.className = "device";
      row.dataset.id = device.id;
      cell(row, device.id); cell(row, device.name); cell(row, device.vendor); cell(row, device.model);
      cell(row, device.firmware); cell(row, device.serial); cell(row, device.address);
      cell(row, device.risk, device.risk ? "risk-" + device.risk : "");
      cell(row, device.findings); cell(row, device.screening); cell(row, device.neighbour ? "yes" : "");
      row.addEventListener("click", () => showDetail(device));
      body.appendChild(row);
    }
    shown.textContent = "Showing " + Math.min(kept.length, pageSize) + " of " + kept.length +
      " matching devices (" + data.devices.length + " in all), page " + (state.page + 1) + " of " + pages;
    document.getElementById("page-previous").disabled = state.page === 0;
    document.getElementById("page-next").disabled = state.page >= pages - 1;
  }
  function showDetail(device) {
    const detail = document.getElementById("detail");
    detail.replaceChildren();
    const title = document.createElement("h3");
    title.textContent = "Device " + device.id + ": " + [device.vendor, device.model, device.name].filter(Boolean).join(" ");
    detail.appendChild(title);
    const facts = document.createElement("pre");
    facts.textContent = "sysDescr: " + (device.descr || "") + "\nsysObjectID: " + (device.oid || "") +
      "\nidentity: " + device.identity + "\nfirst seen: " + device.first_seen + "\nlast seen: " + device.last_seen;
    detail.appendChild(facts);
    const findings = device.f.concat(device.profile !== null && data.profiles[device.profile] ? data.profiles[device.profile] : []);
    const table = document.createElement("table");
    const head = document.createElement("tr");
    for (const label of ["severity", "kind", "reference", "reason", "evidence"]) {
      const th = document.createElement("th");
      th.textContent = label;
      head.appendChild(th);
    }
    table.appendChild(head);
    for (const finding of findings) {
      const row = document.createElement("tr");
      cell(row, finding.s, "risk-" + finding.s); cell(row, finding.k + (finding.m !== null ? " (module " + finding.m + ")" : ""));
      cell(row, finding.r); cell(row, finding.w);
      const evidence = document.createElement("td");
      const pre = document.createElement("pre");
      pre.textContent = finding.e || "";
      evidence.appendChild(pre);
      row.appendChild(evidence);
      table.appendChild(row);
    }
    detail.appendChild(table);
    if (device.undetermined.length > 0) {
      const undecided = document.createElement("p");
      undecided.textContent = "Could not be decided (a version order this firmware's numbering cannot tell): " +
        device.undetermined.join(", ");
      detail.appendChild(undecided);
    }
    const evidence = document.createElement("pre");
    evidence.textContent = "identification evidence:\n" + device.evidence;
    detail.appendChild(evidence);
    detail.scrollIntoView({block: "nearest"});
  }
  document.querySelectorAll("th[data-column]").forEach((th) => th.addEventListener("click", () => {
    const column = th.dataset.column;
    state.descending = state.sort === column ? !state.descending : column === "risk" || column === "findings";
    state.sort = column;
    render();
  }));
  document.getElementById("filter-text").addEventListener("input", (event) => { state.text = event.target.value; state.page = 0; render(); });
  document.getElementById("filter-risk").addEventListener("change", (event) => { state.risk = event.target.value; state.page = 0; render(); });
  document.getElementById("page-previous").addEventListener("click", () => { state.page -= 1; render(); });
  document.getElementById("page-next").addEventListener("click", () => { state.page += 1; render(); });
  render();
  document.body.dataset.ready = "yes";
})();
)js";

}  // namespace

void write_html_export(const ExportRequest& request, std::ostream& out) {
  const auto& sweep = request.context.sweep;
  const ProfileSummaries summaries = load_profile_summaries(request);
  // The devices' data, already in its script-safe form: the summary that
  // precedes it on the page is known only once every device was read.
  std::string device_data;
  std::size_t device_count = 0;
  std::map<std::string, std::size_t> by_severity, by_vendor;
  std::size_t identified = 0, neighbours = 0, total_findings = 0;
  std::set<std::int64_t> used_profiles;
  riskdb::visit_export_devices(
      *request.database, sweep.id, request.filter, [&](const riskdb::ExportDevice& device) {
        for (const auto& finding : device.findings) ++by_severity[finding.severity];
        std::size_t count = device.findings.size();
        std::vector<std::string> undetermined;
        if (device.profile_id) {
          const auto summary = summaries.find(*device.profile_id);
          if (summary != summaries.end()) {
            for (const auto& [severity, n] : summary->second.by_severity)
              by_severity[severity] += n;
            count += summary->second.total;
            undetermined = summary->second.undetermined;
          }
          used_profiles.insert(*device.profile_id);
        }
        total_findings += count;
        ++by_vendor[device.vendor.value_or("(unidentified)")];
        if (device.vendor && device.model) ++identified;
        if (device.neighbor_only) ++neighbours;
        JsonWriter data(device_data, true);
        data.begin_object()
            .field("id", device.device_id)
            .field("name", visible(device.sys_name))
            .field("vendor", visible(device.vendor))
            .field("model", visible(device.model))
            .field("firmware", visible(device.firmware))
            .field("serial", visible(device.serial))
            .field("address", visible(device.address))
            .field("risk", device.risk)
            .field("findings", count)
            .field("screening", visible(device.screening_status))
            .field("neighbour", device.neighbor_only)
            .field("descr", visible(device.sys_descr))
            .field("oid", visible(device.sys_object_id))
            .field("identity",
                   escape_for_terminal(device.identity_kind + ":" + device.identity_key))
            .field("first_seen", device.first_seen_at)
            .field("last_seen", device.last_seen_at)
            .key("profile");
        if (device.profile_id)
          data.string(std::to_string(*device.profile_id));
        else
          data.null();
        data.key("undetermined").begin_array();
        for (const auto& id : undetermined) data.string(id);
        data.end_array();
        data.key("f").begin_array();
        for (const auto& finding : device.findings) write_finding(data, finding);
        data.end_array().field("evidence", evidence_text(device.evidence_json)).end_object();
        device_data += ',';
        ++device_count;
      });
  if (!device_data.empty()) device_data.pop_back();  // the last comma
  std::string profile_data;
  riskdb::visit_export_profiles(*request.database, sweep.id,
                                [&](const riskdb::ExportProfile& profile) {
                                  if (!used_profiles.contains(profile.id)) return;
                                  if (!profile_data.empty()) profile_data += ',';
                                  JsonWriter data(profile_data, true);
                                  data.key(std::to_string(profile.id)).begin_array();
                                  for (const auto& finding : profile.findings)
                                    write_finding(data, finding);
                                  data.end_array();
                                });

  std::vector<std::pair<std::string, std::size_t>> severity_bars;
  for (const char* severity : severities)
    severity_bars.emplace_back(severity,
                               by_severity.contains(severity) ? by_severity[severity] : 0);
  std::vector<std::pair<std::string, std::size_t>> vendor_bars(by_vendor.begin(), by_vendor.end());
  std::sort(vendor_bars.begin(), vendor_bars.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (vendor_bars.size() > 15) {
    std::size_t others = 0;
    for (std::size_t i = 14; i < vendor_bars.size(); ++i) others += vendor_bars[i].second;
    vendor_bars.resize(14);
    vendor_bars.emplace_back("(other vendors)", others);
  }

  const std::string title = "kensa sweep " + std::to_string(sweep.id) + " report";
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
      << "<title>" << html(title) << "</title><style>" << style << "</style></head><body>\n"
      << "<h1>" << html(title) << "</h1>\n<p class=\"muted\">Sweep " << sweep.id << ", "
      << html(sweep.status) << ", started " << html(sweep.started_at) << ", finished "
      << html(sweep.finished_at.value_or("-")) << ", judged " << html(sweep.judged_at.value_or("-"))
      << ". Written by kensa " << kensa_version << ".</p>\n";
  out << "<h2>Summary</h2><div class=\"figures\">"
      << "<div class=\"figure\"><b id=\"count-devices\">" << device_count << "</b>devices</div>"
      << "<div class=\"figure\"><b id=\"count-identified\">" << identified
      << "</b>identified (vendor and model)</div>"
      << "<div class=\"figure\"><b id=\"count-neighbours\">" << neighbours
      << "</b>seen only as neighbours</div>"
      << "<div class=\"figure\"><b id=\"count-findings\">" << total_findings
      << "</b>findings</div>";
  for (const auto& [severity, count] : severity_bars)
    out << "<div class=\"figure\"><b id=\"count-" << severity << "\">" << count << "</b>"
        << severity << "</div>";
  out << "</div>\n<div class=\"charts\"><div><h2>Findings by severity</h2>"
      << bar_chart("chart-severity", severity_bars) << "</div><div><h2>Devices by vendor</h2>"
      << bar_chart("chart-vendors", vendor_bars) << "</div></div>\n";
  out << "<h2>Devices</h2><div class=\"controls\"><input id=\"filter-text\" type=\"search\" "
         "placeholder=\"Filter: name, vendor, model, firmware, serial, address\" size=\"50\">"
      << "<select id=\"filter-risk\"><option value=\"\">any risk</option>";
  for (const char* severity : severities)
    out << "<option value=\"" << severity << "\">" << severity << " or worse</option>";
  out << "</select><button id=\"page-previous\">previous</button><button id=\"page-next\">next"
         "</button><span id=\"rows-shown\"></span></div>\n<table><thead><tr>";
  for (const auto& [column, label] :
       std::vector<std::pair<const char*, const char*>>{{"id", "id"},
                                                        {"name", "name"},
                                                        {"vendor", "vendor"},
                                                        {"model", "model"},
                                                        {"firmware", "firmware"},
                                                        {"serial", "serial"},
                                                        {"address", "address"},
                                                        {"risk", "risk"},
                                                        {"findings", "findings"},
                                                        {"screening", "screening"},
                                                        {"neighbour", "neighbour only"}})
    out << "<th data-column=\"" << column << "\">" << label << "</th>";
  out << "</tr></thead><tbody id=\"device-rows\"></tbody></table>\n"
      << "<div id=\"detail\" class=\"muted\">Click a device for its findings, their reasons and "
         "evidence.</div>\n";
  // What the sweep did not cover, in the page itself: printed, it is there.
  const auto coverage = coverage_rows(request.context);
  out << "<h2>Coverage</h2><p>" << request.context.targets.size() << " target(s), "
      << request.context.not_rechecked.size() << " known device(s) not re-checked by this sweep, "
      << request.context.datasets_missing.size()
      << " judging dataset(s) not loaded.</p><table id=\"coverage\"><tr>";
  for (const std::string& column : coverage_columns()) out << "<th>" << html(column) << "</th>";
  out << "</tr>";
  for (const auto& values : coverage) {
    out << "<tr>";
    for (const auto& value : values) out << "<td>" << html(value) << "</td>";
    out << "</tr>";
  }
  out << "</table>\n";
  out << "<h2>Datasets used</h2><table id=\"datasets\"><tr><th>kind</th><th>version</th>"
         "<th>source</th><th>sha256</th><th>loaded</th><th>rows</th></tr>";
  for (const auto& dataset : request.context.datasets)
    out << "<tr><td>" << html(dataset.kind) << "</td><td>" << html(dataset.version) << "</td><td>"
        << html(dataset.source) << "</td><td><code>" << html(dataset.sha256) << "</code></td><td>"
        << html(dataset.loaded_at) << "</td><td>" << dataset.row_count << "</td></tr>";
  out << "</table>\n<h2>Sweep</h2><pre id=\"sweep-parameters\">"
      << html("targets: " + sweep.targets) << "\n"
      << html("parameters: " + sweep.parameters) << "\n"
      << html("counters: " + sweep.counters) << "\n"
      << html("policy sha256: " + sweep.policy_sha256.value_or("-")) << "\n"
      << html("filter: " + request.filter_json.dump()) << "</pre>\n";
  out << "<script type=\"application/json\" id=\"kensa-data\">"
      << "{\"devices\":[" << device_data << "],\"profiles\":{" << profile_data << "}}"
      << "</script>\n<script>" << script << "</script>\n</body></html>\n";
  out.flush();
  if (!out) throw std::runtime_error("cannot write the HTML report");
}

}  // namespace kensa::cli
