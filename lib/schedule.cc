// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/schedule.h"

#include <algorithm>

#include "lib/local_time.h"
#include "lib/prescription.h"

namespace move {
namespace {

using std::chrono::days;

constexpr int kSearchDays = 15;  // any weekday set recurs within a week; one more for windows over midnight

struct Span {
  Instant begin, end;
};

// The occurrence of daily window w that starts on local day d.
Span occurrence(const Window& w, LocalDays d) {
  return {at_local(d, w.start), at_local(w.crosses_midnight() ? d + days(1) : d, w.end)};
}

// The local day on which the occurrence of w holding t started.
LocalDays window_day(const Window& w, Instant t) {
  LocalDays d = local_day(t);
  return w.crosses_midnight() && minute_of_day(t) < w.end ? d - days(1) : d;
}

// Earliest instant in [t, end) outside quiet hours, or nullopt.
std::optional<Instant> outside_quiet(const Settings& s, Instant t, Instant end) {
  if (!s.quiet_hours) return t < end ? std::optional(t) : std::nullopt;
  for (int guard = 0; guard < 4 && t < end; ++guard) {
    bool moved = false;
    for (int back = 1; back >= 0; --back) {
      Span q = occurrence(*s.quiet_hours, local_day(t) - days(back));
      if (q.begin <= t && t < q.end) {
        t = q.end;
        moved = true;
      }
    }
    if (!moved) return t;
  }
  return t < end ? std::optional(t) : std::nullopt;
}

Window window_of(const Routine& r) { return r.window.value_or(Window{}); }

}  // namespace

std::optional<Instant> quiet_until(const Settings& s, Instant now) {
  if (!s.quiet_hours) return std::nullopt;
  auto end = outside_quiet(s, now, now + days(3));
  if (end && *end == now) return std::nullopt;
  return end ? end : std::optional(now + days(3));
}

namespace {

template <class T>
Instant latest(Instant a, const std::optional<T>& b) {
  return b && *b > a ? *b : a;
}

std::optional<Instant> next_at(const Routine& r, const RoutineState& st) {
  Instant handled = latest(latest(latest(st.anchor, st.last_fired), st.last_done), st.last_skipped);
  LocalDays d0 = local_day(handled + r.lead);
  for (int i = 0; i <= kSearchDays; ++i) {
    LocalDays d = d0 + days(i);
    if (!r.on.contains(std::chrono::weekday{d})) continue;
    for (int m : r.at) {
      Instant reminder = at_local(d, m) - r.lead;
      if (reminder > handled) return reminder;
    }
  }
  return std::nullopt;
}

std::optional<Instant> next_times_per_week(const Routine& r, const Settings& s, const RoutineState& st, Instant now) {
  const Window w = window_of(r);
  auto count_in_week = [&](LocalDays week) {
    return std::count_if(st.done.begin(), st.done.end(),
                         [&](Instant t) { return iso_week_start(window_day(w, t)) == week; });
  };
  auto on_day = [&](const std::optional<Instant>& t, LocalDays d) { return t && window_day(w, *t) == d; };
  LocalDays d0 = window_day(w, now);
  for (int i = 0; i <= kSearchDays; ++i) {
    LocalDays d = d0 + days(i);
    if (!r.on.contains(std::chrono::weekday{d})) continue;
    if (count_in_week(iso_week_start(d)) >= r.times_per_week) continue;
    if (on_day(st.last_done, d) || on_day(st.last_skipped, d) || on_day(st.last_fired, d)) continue;
    Span span = occurrence(w, d);
    if (auto t = outside_quiet(s, std::max(span.begin, now), span.end)) return t;
  }
  return std::nullopt;
}

}  // namespace

bool snooze_in_force(const RoutineState& st) {
  // A snooze holds until it fires, or until a done or skip after the reminder
  // it answered (or after it was set, when no reminder had fired).
  const Instant closed = last_closed(st);
  return st.snoozed_until &&
         (st.last_fired ? *st.snoozed_until > *st.last_fired && closed <= *st.last_fired : *st.snoozed_until > closed);
}

bool repeats_spent(const Routine& r, const RoutineState& st) {
  return r.kind == ScheduleKind::every && st.repeat > 0 && st.shown >= st.repeat && st.last_fired &&
         *st.last_fired >= last_closed(st) && !snooze_in_force(st);
}

Instant last_closed(const RoutineState& st) { return latest(st.last_done.value_or(st.anchor), st.last_skipped); }

std::optional<Instant> next_allowed(const Routine& r, const Settings& s, Instant t) {
  const Window w = window_of(r);
  LocalDays d0 = local_day(t) - days(1);
  for (int i = 0; i <= kSearchDays; ++i) {
    LocalDays d = d0 + days(i);
    if (!r.on.contains(std::chrono::weekday{d})) continue;
    Span span = occurrence(w, d);
    if (span.end <= t) continue;
    if (auto c = outside_quiet(s, std::max(span.begin, t), span.end)) return c;
  }
  return std::nullopt;
}

bool allowed_at(const Routine& r, const Settings& s, Instant t) { return next_allowed(r, s, t) == t; }

namespace {

// next_reminder for one prescription: r without stages.
std::optional<Instant> next_in_stage(const Routine& r, const Settings& s, Seconds snooze, const RoutineState& st,
                                     Instant now) {
  if (!r.enabled) return std::nullopt;
  const Instant closed = last_closed(st);
  const bool snoozed = snooze_in_force(st);
  std::optional<Instant> candidate;
  if (snoozed) {
    candidate = *st.snoozed_until;
  } else {
    switch (r.kind) {
      case ScheduleKind::every: {
        Instant due = closed + r.every + st.not_counted;
        // A skip means "not today", not "start the interval again": a
        // routine of a day or more is due again from the next day on.
        if (st.last_skipped && closed == *st.last_skipped && r.every >= days(1))
          due = at_local(local_day(closed) + days(1), 0);
        if (st.last_fired && *st.last_fired >= due && repeats_spent(r, st))
          candidate = r.every >= days(1) ? at_local(local_day(*st.last_fired) + days(1), 0) : *st.last_fired + r.every;
        else
          candidate = st.last_fired && *st.last_fired >= due ? *st.last_fired + snooze : due;
        break;
      }
      case ScheduleKind::at: candidate = next_at(r, st); break;
      case ScheduleKind::times_per_week: return next_times_per_week(r, s, st, now);
    }
  }
  if (!candidate) return std::nullopt;
  return next_allowed(r, s, std::max(*candidate, now));
}

}  // namespace

std::optional<Instant> next_reminder(const Routine& r, const Settings& s, Seconds snooze, const RoutineState& st,
                                     Instant now) {
  if (r.stages.empty()) return next_in_stage(r, s, snooze, st, now);
  // The stage in force decides; a reminder it would give after the next
  // stage begins is the next stage's to give.
  const LocalDays start = stage_start(r, st.anchor);
  Instant t = now;
  for (std::size_t i = 0; i <= r.stages.size(); ++i) {
    const Routine& in_stage = in_force(r, start, t);
    std::optional<Instant> next = next_in_stage(in_stage, s, snooze, st, t);
    std::optional<Instant> boundary = next_stage(r, start, t);
    if (!boundary || (next && *next < *boundary)) return next;
    t = *boundary;
  }
  return std::nullopt;
}

void clamp_to(RoutineState& st, Instant now) {
  Seconds ahead{0};  // how far the latest instant of the past lies beyond now
  auto clamp = [&](Instant& t) {
    if (t <= now) return;
    ahead = std::max(ahead, Seconds{t - now});
    t = now;
  };
  auto clamp_opt = [&](std::optional<Instant>& t) {
    if (t) clamp(*t);
  };
  clamp(st.anchor);
  clamp_opt(st.last_done);
  clamp_opt(st.last_skipped);
  clamp_opt(st.last_fired);
  for (Instant& t : st.done) clamp(t);
  if (st.snoozed_until && ahead > Seconds{0}) st.snoozed_until = std::max(now, *st.snoozed_until - ahead);
}

std::vector<Instant> preview(const Routine& r, const Plan& plan, Instant from, int count) {
  std::vector<Instant> out;
  RoutineState st;
  st.anchor = from;
  Instant now = from;
  while (static_cast<int>(out.size()) < count) {
    auto next = next_reminder(r, plan.settings, plan.snooze_for(r), st, now);
    if (!next) break;
    out.push_back(*next);
    st.last_done = st.last_fired = *next;
    st.done.push_back(*next);
    now = *next;
  }
  return out;
}

}  // namespace move
