// A self-contained HTML report that reads on screen and prints: summary
// figures and charts, an action list (what needs someone's attention
// first), the device table with sorting and filtering, then every device's
// findings in the page itself, most severe first, with triage and evidence
// as tables; coverage, dataset provenance and sweep parameters. No
// network: no external script, style or font. Printed (or saved as PDF),
// it holds every finding: nothing depends on a click.

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
#include "riskdb/sweep_diff.hpp"

namespace kensa::cli {
namespace {

using nlohmann::json;

constexpr const char* severities[] = {"critical", "high", "medium", "low", "info"};

// Text already made visible (escape_for_terminal) with the five special
// characters of HTML escaped.
std::string escape_html(std::string_view visible) {
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

// Text for an HTML text node or attribute value: shown as on a terminal,
// then with the five special characters escaped.
std::string html(std::string_view untrusted) { return escape_html(escape_for_terminal(untrusted)); }

std::string html(const std::string& value) { return html(std::string_view(value)); }

std::string visible(const std::optional<std::string>& value) {
  return value ? escape_for_terminal(*value) : std::string();
}

// A short piece of visible text kept on one line when it holds a hyphen, which
// browsers would otherwise break at (CVE-2023-20198, DEMO-2026-011).
std::string unbroken(std::string_view piece) {
  return piece.find('-') == std::string_view::npos
             ? escape_html(piece)
             : "<span class=\"nowrap\">" + escape_html(piece) + "</span>";
}

// Text that may hold long tokens (URLs, CPE names, rule names): escaped,
// every word of up to 24 characters kept whole, and longer tokens given a
// line break opportunity after each '/', ':', '|', ',' and ';' (and after
// each '-' of a piece still longer than 24), so that the layout never has
// to break a word anywhere else.
std::string html_breakable(std::string_view untrusted) {
  constexpr std::size_t short_word = 24;
  const std::string text = escape_for_terminal(untrusted);
  std::string out;
  std::size_t start = 0;
  while (true) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view token = std::string_view(text).substr(start, end - start);
    if (token.size() <= short_word) {
      out += unbroken(token);
    } else {
      std::size_t from = 0;
      while (from < token.size()) {
        auto cut = token.find_first_of("/:|,;", from);
        cut = cut == std::string_view::npos ? token.size() : cut + 1;
        const std::string_view piece = token.substr(from, cut - from);
        if (piece.size() <= short_word) {
          out += unbroken(piece);
        } else {
          for (const char c : piece) {
            out += escape_html(std::string_view(&c, 1));
            if (c == '-') out += "<wbr>";
          }
        }
        if (cut < token.size()) out += "<wbr>";
        from = cut;
      }
    }
    if (end == text.size()) break;
    out += ' ';
    start = end + 1;
  }
  return out;
}

std::string html_breakable(const std::string& value) {
  return html_breakable(std::string_view(value));
}
std::string html_breakable(const std::optional<std::string>& value) {
  return html_breakable(std::string_view(value ? *value : std::string()));
}

// Whether every item of one evidence list is in another: a finding whose
// evidence is the device's identification needs no table of its own.
bool evidence_within(const std::string& part_json, const std::string& whole_json) {
  const json part = json::parse(part_json, nullptr, false);
  const json whole = json::parse(whole_json, nullptr, false);
  if (part.is_discarded() || whole.is_discarded() || !part.is_array() || !whole.is_array())
    return false;
  return std::all_of(part.begin(), part.end(), [&](const json& item) {
    return std::find(whole.begin(), whole.end(), item) != whole.end();
  });
}

// Evidence (a JSON array of {field, value, source, observed, rule}) as a table.
std::string evidence_table(const std::string& evidence_json) {
  const json evidence = json::parse(evidence_json, nullptr, false);
  if (evidence.is_discarded() || !evidence.is_array() || evidence.empty()) return {};
  const auto text = [](const json& item, const char* key) {
    const auto found = item.find(key);
    if (found == item.end() || found->is_null()) return std::string();
    return found->is_string() ? found->get<std::string>() : found->dump();
  };
  std::string out =
      "<table class=\"evidence\"><tr><th>field</th><th>value</th><th>read from</th>"
      "<th>what the device said</th><th>rule</th></tr>";
  for (const auto& item : evidence) {
    if (!item.is_object()) continue;
    out += "<tr><td class=\"nowrap\">" + html_breakable(text(item, "field")) + "</td><td>" +
           html_breakable(text(item, "value")) + "</td><td>" +
           html_breakable(text(item, "source")) + "</td><td>" +
           html_breakable(text(item, "observed")) + "</td><td>" +
           html_breakable(text(item, "rule")) + "</td></tr>";
  }
  return out + "</table>";
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
h3{font-size:1em;margin:1.2em 0 .3em}
.figures{display:flex;flex-wrap:wrap;gap:.8em}.figure{border:1px solid #d6dbe0;border-radius:6px;padding:.5em .9em;min-width:8em}
.figure b{display:block;font-size:1.6em}.charts{display:flex;flex-wrap:wrap;gap:2em}
svg .label,svg .value{font-size:12px;fill:#1d232a}svg .bar{fill:#5b7083}
svg .sev-critical{fill:#8e1b1b}svg .sev-high{fill:#c2410c}svg .sev-medium{fill:#b58100}svg .sev-low{fill:#2f6f9f}svg .sev-info{fill:#7b8794}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e4e7eb;padding:3px 6px;text-align:left;vertical-align:top;word-break:normal;overflow-wrap:normal;hyphens:none}
th{background:#f1f3f5;white-space:nowrap}#devices th{cursor:pointer;user-select:none;position:sticky;top:0}
.nowrap{white-space:nowrap}tr.device:hover{background:#f6f8fa;cursor:pointer}
.risk-critical{color:#8e1b1b;font-weight:bold}.risk-high{color:#c2410c;font-weight:bold}.risk-medium{color:#b58100}
.controls{display:flex;flex-wrap:wrap;gap:.6em;margin:.5em 0}.controls input,.controls select{font:inherit;padding:2px 4px}
pre{white-space:pre-wrap;background:#f6f8fa;padding:.5em;border-radius:4px}
table.evidence{font-size:12px;background:#f8f9fa;margin:2px 0 6px}table.evidence th{background:#eceff2}
tr.evidence>td{border-bottom:1px solid #e4e7eb;padding-left:2em}
.device-findings{break-inside:auto}.device-findings h3{break-after:avoid}
.muted{color:#66707a}.triaged{color:#2f6f4f}
@media print{body{margin:0;font-size:11px}.controls{display:none}#devices th{position:static}
 tr{break-inside:avoid}thead{display:table-header-group}a{color:inherit;text-decoration:none}}
)css";

constexpr const char* script = R"js(
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("kensa-data").textContent);
  const severityRank = {critical: 5, high: 4, medium: 3, low: 2, info: 1};
  const state = {sort: "id", descending: false, text: "", risk: "", page: 0};
  const pageSize = 500;
  const body = document.getElementById("device-rows");
  const shown = document.getElementById("rows-shown");
  // A cell whose hyphenated words never break at their hyphens.
  function cell(row, text, className) {
    const td = document.createElement("td");
    const words = (text === null || text === undefined ? "" : String(text)).split(" ");
    words.forEach((word, i) => {
      if (i > 0) td.appendChild(document.createTextNode(" "));
      if (word.includes("-") && word.length <= 24) {
        const span = document.createElement("span");
        span.className = "nowrap";
        span.textContent = word;
        td.appendChild(span);
      } else {
        td.appendChild(document.createTextNode(word));
      }
    });
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
      cell(row, device.id, "nowrap"); cell(row, device.name); cell(row, device.address, "nowrap");
      cell(row, device.vendor); cell(row, device.model); cell(row, device.firmware);
      cell(row, device.serial, "nowrap");
      cell(row, device.risk, device.risk ? "nowrap risk-" + device.risk : "nowrap");
      cell(row, device.findings, "nowrap"); cell(row, device.screening, "nowrap");
      cell(row, device.neighbour ? "yes" : "", "nowrap");
      row.addEventListener("click", () => {
        const target = document.getElementById("device-" + device.id);
        if (target) target.scrollIntoView({block: "start"});
      });
      body.appendChild(row);
    }
    shown.textContent = "Showing " + Math.min(kept.length, pageSize) + " of " + kept.length +
      " matching devices (" + data.devices.length + " in all), page " + (state.page + 1) + " of " + pages;
    document.getElementById("page-previous").disabled = state.page === 0;
    document.getElementById("page-next").disabled = state.page >= pages - 1;
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

// One row of the action list.
struct Action {
  int order = 0;  // the category's place in the list
  std::string what;
  std::int64_t device_id = 0;
  std::optional<std::string> name, address, vendor, model;
  std::string why;
  bool observed = true;  // the device has a section of findings in this report
};

void add_action(std::vector<Action>& actions, int order, std::string what,
                const riskdb::ExportDevice& device, std::string why) {
  actions.push_back({order, std::move(what), device.device_id, device.sys_name, device.address,
                     device.vendor, device.model, std::move(why)});
}

std::string joined(const std::vector<std::string>& values) {
  std::string text;
  for (const auto& value : values) text += (text.empty() ? "" : ", ") + value;
  return text;
}

// The findings of one device, most severe first, as a table with a row of
// evidence beneath each finding that has its own.
void write_device_findings(std::ostream& out, const ExportRequest& request,
                           const riskdb::ExportDevice& device,
                           const std::vector<riskdb::ExportFinding>& shared) {
  struct Row {
    const riskdb::ExportFinding* finding;
    bool own;
  };
  std::vector<Row> rows;
  for (const auto& finding : device.findings) rows.push_back({&finding, true});
  for (const auto& finding : shared) rows.push_back({&finding, false});
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return riskdb::severity_named(a.finding->severity).value_or(riskdb::Severity::info) >
           riskdb::severity_named(b.finding->severity).value_or(riskdb::Severity::info);
  });
  std::string title = "Device " + std::to_string(device.device_id);
  for (const auto& part : {device.vendor, device.model, device.sys_name, device.address})
    if (part) title += " " + *part;
  out << "<section class=\"device-findings\" id=\"device-" << device.device_id << "\"><h3>"
      << html_breakable(title) << "</h3>";
  if (rows.empty()) {
    out << "<p class=\"muted\">No findings.</p>";
  } else {
    out << "<table class=\"findings\"><thead><tr><th>severity</th><th>kind</th><th>reference</th>"
           "<th>reason</th><th>triage</th></tr></thead><tbody>";
    for (const Row& row : rows) {
      const riskdb::ExportFinding& finding = *row.finding;
      const riskdb::TriageDecision* decision =
          request.triage.find(device.identity_kind, device.identity_key, finding.kind,
                              finding.reference, finding.module_index);
      out << "<tr><td class=\"nowrap risk-" << html(finding.severity) << "\">"
          << html(finding.severity) << "</td><td class=\"nowrap\">" << html(finding.kind)
          << (finding.module_index ? "<br>module " + std::to_string(*finding.module_index) : "")
          << "</td><td class=\"reference\">" << html_breakable(finding.reference) << "</td><td>"
          << html_breakable(finding.reason) << "</td><td>";
      if (decision != nullptr)
        out << "<span class=\"triaged\">" << html_breakable(decision->state)
            << (decision->justification ? " (" + html_breakable(*decision->justification) + ")"
                                        : "")
            << "</span><br>" << html_breakable(decision->reason) << "<br><span class=\"muted\">"
            << html_breakable(decision->decided_by) << ", " << html_breakable(decision->decided_at)
            << "</span>";
      else
        out << "<span class=\"muted\">untriaged</span>";
      out << "</td></tr>";
      if (row.own && !evidence_within(finding.evidence_json, device.evidence_json)) {
        const std::string evidence = evidence_table(finding.evidence_json);
        if (!evidence.empty())
          out << "<tr class=\"evidence\"><td colspan=\"5\">" << evidence << "</td></tr>";
      }
    }
    out << "</tbody></table>";
    out << "<p class=\"muted\">Findings without evidence of their own rest on the "
           "identification below.</p>";
  }
  const std::string identification = evidence_table(device.evidence_json);
  if (!identification.empty()) out << "<h4>How it was identified</h4>" << identification;
  out << "</section>\n";
}

}  // namespace

void write_html_export(const ExportRequest& request, std::ostream& out) {
  const auto& sweep = request.context.sweep;
  const ProfileSummaries summaries = load_profile_summaries(request);
  const bool has_previous =
      riskdb::previous_complete_sweep(*request.database, sweep.id).has_value();
  // First pass: the figures, the action list and the device table's data;
  // the findings are written in a second pass, so that no more than one
  // device's are held.
  std::string device_data;
  std::size_t device_count = 0;
  std::map<std::string, std::size_t> by_severity, by_vendor;
  std::size_t identified = 0, neighbours = 0, total_findings = 0;
  std::set<std::int64_t> used_profiles;
  std::vector<Action> actions;
  riskdb::visit_export_devices(
      *request.database, sweep.id, request.filter, [&](const riskdb::ExportDevice& device) {
        for (const auto& finding : device.findings) ++by_severity[finding.severity];
        std::size_t count = device.findings.size();
        const auto summary =
            device.profile_id ? summaries.find(*device.profile_id) : summaries.end();
        if (summary != summaries.end()) {
          for (const auto& [severity, n] : summary->second.by_severity) by_severity[severity] += n;
          count += summary->second.total;
          used_profiles.insert(*device.profile_id);
          if (!summary->second.known_exploited.empty()) {
            std::vector<std::string> ids;
            for (const auto& id : summary->second.known_exploited) {
              const auto* decision = request.triage.find(device.identity_kind, device.identity_key,
                                                         "known_exploited", id, std::nullopt);
              ids.push_back(id + (decision ? " (" + decision->state + ")" : ""));
            }
            add_action(actions, 0, "known-exploited vulnerability", device, joined(ids));
          }
        }
        for (const auto& finding : device.findings) {
          const std::string module =
              finding.module_index ? "module " + std::to_string(*finding.module_index) + ": " : "";
          if (finding.kind == "restricted_vendor")
            add_action(actions, 1, "on a restriction list", device, module + finding.reference);
          else if (finding.kind == "rejected" || finding.kind == "drifted")
            add_action(actions, 2, finding.kind + " in the screening register", device,
                       module + finding.reason);
        }
        if (has_previous && device.first_sweep_id == sweep.id)
          add_action(actions, 3, "new since the previous sweep", device,
                     "first seen " + device.first_seen_at);
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
            .end_object();
        device_data += ',';
        ++device_count;
      });
  if (!device_data.empty()) device_data.pop_back();  // the last comma
  for (const auto& gone : request.context.not_rechecked) {
    riskdb::ExportDevice device;
    device.device_id = gone.device_id;
    device.sys_name = gone.sys_name;
    device.address = gone.address;
    device.vendor = gone.vendor;
    device.model = gone.model;
    add_action(actions, 4, "not re-checked by this sweep", device,
               "last checked in sweep " + std::to_string(gone.last_checked_sweep) + " at " +
                   gone.last_checked_at +
                   (gone.outcome_here ? "; here: " + *gone.outcome_here : ""));
    actions.back().observed = false;
  }
  std::stable_sort(actions.begin(), actions.end(),
                   [](const Action& a, const Action& b) { return a.order < b.order; });
  std::map<std::int64_t, std::vector<riskdb::ExportFinding>> profile_findings;
  riskdb::visit_export_profiles(*request.database, sweep.id,
                                [&](const riskdb::ExportProfile& profile) {
                                  if (used_profiles.contains(profile.id))
                                    profile_findings[profile.id] = profile.findings;
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
      << "<h1>" << html_breakable(title) << "</h1>\n<p class=\"muted\">Sweep " << sweep.id << ", "
      << html_breakable(sweep.status) << ", started " << html_breakable(sweep.started_at)
      << ", finished " << html_breakable(sweep.finished_at.value_or("-")) << ", judged "
      << html_breakable(sweep.judged_at.value_or("-")) << ". Written by kensa " << kensa_version
      << ".</p>\n";
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
  out << "<h2>Action list</h2>";
  if (actions.empty()) {
    out << "<p id=\"actions-none\">Nothing needs attention first: no known-exploited "
           "vulnerability, restriction, rejected or drifted screening, new device or device "
           "left unchecked.</p>\n";
  } else {
    out << "<table id=\"actions\"><thead><tr><th>what</th><th>device</th><th>name</th>"
           "<th>address</th><th>vendor and model</th><th>why</th></tr></thead><tbody>";
    for (const Action& action : actions)
      out << "<tr><td>" << html_breakable(action.what) << "</td><td class=\"nowrap\">"
          << (action.observed ? "<a href=\"#device-" + std::to_string(action.device_id) + "\">" +
                                    std::to_string(action.device_id) + "</a>"
                              : std::to_string(action.device_id))
          << "</td><td>" << html_breakable(action.name.value_or("")) << "</td><td class=\"nowrap\">"
          << html_breakable(action.address) << "</td><td>"
          << html_breakable(action.vendor.value_or("") + " " + action.model.value_or(""))
          << "</td><td>" << html_breakable(action.why) << "</td></tr>";
    out << "</tbody></table>\n";
  }
  if (!has_previous)
    out << "<p class=\"muted\">No earlier complete sweep: no device is listed as new.</p>\n";
  out << "<h2>Devices</h2><div class=\"controls\"><input id=\"filter-text\" type=\"search\" "
         "placeholder=\"Filter: name, vendor, model, firmware, serial, address\" size=\"50\">"
      << "<select id=\"filter-risk\"><option value=\"\">any risk</option>";
  for (const char* severity : severities)
    out << "<option value=\"" << severity << "\">" << severity << " or worse</option>";
  out << "</select><button id=\"page-previous\">previous</button><button id=\"page-next\">next"
         "</button><span id=\"rows-shown\"></span></div>\n<table id=\"devices\"><thead><tr>";
  for (const auto& [column, label] :
       std::vector<std::pair<const char*, const char*>>{{"id", "id"},
                                                        {"name", "name"},
                                                        {"address", "address"},
                                                        {"vendor", "vendor"},
                                                        {"model", "model"},
                                                        {"firmware", "firmware"},
                                                        {"serial", "serial"},
                                                        {"risk", "risk"},
                                                        {"findings", "findings"},
                                                        {"screening", "screening"},
                                                        {"neighbour", "neighbour only"}})
    out << "<th data-column=\"" << column << "\">" << label << "</th>";
  out << "</tr></thead><tbody id=\"device-rows\"></tbody></table>\n"
      << "<p class=\"muted\">Click a device for its findings below.</p>\n";
  out << "<h2>Findings by device</h2>\n";
  const std::vector<riskdb::ExportFinding> none;
  riskdb::visit_export_devices(
      *request.database, sweep.id, request.filter, [&](const riskdb::ExportDevice& device) {
        const auto shared =
            device.profile_id ? profile_findings.find(*device.profile_id) : profile_findings.end();
        write_device_findings(out, request, device,
                              shared == profile_findings.end() ? none : shared->second);
      });
  // What the sweep did not cover, in the page itself: printed, it is there.
  const auto coverage = coverage_rows(request.context);
  out << "<h2>Coverage</h2><p>" << request.context.targets.size() << " target(s), "
      << request.context.not_rechecked.size() << " known device(s) not re-checked by this sweep, "
      << request.context.datasets_missing.size()
      << " judging dataset(s) not loaded.</p><table id=\"coverage\"><tr>";
  for (const std::string& column : coverage_columns())
    out << "<th>" << html_breakable(column) << "</th>";
  out << "</tr>";
  for (const auto& values : coverage) {
    out << "<tr>";
    for (const auto& value : values) out << "<td>" << html_breakable(value) << "</td>";
    out << "</tr>";
  }
  out << "</table>\n";
  out << "<h2>Datasets used</h2><table id=\"datasets\"><tr><th>kind</th><th>version</th>"
         "<th>source</th><th>sha256</th><th>loaded</th><th>rows</th></tr>";
  for (const auto& dataset : request.context.datasets)
    out << "<tr><td>" << html_breakable(dataset.kind) << "</td><td>"
        << html_breakable(dataset.version) << "</td><td>" << html_breakable(dataset.source)
        << "</td><td><code>" << html_breakable(dataset.sha256) << "</code></td><td>"
        << html_breakable(dataset.loaded_at) << "</td><td>" << dataset.row_count << "</td></tr>";
  out << "</table>\n<h2>Sweep</h2><pre id=\"sweep-parameters\">"
      << html_breakable("targets: " + sweep.targets) << "\n"
      << html_breakable("parameters: " + sweep.parameters) << "\n"
      << html_breakable("counters: " + sweep.counters) << "\n"
      << html_breakable("policy sha256: " + sweep.policy_sha256.value_or("-")) << "\n"
      << html_breakable("filter: " + request.filter_json.dump()) << "</pre>\n";
  out << "<script type=\"application/json\" id=\"kensa-data\">"
      << "{\"devices\":[" << device_data << "]}"
      << "</script>\n<script>" << script << "</script>\n</body></html>\n";
  out.flush();
  if (!out) throw std::runtime_error("cannot write the HTML report");
}

}  // namespace kensa::cli
