// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/rule_json.h"

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

}  // namespace move
