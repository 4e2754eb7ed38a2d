// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/report_html_checkup.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <vector>

#include "cmd/report_html.h"
#include "cmd/rule.h"
#include "cmd/report_text.h"
#include "lib/i18n.h"

namespace move {

namespace json = boost::json;
using namespace report_format;

namespace {

std::string text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return "";
  return json::serialize(v);
}

std::string esc(const json::value& v) { return html_escape(text(v)); }

const json::array* array_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_array() ? &v->as_array() : nullptr;
}

}  // namespace

std::string summary_html(const json::object& reply) {
  const json::value* summary = reply.if_contains("summary");
  if (!summary || !summary->is_object()) return "";
  std::string h = "<section class=\"summary\">\n<h2>" + html_escape(_("Summary")) + "</h2>\n<ul class=\"summary\">\n";
  for (const json::value& line : summary->at("lines").as_array()) h += "<li>" + esc(line) + "</li>\n";
  return h + "</ul>\n</section>\n";
}

std::string health_html(const json::object& reply) {
  const json::array* flares = array_of(reply, "flares");
  const json::array* scores = array_of(reply, "scores");
  if ((!flares || flares->empty()) && (!scores || scores->empty())) return "";
  std::string h = "<section class=\"health\">\n";
  if (flares && !flares->empty()) {
    h += "<h2>" + html_escape(_("Flares")) + "</h2>\n<ul class=\"flares\">\n";
    for (const json::value& f : *flares) {
      h += "<li data-monday=\"" + esc(f.at("monday")) + "\">" + html_escape(short_time(text(f.at("at")))) + ": " +
           (f.at("limiting") == true ? "<strong>" + html_escape(_("limited activity")) + "</strong>"
                                     : html_escape(_("did not limit activity")));
      if (f.at("care") == true) h += html_escape(_(", care sought"));
      if (f.at("note").is_string()) h += " — " + esc(f.at("note"));
      h += "</li>\n";
    }
    h += "</ul>\n";
  }
  if (scores && !scores->empty()) {
    h += "<h2>" + html_escape(_("Function scores")) + "</h2>\n<table class=\"scores\">\n<thead><tr><th>" +
         html_escape(_("Scale")) + "</th><th>" + html_escape(_("Scores")) + "</th><th>" + html_escape(_("Change")) +
         "</th></tr></thead>\n<tbody>\n";
    for (const json::value& s : *scores) {
      std::string points;
      for (const json::value& p : s.at("points").as_array())
        points += (points.empty() ? "" : ", ") + html_escape(day_month(text(p.at("at")).substr(0, 10))) + ": " +
                  text(p.at("score"));
      std::string change = "–";
      if (s.at("change").is_int64())
        change = text(s.at("change")) + (s.at("within_mdc") == true
                                             ? strprintf(_(" (smaller than the minimal detectable change, %s points)"),
                                                         text(s.at("mdc")).c_str())
                                             : std::string());
      h += "<tr><td>" + esc(s.at("title")) + " (0–" + text(s.at("max")) + ")</td><td>" + points + "</td><td>" +
           html_escape(change) + "</td></tr>\n";
    }
    h += "</tbody>\n</table>\n";
  }
  return h + "</section>\n";
}

std::string prescriptions_html(const json::object& reply, std::string_view id) {
  const json::array* list = array_of(reply, "prescriptions");
  if (!list) return "";
  std::string h;
  for (const json::value& p : *list) {
    if (!p.is_object() || text(p.at("routine")) != id) continue;
    h += "<p class=\"prescription\">" +
         html_escape(strprintf(_("Prescription changed %s"), long_date(text(p.at("at"))).c_str())) + ": " +
         html_escape(prescription_words(p.as_object(), "from_rule", "from")) + " → " +
         html_escape(prescription_words(p.as_object(), "to_rule", "to")) + "</p>\n";
  }
  return h;
}

std::string flare_mark(const json::object& week) {
  const json::value* n = week.if_contains("flares");
  if (!n || !n->is_int64() || n->as_int64() == 0) return "";
  const bool limiting = week.at("limiting_flares").as_int64() > 0;
  return std::string(" <span class=\"flare") + (limiting ? " limiting" : "") + "\" title=\"" +
         html_escape(limiting ? _("activity-limiting flare") : _("flare")) + "\">⚑</span>";
}

}  // namespace move

