// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/views.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <ostream>

#include "cmd/format.h"
#include "cmd/rule.h"
#include "cmd/table.h"
#include "lib/prescription.h"
#include "lib/duration.h"
#include "lib/i18n.h"
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
  if (!text || !text->is_string()) return _("left the plan");
  try {
    return describe_with_stages(parse_prescription(text->as_string()), std::nullopt, Words::local);
  } catch (const PlanError& err) {
    return strprintf(_("(unreadable: %s)"), err.what());
  }
}

// A routine's state ("waiting", "due", ...) as people read it; the JSON
// keeps the code.
std::string state_text(const std::string& state) {
  if (state == "waiting") return _("waiting");
  if (state == "due") return _("due");
  if (state == "snoozed") return _("snoozed");
  if (state == "disabled") return _("disabled");
  return state;
}

// An event's kind as people read it in the history table; CSV and JSON
// keep the code.
std::string kind_text(const std::string& kind) {
  static constexpr std::pair<const char*, const char*> kKinds[] = {{"done", N_("done")},
                                                                   {"skipped", N_("skipped")},
                                                                   {"snoozed", N_("snoozed")},
                                                                   {"due", N_("due")},
                                                                   {"held", N_("held")},
                                                                   {"paused", N_("paused")},
                                                                   {"resumed", N_("resumed")},
                                                                   {"pain", N_("pain")},
                                                                   {"flare", N_("flare")},
                                                                   {"score", N_("score")},
                                                                   {"prescription", N_("prescription")},
                                                                   {"natural", N_("natural break")}};
  for (auto [code, text] : kKinds)
    if (kind == code) return _(text);
  return kind;
}

}  // namespace

void print_status(const json::object& reply, std::ostream& out) {
  Table t({_("ID"), _("STATE"), _("NEXT"), _("LAST DONE"), _("7 DAYS"), _("28 DAYS"), _("STREAK"), _("MIN/7D")});
  for (const json::value& rv : reply.at("routines").as_array()) {
    const json::object& r = rv.as_object();
    std::string minutes = str(r.at("minutes_7d"));
    if (r.at("target_minutes_7d").is_object()) {
      const json::value& band = r.at("target_minutes_7d");
      minutes = strprintf(_("%1$s of %2$s"), minutes.c_str(), band_text(band).c_str());
    }
    t.add({str(r.at("id")), state_text(str(r.at("state"))), when(r.at("next_due")), when(r.at("last_done")),
           fraction(r.at("done_7d"), r.at("expected_7d")) + " " + percent(r.at("adherence_7d")),
           fraction(r.at("done_28d"), r.at("expected_28d")) + " " + percent(r.at("adherence_28d")), str(r.at("streak")),
           minutes});
  }
  t.print(out);
  if (reply.contains("pain_7d") && reply.at("pain_7d").is_number()) {
    out << strprintf(_("pain, last 7 days: %s/10"), human_decimal(reply.at("pain_7d").to_number<double>(), 1).c_str())
        << "\n";
  }
  if (const json::value* days = reply.if_contains("days_since_limiting_flare"); days && days->is_int64()) {
    const std::int64_t n = days->as_int64();
    const std::string ago = n == 0   ? std::string(_("today"))
                            : n == 1 ? std::string(_("yesterday"))
                                     : strprintf(P_("%lld day ago", "%lld days ago", static_cast<unsigned long>(n)),
                                                 static_cast<long long>(n));
    out << strprintf(_("last activity-limiting flare: %s"), ago.c_str()) << "\n";
  }
  if (const json::value* recording = reply.if_contains("recording"); recording && *recording == false)
    out << strprintf(_("NOTHING CAN BE RECORDED: %s"), str(reply.at("recording_error")).c_str()) << "\n";
  if (reply.contains("plan_error") && reply.at("plan_error").is_string())
    out << strprintf(_("the plan file was refused, the previous plan runs: %s"), str(reply.at("plan_error")).c_str())
        << "\n";
  // Desk time of `active` routines: how long since the last break.
  for (const json::value& rv : reply.at("routines").as_array()) {
    const json::object& r = rv.as_object();
    if (r.contains("active_s") && r.at("active_s").is_int64())
      out << strprintf(_("%1$s: %2$s at the desk since the last break"), str(r.at("id")).c_str(),
                       format_duration(Seconds{r.at("active_s").as_int64() / 60 * 60}).c_str())
          << "\n";
  }
  // Routines that build up in stages: where they are.
  for (const json::value& rv : reply.at("routines").as_array()) {
    const json::value* st = rv.as_object().if_contains("stage");
    if (!st || !st->is_object()) continue;
    out << strprintf(_("%1$s: stage %2$s of %3$s since %4$s (%5$s)"), str(rv.at("id")).c_str(),
                     str(st->at("number")).c_str(), str(st->at("of")).c_str(), str(st->at("since")).c_str(),
                     schedule_words(rv.as_object()).c_str())
        << (st->at("next").is_string() ? strprintf(_(", next stage %s"), str(st->at("next")).c_str())
                                       : std::string(_(", the last stage")))
        << "\n";
  }
  if (reply.contains("quiet_until") && reply.at("quiet_until").is_string())
    out << strprintf(_("quiet hours (%1$s) until %2$s: reminders wait"), str(reply.at("quiet_hours")).c_str(),
                     when(reply.at("quiet_until")).c_str())
        << "\n";
  if (reply.at("paused").as_bool())
    out << (reply.at("paused_until").is_string()
                ? strprintf(_("paused until %s; `movectl resume` to go on"), when(reply.at("paused_until")).c_str())
                : std::string(_("paused; `movectl resume` to go on")))
        << "\n";
  // moved's import folder ([settings] import_dir), when there is one.
  if (const json::value* iv = reply.if_contains("import"); iv && iv->is_object() && iv->at("folder").is_string()) {
    const json::object& im = iv->as_object();
    out << strprintf(_("import folder %s: "), str(im.at("folder")).c_str());
    if (!im.at("watching").as_bool())
      out << strprintf(_("not watched (%s)"), im.at("error").is_string() ? str(im.at("error")).c_str() : "?");
    else
      out << strprintf(_("%1$s files read, %2$s recorded, %3$s already recorded, %4$s without a routine, %5$s refused"),
                       str(im.at("files")).c_str(), str(im.at("recorded")).c_str(), str(im.at("duplicates")).c_str(),
                       str(im.at("unmatched")).c_str(), str(im.at("refused")).c_str());
    out << "\n";
    if (im.at("last_file").is_object())
      out << "  "
          << strprintf(_("last imported: %1$s (%2$s recorded)"), str(im.at("last_file").at("file")).c_str(),
                       str(im.at("last_file").at("recorded")).c_str())
          << "\n";
    if (im.at("last_refusal").is_object())
      out << "  "
          << strprintf(_("last refused: %1$s: %2$s"), str(im.at("last_refusal").at("file")).c_str(),
                       str(im.at("last_refusal").at("reason")).c_str())
          << "\n";
  }
  // The history shared with other computers ([settings] sync_dir).
  if (const json::value* sv = reply.if_contains("sync"); sv && sv->is_object() && sv->at("dir").is_string()) {
    const json::object& s = sv->as_object();
    out << strprintf(_("sync folder %1$s as %2$s"), str(s.at("dir")).c_str(), str(s.at("host").at("name")).c_str());
    if (s.at("error").is_string()) out << ": " << str(s.at("error"));
    out << "\n";
    for (const json::value& h : s.at("hosts").as_array())
      out << "  "
          << strprintf(_("%1$s: last wrote %2$s, %3$s events recorded here"), str(h.at("name")).c_str(),
                       when(h.at("last_wrote")).c_str(), str(h.at("events")).c_str())
          << "\n";
  }
}

