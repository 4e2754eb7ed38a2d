// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/views.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <ostream>

#include "cmd/format.h"
#include "cmd/table.h"
#include "lib/prescription.h"
#include "lib/duration.h"
#include "lib/json_text.h"
#include "lib/local_time.h"

namespace move {

namespace json = boost::json;

namespace {

// "2026-11-26 07:00" from the ISO text the daemon sends; "-" for null.
std::string when(const json::value& v) {
  if (!v.is_string()) return "-";
  auto t = parse_datetime(v.as_string());
  return t ? format_local(*t) : std::string(v.as_string());
}

// CSV field, quoted when it must be (RFC 4180).
std::string csv(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A prescription record for people: what it prescribes, or that the
// routine left the plan.
std::string prescription_text(const json::object& e) {
  const json::value* text = e.if_contains("prescription");
  if (!text || !text->is_string()) return "left the plan";
  try {
    return describe_with_stages(parse_prescription(text->as_string()));
  } catch (const PlanError& err) {
    return std::string("(unreadable: ") + err.what() + ")";
  }
}

}  // namespace

void print_status(const json::object& reply, std::ostream& out) {
  Table t({"ID", "STATE", "NEXT", "LAST DONE", "7 DAYS", "28 DAYS", "STREAK", "MIN/7D"});
  for (const json::value& rv : reply.at("routines").as_array()) {
    const json::object& r = rv.as_object();
    std::string minutes = str(r.at("minutes_7d"));
    if (r.at("target_minutes_7d").is_object()) {
      const json::value& band = r.at("target_minutes_7d");
      minutes += " of " + band_text(band);
    }
    t.add({str(r.at("id")), str(r.at("state")), when(r.at("next_due")), when(r.at("last_done")),
           fraction(r.at("done_7d"), r.at("expected_7d")) + " " + percent(r.at("adherence_7d")),
           fraction(r.at("done_28d"), r.at("expected_28d")) + " " + percent(r.at("adherence_28d")), str(r.at("streak")),
           minutes});
  }
  t.print(out);
  if (reply.contains("pain_7d") && reply.at("pain_7d").is_number()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "pain, last 7 days: %.1f/10\n", reply.at("pain_7d").to_number<double>());
    out << buf;
  }
  if (const json::value* days = reply.if_contains("days_since_limiting_flare"); days && days->is_int64()) {
    const std::int64_t n = days->as_int64();
    out << "last activity-limiting flare: "
        << (n == 0   ? std::string("today")
            : n == 1 ? std::string("yesterday")
                     : std::to_string(n) + " days ago")
        << "\n";
  }
  if (const json::value* recording = reply.if_contains("recording"); recording && *recording == false)
    out << "NOTHING CAN BE RECORDED: " << str(reply.at("recording_error")) << "\n";
  if (reply.contains("plan_error") && reply.at("plan_error").is_string())
    out << "the plan file was refused, the previous plan runs: " << str(reply.at("plan_error")) << "\n";
  // Desk time of `active` routines: how long since the last break.
  for (const json::value& rv : reply.at("routines").as_array()) {
    const json::object& r = rv.as_object();
    if (r.contains("active_s") && r.at("active_s").is_int64())
      out << str(r.at("id")) << ": " << format_duration(Seconds{r.at("active_s").as_int64() / 60 * 60})
          << " at the desk since the last break\n";
  }
  // Routines that build up in stages: where they are.
  for (const json::value& rv : reply.at("routines").as_array()) {
    const json::value* st = rv.as_object().if_contains("stage");
    if (!st || !st->is_object()) continue;
    out << str(rv.at("id")) << ": stage " << str(st->at("number")) << " of " << str(st->at("of")) << " since "
        << str(st->at("since")) << " (" << str(rv.at("schedule")) << ")"
        << (st->at("next").is_string() ? ", next stage " + str(st->at("next")) : std::string(", the last stage"))
        << "\n";
  }
  if (reply.contains("quiet_until") && reply.at("quiet_until").is_string())
    out << "quiet hours (" << str(reply.at("quiet_hours")) << ") until " << when(reply.at("quiet_until"))
        << ": reminders wait\n";
  if (reply.at("paused").as_bool())
    out << "paused" << (reply.at("paused_until").is_string() ? " until " + when(reply.at("paused_until")) : "")
        << "; `movectl resume` to go on\n";
  // moved's import folder ([settings] import_dir), when there is one.
  if (const json::value* iv = reply.if_contains("import"); iv && iv->is_object() && iv->at("folder").is_string()) {
    const json::object& im = iv->as_object();
    out << "import folder " << str(im.at("folder")) << ": ";
    if (!im.at("watching").as_bool())
      out << "not watched (" << (im.at("error").is_string() ? str(im.at("error")) : std::string("?")) << ")";
    else
      out << str(im.at("files")) << " files read, " << str(im.at("recorded")) << " recorded, "
          << str(im.at("duplicates")) << " already recorded, " << str(im.at("unmatched")) << " without a routine, "
          << str(im.at("refused")) << " refused";
    out << "\n";
    if (im.at("last_file").is_object())
      out << "  last imported: " << str(im.at("last_file").at("file")) << " (" << str(im.at("last_file").at("recorded"))
          << " recorded)\n";
    if (im.at("last_refusal").is_object())
      out << "  last refused: " << str(im.at("last_refusal").at("file")) << ": "
          << str(im.at("last_refusal").at("reason")) << "\n";
  }
  // The history shared with other computers ([settings] sync_dir).
  if (const json::value* sv = reply.if_contains("sync"); sv && sv->is_object() && sv->at("dir").is_string()) {
    const json::object& s = sv->as_object();
    out << "sync folder " << str(s.at("dir")) << " as " << str(s.at("host").at("name"));
    if (s.at("error").is_string()) out << ": " << str(s.at("error"));
    out << "\n";
    for (const json::value& h : s.at("hosts").as_array())
      out << "  " << str(h.at("name")) << ": last wrote " << when(h.at("last_wrote")) << ", " << str(h.at("events"))
          << " events recorded here\n";
  }
}

void print_next(const json::object& reply, const std::string& format, std::ostream& out) {
  const json::array& next = reply.at("next").as_array();
  auto label = [](const json::object& n) {
    std::int64_t in = n.at("in_s").to_number<std::int64_t>();
    return str(n.at("id")) + (in <= 0 ? " now" : " in " + format_duration(Seconds{in - in % 60 + (in % 60 ? 60 : 0)}));
  };
  const bool paused = reply.at("paused").as_bool();
  const bool due = reply.contains("due") && reply.at("due").is_array() && !reply.at("due").as_array().empty();
  const std::string paused_line = "paused" + (reply.contains("paused_until") && reply.at("paused_until").is_string()
                                                  ? " until " + when(reply.at("paused_until"))
                                                  : std::string());
  if (format == "plain") {
    // A line per reminder (as many as --count), after one saying so when paused.
    if (paused) out << paused_line << "\n";
    if (next.empty() && !paused) out << "nothing due\n";
    for (const json::value& v : next) out << label(v.as_object()) << "\n";
    return;
  }
  if (format == "waybar") {
    std::string text = next.empty() ? (paused ? "paused" : "nothing due") : label(next.front().as_object());
    if (due && !paused) text = str(reply.at("due").as_array().front()) + " due";
    std::string tooltip;
    for (const json::value& v : next) {
      const json::object& n = v.as_object();
      if (!tooltip.empty()) tooltip += "\n";
      tooltip += when(n.at("at")) + "  " + str(n.at("title"));
    }
    json::object w{{"text", text},
                   {"tooltip", tooltip},
                   {"class", paused ? "paused"
                             : due  ? "due"
                                    : (next.empty() ? "idle" : "waiting")}};
    out << to_json_text(w) << "\n";
    return;
  }
  Table t({"WHEN", "IN", "ID", "TITLE"});
  for (const json::value& v : next) {
    const json::object& n = v.as_object();
    std::int64_t in = n.at("in_s").to_number<std::int64_t>();
    t.add({when(n.at("at")), in <= 0 ? "now" : format_duration(Seconds{in}), str(n.at("id")), str(n.at("title"))});
  }
  t.print(out);
  if (paused) out << paused_line << "; `movectl resume` to go on\n";
}

void print_history(const json::object& reply, const std::string& format, std::ostream& out) {
  const json::array& events = reply.at("events").as_array();
  if (format == "csv") {
    // Every field of the JSON is a column: the known ones in this order
    // (even when no event has them, so the header is stable), then any
    // other in the order first met. A field an event lacks is empty.
    std::vector<std::string> columns{"routine", "kind",    "at",     "minutes",      "note",
                                     "level",   "seconds", "source", "reason",       "limiting",
                                     "care",    "scale",   "score",  "prescription", "host"};
    for (const json::value& v : events)
      for (const auto& field : v.as_object())
        if (std::find(columns.begin(), columns.end(), field.key()) == columns.end()) columns.emplace_back(field.key());
    for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << csv(columns[i]);
    out << '\n';
    for (const json::value& v : events) {
      const json::object& e = v.as_object();
      for (std::size_t i = 0; i < columns.size(); ++i) {
        auto it = e.find(columns[i]);
        out << (i ? "," : "") << (it == e.end() ? std::string() : csv(str(it->value())));
      }
      out << '\n';
    }
    return;
  }
  Table t({"WHEN", "ROUTINE", "KIND", "MINUTES", "NOTE"});
  for (const json::value& v : events) {
    const json::object& e = v.as_object();
    std::string kind = str(e.at("kind"));
    if (kind == "pain" && e.contains("level")) kind += " " + str(e.at("level")) + "/10";
    if (kind == "flare" && e.contains("limiting"))
      kind += std::string(e.at("limiting") == true ? " limiting" : "") + (e.at("care") == true ? " care" : "");
    if (kind == "score" && e.contains("scale")) kind += " " + str(e.at("scale")) + " " + str(e.at("score"));
    if ((kind == "paused" || kind == "snoozed") && e.contains("seconds") && e.at("seconds").is_int64())
      kind += " " + format_duration(Seconds{e.at("seconds").as_int64()});
    std::string note = str(e.at("note"));
    if (kind == "prescription") note = prescription_text(e);
    t.add({when(e.at("at")), str(e.at("routine")), kind, str(e.at("minutes")), note});
  }
  t.print(out);
}

void print_list(const json::object& reply, std::ostream& out) {
  Table t({"ID", "TITLE", "SCHEDULE", "DAYS", "WINDOW", "DOSE", ""});
  for (const json::value& v : reply.at("routines").as_array()) {
    const json::object& r = v.as_object();
    std::string dose;
    if (r.at("duration").is_object()) {
      const json::object& d = r.at("duration").as_object();
      if (d.contains("min_s") && d.at("min_s").is_int64() && d.contains("max_s") && d.at("max_s").is_int64())
        dose = format_dose({Seconds{d.at("min_s").as_int64()}, Seconds{d.at("max_s").as_int64()}});  // "30s"
      else
        dose = str(d.at("min")) + (d.at("min") == d.at("max") ? "" : "-" + str(d.at("max"))) + " min";
    }
    t.add({str(r.at("id")), str(r.at("title")), str(r.at("schedule")), str(r.at("on")),
           r.at("window").is_null() ? "all day" : str(r.at("window")), dose,
           r.at("enabled").as_bool() ? "" : "disabled"});
  }
  t.print(out);
}

}  // namespace move