namespace move {

namespace {

std::string n1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

double number_of(const json::value& v) { return v.is_number() ? v.to_number<double>() : 0; }

}  // namespace

std::string checkup_chart_html(const json::object& reply) {
  const json::array& weeks = reply.at("weeks").as_array();
  const json::array& routines = reply.at("routines").as_array();
  const std::size_t n = weeks.size();
  if (n == 0) return "";
  std::vector<double> minutes(n, 0);
  for (const json::value& r : routines) {
    const json::array& rw = r.at("weeks").as_array();
    for (std::size_t i = 0; i < n && i < rw.size(); ++i) minutes[i] += number_of(rw[i].at("minutes"));
  }
  const double most = *std::max_element(minutes.begin(), minutes.end());
  double step = 1;
  for (double m = 1; step * 4 < most; m *= 10)
    for (double f : {1.0, 2.0, 5.0})
      if (step * 4 < most) step = f * m;
  const double W = 680, H = 230, x0 = 44, x1 = W - 34, y0 = 12, y1 = 190, ph = y1 - y0;
  const double slot = (x1 - x0) / static_cast<double>(n);
  std::string s = "<section class=\"chart\">\n<h2>" + html_escape(_("Weekly minutes of activity and weekly pain")) +
                  "</h2>\n<figure>";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 680 230\" role=\"img\" aria-label=\"minutes of all "
       "routines per week, bars, and the average pain rating per week, a line\">";
  s += "<style>text{font-family:\"DejaVu Sans\",\"Noto Sans\",Arial,sans-serif;fill:#1b1b1b;font-size:10px}"
       ".r{text-anchor:end}.m{text-anchor:middle}.grid{stroke:#e2e2e2}.flare{fill:#fde3e0}"
       ".flare.limiting{fill:#f8c4bd}.bar{fill:#1f4e8c}.pain{fill:none;stroke:#c0392b;stroke-width:2}"
       ".dot{fill:#c0392b}</style>";
  for (std::size_t i = 0; i < n; ++i) {
    const json::object& w = weeks[i].as_object();
    const json::value* f = w.if_contains("flares");
    if (!f || number_of(*f) <= 0) continue;
    const bool limiting = number_of(w.at("limiting_flares")) > 0;
    s += "<rect class=\"flare" + std::string(limiting ? " limiting" : "") + "\" x=\"" +
         n1(x0 + slot * static_cast<double>(i)) + "\" y=\"" + n1(y0) + "\" width=\"" + n1(slot) + "\" height=\"" +
         n1(ph) + "\"><title>" + html_escape(text(w.at("monday"))) +
         html_escape(limiting ? _(": an activity-limiting flare") : _(": a flare")) + "</title></rect>";
  }
  for (int t = 0; t <= 4; ++t) {
    const double y = y1 - ph * t / 4;
    s += "<line class=\"grid\" x1=\"" + n1(x0) + "\" x2=\"" + n1(x1) + "\" y1=\"" + n1(y) + "\" y2=\"" + n1(y) + "\"/>";
    s += "<text class=\"r\" x=\"" + n1(x0 - 5) + "\" y=\"" + n1(y + 3.5) + "\">" +
         std::to_string(std::lround(step * t)) + "</text>";
  }
  for (int t = 0; t <= 10; t += 2)
    s += "<text x=\"" + n1(x1 + 5) + "\" y=\"" + n1(y1 - ph * t / 10 + 3.5) + "\">" + std::to_string(t) + "</text>";
  const double bar = std::min(24.0, slot * 0.6);
  std::string line;
  for (std::size_t i = 0; i < n; ++i) {
    const double cx = x0 + slot * (static_cast<double>(i) + 0.5);
    const double h = minutes[i] / (step * 4) * ph;
    const std::string monday = text(weeks[i].at("monday"));
    if (h > 0)
      s += "<rect class=\"bar\" x=\"" + n1(cx - bar / 2) + "\" y=\"" + n1(y1 - h) + "\" width=\"" + n1(bar) +
           "\" height=\"" + n1(h) + "\"><title>" + html_escape(monday) + ": " +
           std::to_string(std::lround(minutes[i])) + " min</title></rect>";
    const json::value& pain = weeks[i].at("pain_avg");
    if (pain.is_number()) {
      const double y = y1 - number_of(pain) / 10 * ph;
      line += (line.empty() ? "M" : " L") + n1(cx) + " " + n1(y);
      s += "<circle class=\"dot\" cx=\"" + n1(cx) + "\" cy=\"" + n1(y) + "\" r=\"3\"><title>" + html_escape(monday) +
           ": pain " + n1(number_of(pain)) + "</title></circle>";
    }
  }
  if (!line.empty()) s += "<path class=\"pain\" d=\"" + line + "\"/>";
  const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(34 / slot)));
  for (std::size_t i = 0; i < n; i += every)
    s += "<text class=\"m\" x=\"" + n1(x0 + slot * (static_cast<double>(i) + 0.5)) + "\" y=\"" + n1(y1 + 14) + "\">" +
         html_escape(week_number(text(weeks[i].at("monday")))) + "</text>";
  s += "<rect x=\"" + n1(x0) + "\" y=\"" + n1(y0) + "\" width=\"" + n1(x1 - x0) + "\" height=\"" + n1(ph) +
       "\" fill=\"none\" stroke=\"#1b1b1b\"/>";
  s +=
      "<text x=\"" + n1(x0) + "\" y=\"" + n1(H - 8) + "\">" +
      html_escape(_("Bars: minutes of all routines (left). Red line: average pain, 0–10 (right). Shaded: a week with a "
                    "flare (darker: it limited activity).")) +
      "</text>";
  (void)W;
  return s + "</svg></figure>\n</section>\n";
}

}  // namespace move
