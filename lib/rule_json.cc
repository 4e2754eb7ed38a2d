// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/rule_json.h"

#include "lib/i18n.h"
#include "lib/prescription.h"
#include "lib/words.h"

namespace move {

namespace json = boost::json;

json::object rule_json(const Routine& r) {
  json::object o;
  switch (r.kind) {
    case ScheduleKind::every:
      o["kind"] = "every";
      o["every_s"] = r.every.count();
      o["active"] = r.active;
      break;
    case ScheduleKind::at: {
      o["kind"] = "at";
      json::array at;
      for (int minutes : r.at) at.push_back(json::value(format_time_of_day(minutes)));
      o["at"] = std::move(at);
      o["lead_s"] = r.lead.count();
      break;
    }
    case ScheduleKind::times_per_week:
      o["kind"] = "times_per_week";
      o["times_per_week"] = r.times_per_week;
      break;
  }
  o["duration"] =
      r.duration ? json::value(json::object{{"min_s", r.duration->min.count()}, {"max_s", r.duration->max.count()}})
                 : json::value(nullptr);
  o["window"] = r.window ? json::value(format_window(*r.window)) : json::value(nullptr);
  json::array on;
  for (std::size_t i = 0; i < 7; ++i)
    if (r.on.bits & (1u << i)) on.push_back(json::value(kDayCodes[i]));
  o["on"] = std::move(on);
  return o;
}

json::value rule_or_null(const Routine* r) { return r ? json::value(rule_json(*r)) : json::value(nullptr); }

// ---- and back ----

namespace {

std::optional<std::int64_t> seconds_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_int64() || v->as_int64() < 0) return std::nullopt;
  return v->as_int64();
}

// The schedule of a rule into r; false when it does not read.
bool read_schedule(const json::object& o, Routine& r) {
  const json::value* kind = o.if_contains("kind");
  if (!kind || !kind->is_string()) return false;
  if (*kind == "every") {
    const auto every = seconds_of(o, "every_s");
    const json::value* active = o.if_contains("active");
    if (!every) return false;
    r.kind = ScheduleKind::every;
    r.every = Seconds{*every};
    r.active = active && active->is_bool() && active->as_bool();
    return true;
  }
  if (*kind == "at") {
    const json::value* at = o.if_contains("at");
    const auto lead = seconds_of(o, "lead_s");
    if (!at || !at->is_array() || !lead) return false;
    r.kind = ScheduleKind::at;
    for (const json::value& t : at->as_array()) {
      const auto minutes = t.is_string() ? parse_time_of_day(t.as_string()) : std::nullopt;
      if (!minutes) return false;
      r.at.push_back(*minutes);
    }
    r.lead = Seconds{*lead};
    return true;
  }
  if (*kind == "times_per_week") {
    const json::value* n = o.if_contains("times_per_week");
    if (!n || !n->is_int64()) return false;
    r.kind = ScheduleKind::times_per_week;
    r.times_per_week = static_cast<int>(n->as_int64());
    return true;
  }
  return false;
}

// The dose, window and days of a rule into r; false when they do not read.
bool read_dose_window_days(const json::object& o, Routine& r) {
  const json::value* duration = o.if_contains("duration");
  if (duration && duration->is_object()) {
    const auto min = seconds_of(duration->as_object(), "min_s"), max = seconds_of(duration->as_object(), "max_s");
    if (!min || !max) return false;
    r.duration = DurationRange{Seconds{*min}, Seconds{*max}};
  } else if (duration && !duration->is_null()) {
    return false;
  }
  const json::value* window = o.if_contains("window");
  if (window && window->is_string()) {
    r.window = parse_window(window->as_string());
    if (!r.window) return false;
  } else if (window && !window->is_null()) {
    return false;
  }
  const json::value* on = o.if_contains("on");
  if (!on || !on->is_array()) return false;
  r.on = DaySet{0};
  for (const json::value& d : on->as_array())
    if (!d.is_string() || !add_day_name(r.on, d.as_string())) return false;
  return true;
}

}  // namespace

std::optional<Routine> routine_of_rule(const json::value& v) {
  if (!v.is_object()) return std::nullopt;
  Routine r;
  if (!read_schedule(v.as_object(), r) || !read_dose_window_days(v.as_object(), r)) return std::nullopt;
  return r;
}

std::string prescription_words(const json::object& o, std::string_view rule_key, std::string_view text_key) {
  const json::value* rule = o.if_contains(rule_key);
  if (rule && rule->is_null()) return _("not in the plan");
  if (const auto r = rule ? routine_of_rule(*rule) : std::nullopt) return describe_prescription(*r, Words::local);
  const json::value* text = o.if_contains(text_key);
  return text && text->is_string() ? std::string(text->as_string()) : std::string();
}

}  // namespace move
