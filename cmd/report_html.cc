// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/report_html.h"

#include <fcntl.h>
#include <langinfo.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>
#include <vector>

#include "cmd/format.h"
#include "cmd/report_html_checkup.h"
#include "cmd/rule.h"
#include "cmd/report_text.h"
#include "lib/report_summary.h"
#include "lib/atomic_file.h"
#include "lib/i18n.h"

namespace move {

namespace json = boost::json;
using namespace report_format;

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
          out += ' ';
        else
          out += c;
    }
  }
  return out;
}

namespace {

// Print-friendly: black text, one blue for what was done, a pale green for
// the target band; all distinct in grey too.
constexpr const char* kCss = R"css(
@page { size: A4; margin: 14mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       font-size: 10.5pt; line-height: 1.4; color: #1b1b1b; background: #fff;
       max-width: 184mm; margin: 8mm auto; padding: 0 6mm; }
header { border-bottom: 2px solid #1b1b1b; padding-bottom: 3mm; margin-bottom: 5mm; }
h1 { font-size: 17pt; margin: 0 0 1mm; font-weight: 700; }
h2 { font-size: 12.5pt; margin: 0 0 1mm; }
p { margin: 0 0 2mm; }
.meta { color: #3a3a3a; }
.muted { color: #5a5a5a; }
section { margin: 0 0 7mm; break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; margin: 2mm 0; }
th, td { padding: 1.1mm 1.6mm; border-bottom: 1px solid #cfcfcf; text-align: right; vertical-align: middle; }
th { font-size: 8.5pt; font-weight: 700; border-bottom: 1.5px solid #1b1b1b; white-space: nowrap; }
table.weeks { font-size: 9.5pt; }
th:first-child, td:first-child { text-align: left; white-space: nowrap; }
td.pain { font-weight: 700; background: #f2f2f2; }
td.pain .muted { font-weight: 400; }
td.cal { text-align: left; white-space: nowrap; }
.wk { color: #5a5a5a; font-size: 8.5pt; margin-right: 1.5mm; }
.cal i { display: inline-block; width: 2.8mm; height: 2.8mm; margin-right: 0.6mm; border: 1px solid #9a9a9a;
         vertical-align: -0.4mm; background: #fff; }
.cal i.d1 { background: #8db3e2; border-color: #5f87b8; }
.cal i.d2 { background: #1f4e8c; border-color: #1f4e8c; color: #fff; font-size: 2.2mm; line-height: 2.8mm;
  text-align: center; font-style: normal; vertical-align: middle; }
.cal i.later { border: 1px dashed #d0d0d0; }
ul.skips { margin: 1mm 0 0; padding-left: 5mm; font-size: 9.5pt; }
ul.summary { margin: 1mm 0 0; padding-left: 5mm; }
.flare { color: #c0392b; } .flare.limiting { font-weight: 700; }
figure { margin: 2mm 0; }
svg { display: block; width: 100%; height: auto; }
.key { font-size: 8.5pt; color: #3a3a3a; }
.key i { display: inline-block; width: 3mm; height: 3mm; vertical-align: -0.3mm; margin: 0 1mm 0 3mm; }
footer { border-top: 1px solid #9a9a9a; padding-top: 2mm; font-size: 8.5pt; color: #3a3a3a; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  section { margin-bottom: 4mm; }
  section.overview { break-after: page; }
  section.routine figure svg { height: 38mm; width: auto; }
  table.weeks td, table.weeks th { padding: 0.5mm 1.4mm; }
}
)css";

std::string esc(const json::value& v) { return html_escape(str(v)); }

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// Coordinates with one decimal, no trailing ".0".
std::string num(double v) {
  std::string s = fmt("%.1f", v);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

std::string expected_text(const json::value& v) { return v.is_number() ? count_text(v.to_number<double>()) : "-"; }

/// Axis top and tick step for values up to max: 1, 2 or 5 x 10^n, about 4 ticks.
std::pair<double, double> axis(double max) {
  if (!(max > 0)) return {1, 1};
  const double raw = max / 4;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  step = std::max(step, 1.0);
  return {std::ceil(max / step - 1e-9) * step, step};
}

struct Panel {
  double x, y, w, h;  // the plot area
};

/// Gridlines, y labels and the title of one chart panel.
void frame(std::string& svg, const Panel& p, double top, double step, const std::string& title) {
  svg += "<text x=\"" + num(p.x - 30) + "\" y=\"" + num(p.y - 10) + "\" class=\"t\">" + html_escape(title) + "</text>";
  for (double v = 0; v <= top + 1e-9; v += step) {
    const double y = p.y + p.h - v / top * p.h;
    svg += "<line x1=\"" + num(p.x) + "\" y1=\"" + num(y) + "\" x2=\"" + num(p.x + p.w) + "\" y2=\"" + num(y) +
           "\" class=\"" + (v == 0 ? "base" : "grid") + "\"/>";
    svg += "<text x=\"" + num(p.x - 5) + "\" y=\"" + num(y + 3.5) + "\" class=\"yl\">" + number_text(v) + "</text>";
  }
}

void x_labels(std::string& svg, const Panel& p, const json::array& weeks) {
  const std::size_t n = weeks.size();
  const double slot = p.w / static_cast<double>(n);
  const std::size_t every = std::max<std::size_t>(1, (n + 6) / 7);
  for (std::size_t i = 0; i < n; ++i) {
    if ((n - 1 - i) % every != 0) continue;  // the newest week always labelled
    svg += "<text x=\"" + num(p.x + slot * (static_cast<double>(i) + 0.5)) + "\" y=\"" + num(p.y + p.h + 13) +
           "\" class=\"xl\">" + html_escape(day_month(str(weeks[i].at("monday")))) + "</text>";
  }
}

/// A bar's value above it, or inside its top in white when the bar reaches
/// the top of the panel (above it, it would run into the panel's title).
std::string value_label(double cx, const Panel& p, double h, const std::string& value) {
  const bool inside = p.h - h < 12;
  return std::string("<text class=\"v") + (inside ? " in" : "") + "\" x=\"" + num(cx) + "\" y=\"" +
         num(p.y + p.h - h + (inside ? 10 : -3)) + "\">" + value + "</text>";
}

/// One chart per routine: done per week against the prescribed count, and
/// minutes per week against the target band.
std::string chart(const json::object& r) {
  const json::array& weeks = r.at("weeks").as_array();
  const std::size_t n = std::max<std::size_t>(1, weeks.size());
  const double W = 680, H = 200;
  const Panel left{38, 30, 272, 140}, right{38 + 340, 30, 272, 140};
  const double slot = left.w / static_cast<double>(n);

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(W) + " " + num(H) +
                    "\" role=\"img\" aria-labelledby=\"c-" + esc(r.at("id")) + "\">";
  svg += "<title id=\"c-" + esc(r.at("id")) + "\">" + esc(r.at("title")) +
         ": sessions done per week against the prescribed number, and minutes per week against the target"
         "</title>";
  svg +=
      "<style>text{font-family:\"DejaVu Sans\",\"Noto Sans\",Arial,sans-serif;fill:#1b1b1b}"
      ".t{font-size:12px;font-weight:700}.yl{font-size:10px;text-anchor:end;fill:#4a4a4a}"
      ".xl{font-size:10px;text-anchor:middle;fill:#4a4a4a}.v{font-size:9.5px;text-anchor:middle}.v.in{fill:#fff}"
      ".grid{stroke:#e2e2e2;stroke-width:1}.base{stroke:#1b1b1b;stroke-width:1}"
      ".bar{fill:#1f4e8c}.exp{stroke:#c0392b;stroke-width:2.5;stroke-linecap:round}"
      ".band{fill:#cfe8c8;stroke:#6aa35f;stroke-width:1}</style>";

  // Done against prescribed.
  double top_done = 0;
  for (const json::value& w : weeks) top_done = std::max({top_done, number(w.at("done")), number(w.at("expected"))});
  const auto [top1, step1] = axis(top_done);
  frame(svg, left, top1, step1, _("Sessions per week"));
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    const json::object& w = weeks[i].as_object();
    const double cx = left.x + slot * (static_cast<double>(i) + 0.5);
    const double bw = std::min(34.0, slot * 0.6);
    const double done = number(w.at("done")), exp = number(w.at("expected"));
    const double h = done / top1 * left.h;
    if (done > 0)
      svg +=
          "<rect class=\"bar\" x=\"" + num(cx - bw / 2) + "\" y=\"" + num(left.y + left.h - h) + "\" width=\"" +
          num(bw) + "\" height=\"" + num(h) + "\"><title>" + esc(w.at("monday")) + ": " + str(w.at("done")) + " done" +
          (w.if_contains("imported") && number(w.at("imported")) > 0 ? ", " + str(w.at("imported")) + " from the watch"
                                                                     : std::string()) +
          "</title></rect>";
    if (n <= 16) svg += value_label(cx, left, h, str(w.at("done")));
    if (exp > 0) {
      const double y = left.y + left.h - exp / top1 * left.h;
      const double lw = std::min(46.0, slot * 0.85);
      svg += "<line class=\"exp\" x1=\"" + num(cx - lw / 2) + "\" y1=\"" + num(y) + "\" x2=\"" + num(cx + lw / 2) +
             "\" y2=\"" + num(y) + "\"><title>" + esc(w.at("monday")) + ": " + expected_text(w.at("expected")) +
             " prescribed</title></line>";
    }
  }
  x_labels(svg, left, weeks);

  // Minutes against the band.
  double top_min = 0;
  for (const json::value& w : weeks) {
    top_min = std::max(top_min, number(w.at("minutes")));
    if (w.at("target_minutes").is_object()) top_min = std::max(top_min, number(w.at("target_minutes").at("max")));
  }
  const auto [top2, step2] = axis(top_min);
  frame(svg, right, top2, step2, _("Minutes per week"));
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    const json::object& w = weeks[i].as_object();
    const double cx = right.x + slot * (static_cast<double>(i) + 0.5);
    if (w.at("target_minutes").is_object()) {
      const json::object& b = w.at("target_minutes").as_object();
      const double lo = number(b.at("min")), hi = number(b.at("max"));
      const double bw = std::min(46.0, slot * 0.85);
      double y_hi = right.y + right.h - hi / top2 * right.h, y_lo = right.y + right.h - lo / top2 * right.h;
      if (y_lo - y_hi < 3) {  // one length, not a range: a visible line
        const double mid = (y_hi + y_lo) / 2;
        y_hi = mid - 1.5;
        y_lo = mid + 1.5;
      }
      svg += "<rect class=\"band\" x=\"" + num(cx - bw / 2) + "\" y=\"" + num(y_hi) + "\" width=\"" + num(bw) +
             "\" height=\"" + num(y_lo - y_hi) + "\"><title>" + esc(w.at("monday")) + ": target " +
             html_escape(band_text(w.at("target_minutes"), "–")) + " min</title></rect>";
    }
    const double m = number(w.at("minutes"));
    const double h = m / top2 * right.h;
    const double bw = std::min(22.0, slot * 0.4);
    if (m > 0)
      svg += "<rect class=\"bar\" x=\"" + num(cx - bw / 2) + "\" y=\"" + num(right.y + right.h - h) + "\" width=\"" +
             num(bw) + "\" height=\"" + num(h) + "\"><title>" + esc(w.at("monday")) + ": " + str(w.at("minutes")) +
             " min</title></rect>";
    if (n <= 16) svg += value_label(cx, right, h, str(w.at("minutes")));
  }
  x_labels(svg, right, weeks);
  if (!r.at("dose").is_string())
    svg += "<text x=\"" + num(right.x + right.w / 2) + "\" y=\"" + num(right.y + 14) +
           "\" class=\"xl\">no dose in the plan: no target</text>";
  svg += "</svg>";
  return svg;
}

std::string week_cell(const json::object& week, bool current = false) {
  const std::string monday = str(week.at("monday"));
  return "<span class=\"wk\">" + html_escape(week_number(monday)) + "</span>" + html_escape(week_range(monday)) +
         (current ? " <span class=\"muted\">" + std::string(_("(to date)")) + "</span>" : "");
}

std::string calendar(const json::array& days, long long elapsed) {
  static constexpr nl_item kNames[] = {ABDAY_2, ABDAY_3, ABDAY_4, ABDAY_5, ABDAY_6, ABDAY_7, ABDAY_1};  // LC_TIME
  std::string s;
  for (std::size_t d = 0; d < days.size() && d < 7; ++d) {
    const long long n = days[d].to_number<long long>();
    const bool later = static_cast<long long>(d) >= elapsed;
    const char* cls = later ? "later" : n <= 0 ? "d0" : n == 1 ? "d1" : "d2";
    // How many, not only whether: the count in the box from two on.
    s += std::string("<i class=\"") + cls + "\" title=\"" + nl_langinfo(kNames[d]) +
         (later ? std::string(_(": not yet")) : strprintf(_(": %lld done"), n)) + "\">" +
         (n >= 2 && !later ? std::to_string(n) : "") + "</i>";
  }
  return s;
}

}  // namespace

std::string report_html(const json::object& reply) {
  const json::array& weeks = reply.at("weeks").as_array();
  const json::array& routines = reply.at("routines").as_array();
  const std::string from = str(reply.at("from")), to = str(reply.at("to"));
  const std::string range = long_date(from) + " – " + long_date(to);
  auto elapsed_of = [&](std::size_t i) {
    return i < weeks.size() ? weeks[i].at("days_elapsed").to_number<long long>() : 7;
  };

  std::string h;
  // TRANSLATORS: the language code of the HTML report (lang="de").
  h += "<!DOCTYPE html>\n<html lang=\"" + std::string(_("en")) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + html_escape(_("Activity report")) + " " + html_escape(range) + "</title>\n";
  h += "<style>" + std::string(kCss) + "</style>\n</head>\n<body>\n";

  h += "<header>\n<h1>" + html_escape(_("Activity report")) +
       (reply.contains("name") && reply.at("name").is_string() ? " — " + esc(reply.at("name")) : std::string()) +
       "</h1>\n";
  h += "<p class=\"meta\"><strong>" + html_escape(range) + "</strong> · " +
       strprintf(P_("%zu week, Monday to Sunday", "%zu weeks, Monday to Sunday", weeks.size()), weeks.size()) +
       "</p>\n";
  h += "<p class=\"meta\">" + html_escape(strprintf(_("Generated %s"), long_date(to).c_str())) +
       (to.size() >= 16 ? ", " + html_escape(to.substr(11, 5)) : std::string()) + "</p>\n</header>\n";

  h += summary_html(reply);
  h += checkup_chart_html(reply);

  // Overview: pain beside each routine, one row per week.
  h += "<section class=\"overview\">\n<h2>" + html_escape(_("Pain and activity by week")) + "</h2>\n";
  h += "<p class=\"muted\">" +
       html_escape(_("Pain: the week's average of the self-ratings, 0 (none) to 10. Routines: sessions done / "
                     "prescribed.")) +
       "</p>\n";
  h += "<table class=\"overview\">\n<thead><tr><th>" + html_escape(_("Week")) + "</th><th>" +
       html_escape(_("Pain (0–10)")) + "</th>";
  for (const json::value& rv : routines) h += "<th>" + esc(rv.at("title")) + "</th>";
  h += "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    const json::object& w = weeks[i].as_object();
    const std::string paused = paused_text(w);
    h += "<tr class=\"week\" data-monday=\"" + esc(w.at("monday")) + "\"><td>" + week_cell(w, i + 1 == weeks.size()) +
         flare_mark(w) + (paused.empty() ? "" : "<br><span class=\"muted paused\">" + html_escape(paused) + "</span>") +
         "</td>";
    if (w.at("pain_avg").is_number()) {
      const long long n = w.at("pain_count").to_number<long long>();
      h += "<td class=\"pain\">" + human_decimal(w.at("pain_avg").to_number<double>(), 1) + " <span class=\"muted\">(" +
           strprintf(P_("%lld rating", "%lld ratings", static_cast<unsigned long>(n)), n) + ")</span></td>";
    } else {
      h += "<td class=\"pain\"><span class=\"muted\">" + html_escape(_("no rating")) + "</span></td>";
    }
    for (const json::value& rv : routines) {
      const json::object& rw = rv.at("weeks").as_array().at(i).as_object();
      h += "<td>" + html_escape(fraction(rw.at("done").to_number<long long>(), number(rw.at("expected")))) + "</td>";
    }
    h += "</tr>\n";
  }
  h += "</tbody>\n</table>\n";
  std::string pain_notes;  // what was written beside a rating
  for (const json::value& wv : weeks)
    if (const json::value* notes = wv.as_object().if_contains("pain_notes"); notes && notes->is_array())
      for (const json::value& n : notes->as_array())
        pain_notes += "<li>" +
                      html_escape(strprintf(_("Pain %1$s/10, %2$s"), str(n.at("level")).c_str(),
                                            short_time(str(n.at("at"))).c_str())) +
                      " — " + esc(n.at("note")) + "</li>\n";
  if (!pain_notes.empty()) h += "<ul class=\"skips\">\n" + pain_notes + "</ul>\n";
  h += "</section>\n";
  h += health_html(reply);

  for (const json::value& rv : routines) {
    const json::object& r = rv.as_object();
    h += "<section class=\"routine\" id=\"routine-" + esc(r.at("id")) + "\">\n";
    h += "<h2>" + esc(r.at("title")) + "</h2>\n<p class=\"meta\">" + html_escape(schedule_words(r));
    if (r.at("dose").is_string()) h += " · " + html_escape(strprintf(_("%s a time"), str(r.at("dose")).c_str()));
    if (r.at("target_minutes_week").is_object())
      h += " · " +
           html_escape(strprintf(_("target %s min a week"), band_text(r.at("target_minutes_week"), "–").c_str()));
    if (r.contains("enabled") && r.at("enabled").is_bool() && !r.at("enabled").as_bool())
      h += std::string(" · ") + _("disabled");
    h += "</p>\n" + prescriptions_html(reply, str(r.at("id"))) + "<figure>" + chart(r) +
         "\n<figcaption class=\"key\"><i style=\"background:#1f4e8c\"></i>" + html_escape(_("done")) +
         "<i style=\"background:#c0392b;height:0.7mm;vertical-align:0.6mm\"></i>" + html_escape(_("prescribed")) +
         "<i style=\"background:#cfe8c8;border:1px solid #6aa35f\"></i>" + html_escape(_("target minutes")) +
         "</figcaption></figure>\n";

    h += "<table class=\"weeks\">\n<thead><tr>";
    for (const char* head : {N_("Week"), N_("Done"), N_("Prescribed"), N_("Adherence"), N_("Minutes"), N_("Target"),
                             N_("Mon – Sun"), N_("Skipped")})
      h += "<th>" + html_escape(_(head)) + "</th>";
    h += "</tr></thead>\n<tbody>\n";
    std::string skips_html;
    const json::array& rweeks = r.at("weeks").as_array();
    for (std::size_t i = 0; i < rweeks.size(); ++i) {
      const json::object& w = rweeks[i].as_object();
      const json::array& skips = w.at("skips").as_array();
      h += "<tr class=\"week\" data-monday=\"" + esc(w.at("monday")) + "\"><td>" + week_cell(w) + "</td><td>" +
           str(w.at("done")) +
           (w.if_contains("imported") && number(w.at("imported")) > 0
                ? " <span class=\"muted\">(" +
                      html_escape(strprintf(_("%s from the watch"), str(w.at("imported")).c_str())) + ")</span>"
                : std::string()) +
           "</td><td>" + expected_text(w.at("expected")) + "</td><td>" + percent(w.at("adherence"), "–") + "</td><td>" +
           str(w.at("minutes")) + "</td><td>" + html_escape(band_text(w.at("target_minutes"), "–")) +
           "</td><td class=\"cal\">" + calendar(w.at("days").as_array(), elapsed_of(i)) + "</td><td>" +
           (skips.empty() ? std::string("–") : std::to_string(skips.size())) + "</td></tr>\n";
      for (const json::value& s : skips) {
        skips_html += "<li>" + html_escape(strprintf(_("Skipped %s"), short_time(str(s.at("at"))).c_str()));
        if (const json::value* why = s.as_object().if_contains("reason"); why && why->is_string())
          skips_html += " (" + esc(*why) + ")";
        if (s.at("note").is_string()) skips_html += " — " + esc(s.at("note"));
        skips_html += "</li>\n";
      }
      if (const json::value* notes = w.if_contains("notes"); notes && notes->is_array())
        for (const json::value& n : notes->as_array())
          skips_html += "<li>" + html_escape(strprintf(_("Done %s"), short_time(str(n.at("at"))).c_str())) + " — " +
                        esc(n.at("note")) + "</li>\n";
    }
    h += "</tbody>\n</table>\n";
    if (!skips_html.empty()) h += "<ul class=\"skips\">\n" + skips_html + "</ul>\n";
    h += "</section>\n";
  }

  // TRANSLATORS: HTML; keep the tags as they are.
  h += std::string("<footer>\n<p>") +
       _("<strong>Prescribed</strong>: the sessions the plan asks for in the week, counted from when the "
         "routine was first in use; the current week counts up to the time of the report. "
         "<strong>Adherence</strong>: done / prescribed, at most 100%. <strong>Minutes</strong>: as recorded, "
         "else the shortest prescribed dose. <strong>Target</strong>: prescribed sessions × the dose. Calendar: "
         "<span class=\"cal\"><i class=\"d0\"></i></span>none, <span class=\"cal\"><i class=\"d1\"></i></span>done "
         "once, <span class=\"cal\"><i class=\"d2\">2</i></span>that often.") +
       "</p>\n";
  h += "<p>" + html_escape(_("Recorded with move, a reminder to keep moving: sessions are marked done by the user.")) +
       "</p>\n</footer>\n</body>\n</html>\n";
  return h;
}

bool write_report_html(const json::object& reply, const std::string& file) {
  const std::string page = report_html(reply);
  if (file == "-") {
    std::cout << page << std::flush;
    return static_cast<bool>(std::cout);
  }
  // A temporary file made exclusively (never through a link planted at a
  // guessable name), then renamed over file.
  try {
    write_file_atomically(file, page, 0600);  // health data: for its owner only
  } catch (const std::system_error& e) {
    std::cerr << "movectl: " << e.what() << "\n";
    return false;
  }
  return true;
}

}  // namespace move
