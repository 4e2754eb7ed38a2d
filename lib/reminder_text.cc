// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/reminder_text.h"

#include <algorithm>

#include "lib/local_time.h"
#include "lib/i18n.h"
#include "lib/time_of_day.h"

namespace move {

bool in_pain(std::optional<int> level, std::optional<Instant> at, Instant now) {
  return level && at && *level >= kHighPain && *at <= now && now - *at < kPainLookback;
}

ReminderText reminder_text(const Routine& r, const std::string& exercise, const std::string& encouragement, bool pain,
                           std::optional<int> starts) {
  ReminderText out;
  out.summary = r.display_title();
  // TRANSLATORS: a reminder's summary: the routine's title and when it starts ("Walk at 18:00").
  if (starts) out.summary = strprintf(_("%1$s at %2$s"), out.summary.c_str(), format_time_of_day(*starts).c_str());
  auto line = [&](std::string_view s) {
    if (s.empty()) return;
    if (!out.body.empty()) out.body += '\n';
    out.body += s;
  };
  if (r.duration) line(format_dose(*r.duration));
  if (!exercise.empty()) line(strprintf(_("Try: %s"), exercise.c_str()));
  line(r.notes);
  if (pain && r.duration) line(_(kPainLine));
  line(encouragement);
  return out;
}

int repeat_cap(const Routine& r, const Plan& plan, bool pain) {
  const int cap = plan.repeat_for(r);
  return pain && r.duration ? std::min(cap, 1) : cap;
}

std::optional<int> starts_at(const Routine& r, const RoutineState& st) {
  if (r.kind != ScheduleKind::at) return std::nullopt;
  // A snooze brings back the occurrence already reminded of.
  if (snooze_in_force(st) && st.last_fired) {
    const int m = minute_of_day(*st.last_fired + r.lead);
    if (std::find(r.at.begin(), r.at.end(), m) != r.at.end()) return m;
  }
  // The reminder next_reminder gives for an `at` routine is an occurrence
  // minus its lead; searched the same way (the latest handled instant on).
  Instant handled = st.anchor;
  for (const auto& t : {st.last_fired, st.last_done, st.last_skipped})
    if (t && *t > handled) handled = *t;
  const LocalDays d0 = local_day(handled + r.lead);
  for (int i = 0; i <= 15; ++i) {
    const LocalDays d = d0 + std::chrono::days(i);
    if (!r.on.contains(std::chrono::weekday{d})) continue;
    for (int m : r.at)
      if (at_local(d, m) - r.lead > handled) return m;
  }
  return std::nullopt;
}

}  // namespace move