void print_next(const json::object& reply, const std::string& format, std::ostream& out) {
  const json::array& next = reply.at("next").as_array();
  auto label = [](const json::object& n) {
    std::int64_t in = n.at("in_s").to_number<std::int64_t>();
    return in <= 0 ? strprintf(_("%s now"), str(n.at("id")).c_str())
                   : strprintf(_("%1$s in %2$s"), str(n.at("id")).c_str(),
                               format_duration(Seconds{in - in % 60 + (in % 60 ? 60 : 0)}).c_str());
  };
  const bool paused = reply.at("paused").as_bool();
  const bool due = reply.contains("due") && reply.at("due").is_array() && !reply.at("due").as_array().empty();
  const std::string paused_line = reply.contains("paused_until") && reply.at("paused_until").is_string()
                                      ? strprintf(_("paused until %s"), when(reply.at("paused_until")).c_str())
                                      : std::string(_("paused"));
  if (format == "plain") {
    // A line per reminder (as many as --count), after one saying so when paused.
    if (paused) out << paused_line << "\n";
    if (next.empty() && !paused) out << _("nothing due") << "\n";
    for (const json::value& v : next) out << label(v.as_object()) << "\n";
    return;
  }
  if (format == "waybar") {
    std::string text = next.empty() ? (paused ? _("paused") : _("nothing due")) : label(next.front().as_object());
    if (due && !paused) text = strprintf(_("%s due"), str(reply.at("due").as_array().front()).c_str());
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
  Table t({_("WHEN"), _("IN"), _("ID"), _("TITLE")});
  for (const json::value& v : next) {
    const json::object& n = v.as_object();
    std::int64_t in = n.at("in_s").to_number<std::int64_t>();
    t.add({when(n.at("at")), in <= 0 ? _("now") : format_duration(Seconds{in}), str(n.at("id")), str(n.at("title"))});
  }
  t.print(out);
  if (paused) out << strprintf(_("%s; `movectl resume` to go on"), paused_line.c_str()) << "\n";
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
  Table t({_("WHEN"), _("ROUTINE"), _("KIND"), _("MINUTES"), _("NOTE")});
  for (const json::value& v : events) {
    const json::object& e = v.as_object();
    const std::string code = str(e.at("kind"));
    std::string kind = kind_text(code);
    if (code == "pain" && e.contains("level")) kind += " " + str(e.at("level")) + "/10";
    if (code == "flare" && e.contains("limiting"))
      kind += (e.at("limiting") == true ? std::string(" ") + _("limiting") : std::string()) +
              (e.at("care") == true ? std::string(" ") + _("care") : std::string());
    if (code == "score" && e.contains("scale")) kind += " " + str(e.at("scale")) + " " + str(e.at("score"));
    if ((code == "paused" || code == "snoozed") && e.contains("seconds") && e.at("seconds").is_int64())
      kind += " " + format_duration(Seconds{e.at("seconds").as_int64()});
    std::string note = str(e.at("note"));
    if (code == "prescription") note = prescription_text(e);
    t.add({when(e.at("at")), str(e.at("routine")), kind, str(e.at("minutes")), note});
  }
  t.print(out);
}

void print_list(const json::object& reply, std::ostream& out) {
  Table t({_("ID"), _("TITLE"), _("SCHEDULE"), _("DAYS"), _("WINDOW"), _("DOSE"), ""});
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
    t.add({str(r.at("id")), str(r.at("title")), schedule_words(r), days_words(r),
           r.at("window").is_null() ? _("all day") : str(r.at("window")), dose,
           r.at("enabled").as_bool() ? "" : _("disabled")});
  }
  t.print(out);
}

}  // namespace move
