// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/report_html_checkup.h"

#include <boost/json.hpp>

#include "cmd/report_html.h"
#include "cmd/report_text.h"

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
  std::string h = "<section class=\"summary\">\n<h2>Summary</h2>\n<ul class=\"summary\">\n";
  for (const json::value& line : summary->at("lines").as_array()) h += "<li>" + esc(line) + "</li>\n";
  return h + "</ul>\n</section>\n";
}

std::string health_html(const json::object& reply) {
  const json::array* flares = array_of(reply, "flares");
  const json::array* scores = array_of(reply, "scores");
  if ((!flares || flares->empty()) && (!scores || scores->empty())) return "";
  std::string h = "<section class=\"health\">\n";
  if (flares && !flares->empty()) {
    h += "<h2>Flares</h2>\n<ul class=\"flares\">\n";
    for (const json::value& f : *flares) {
      h += "<li data-monday=\"" + esc(f.at("monday")) + "\">" + html_escape(short_time(text(f.at("at")))) + ": " +
           (f.at("limiting") == true ? "<strong>limited activity</strong>" : std::string("did not limit activity"));
      if (f.at("care") == true) h += ", care sought";
      if (f.at("note").is_string()) h += " — " + esc(f.at("note"));
      h += "</li>\n";
    }
    h += "</ul>\n";
  }
  if (scores && !scores->empty()) {
    h += "<h2>Function scores</h2>\n<table class=\"scores\">\n<thead><tr><th>Scale</th><th>Scores</th>"
         "<th>Change</th></tr></thead>\n<tbody>\n";
    for (const json::value& s : *scores) {
      std::string points;
      for (const json::value& p : s.at("points").as_array())
        points += (points.empty() ? "" : ", ") + html_escape(day_month(text(p.at("at")).substr(0, 10))) + ": " +
                  text(p.at("score"));
      std::string change = "–";
      if (s.at("change").is_int64())
        change = text(s.at("change")) + (s.at("within_mdc") == true ? " (smaller than the minimal detectable change, " +
                                                                          text(s.at("mdc")) + " points)"
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
    h += "<p class=\"prescription\">Prescription changed " + html_escape(long_date(text(p.at("at")))) + ": " +
         esc(p.at("from")) + " → " + esc(p.at("to")) + "</p>\n";
  }
  return h;
}

std::string flare_mark(const json::object& week) {
  const json::value* n = week.if_contains("flares");
  if (!n || !n->is_int64() || n->as_int64() == 0) return "";
  const bool limiting = week.at("limiting_flares").as_int64() > 0;
  return std::string(" <span class=\"flare") + (limiting ? " limiting" : "") + "\" title=\"" +
         (limiting ? "activity-limiting flare" : "flare") + "\">⚑</span>";
}

}  // namespace move
