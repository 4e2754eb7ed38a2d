// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/adherence.h"

#include <algorithm>
#include <cmath>

namespace move {
namespace {

using std::chrono::days;

constexpr double kSecondsPerWeek = 7.0 * 86400.0;

/// Occurrences of an `at` routine in [start, to).
int at_occurrences(const Routine& r, Instant start, Instant to) {
  if (r.at.empty()) return 0;
  int n = 0;
  const LocalDays last = local_day(to);
  for (LocalDays d = local_day(start); d <= last; d += days(1)) {
    if (!r.on.contains(std::chrono::weekday{d})) continue;
    std::optional<Instant> prev;
    for (int m : r.at) {
      const Instant t = at_local(d, m);
      // Two times inside a skipped hour both land at its end: one occurrence.
      if (prev && t == *prev) continue;
      prev = t;
      if (t >= start && t < to) ++n;
    }
  }
  return n;
}

/// Completion instants up to now, ascending.
std::vector<Instant> sorted_until(std::span<const Completion> cs, Instant now) {
  std::vector<Instant> ts;
  ts.reserve(cs.size());
  for (const Completion& c : cs)
    if (c.at <= now) ts.push_back(c.at);
  std::sort(ts.begin(), ts.end());
  return ts;
}

/// How many of the sorted instants lie in [a, b).
long count_in(const std::vector<Instant>& ts, Instant a, Instant b) {
  if (b <= a) return 0;
  return std::lower_bound(ts.begin(), ts.end(), b) - std::lower_bound(ts.begin(), ts.end(), a);
}

bool any_allowed(DaySet on, LocalDays first, LocalDays end_excl) {
  for (LocalDays d = first; d < end_excl; d += days(1))
    if (on.contains(std::chrono::weekday{d})) return true;
  return false;
}

// Time in [from, to) during which r's window is open on an allowed day (the
// day a window starts on).
Seconds open_time(const Routine& r, Instant from, Instant to) {
  const Window w = r.window.value_or(Window{});
  Seconds total{0};
  for (LocalDays d = local_day(from) - days(1); d <= local_day(to); d += days(1)) {
    if (!r.on.contains(std::chrono::weekday{d})) continue;
    Instant b = at_local(d, w.start), e = at_local(w.crosses_midnight() ? d + days(1) : d, w.end);
    b = std::max(b, from);
    e = std::min(e, to);
    if (e > b) total += e - b;
  }
  return total;
}

}  // namespace

double expected(const Routine& r, Instant first_seen, Instant from, Instant to) {
  const Instant start = std::max(from, first_seen);
  if (to <= start) return 0;
  switch (r.kind) {
    case ScheduleKind::every:
      // A sub-daily routine (desk breaks every hour) is expected only in
      // the time its window is open on allowed days; a longer one (a walk
      // every 2 days) over the whole period. Natural breaks of `active`
      // routines arrive as completions.
      if (r.every <= Seconds{0}) return 0;
      if (r.every < days(1)) return static_cast<double>(open_time(r, start, to).count()) / r.every.count();
      return static_cast<double>((to - start).count()) / static_cast<double>(r.every.count());
    case ScheduleKind::at: return at_occurrences(r, start, to);
    case ScheduleKind::times_per_week: {
      // Local time: every ISO week is exactly 7 local days long, DST or not.
      const auto local_span = (to_local(to) - to_local(start)).count();
      if (local_span <= 0) return 0;
      return r.times_per_week * static_cast<double>(local_span) / kSecondsPerWeek;
    }
  }
  return 0;
}

std::optional<double> adherence(int done, double expected) {
  if (!(expected > 0)) return std::nullopt;
  return std::min(1.0, done / expected);
}

int streak(const Routine& r, Instant first_seen, std::span<const Completion> completions, Instant now) {
  const std::vector<Instant> ts = sorted_until(completions, now);
  const LocalDays today = local_day(now);
  const LocalDays limit = today - days(kLookbackDays);

  int length = 1;  // days per period
  long needed = 1;
  LocalDays end = today + days(1);  // exclusive end of the current period
  switch (r.kind) {
    case ScheduleKind::every: {
      const auto day = std::chrono::duration_cast<Seconds>(days(1)).count();
      length = static_cast<int>(std::max<long long>(1, (r.every.count() + day - 1) / day));
      length = std::min(length, kLookbackDays);
      break;
    }
    case ScheduleKind::at:
      if (r.at.empty()) return 0;
      break;
    case ScheduleKind::times_per_week:
      length = 7;
      needed = r.times_per_week;
      end = iso_week_start(today) + days(7);
      break;
  }

  int n = 0;
  for (bool current = true;; current = false, end -= days(length)) {
    const LocalDays begin = end - days(length);
    if (begin < limit) break;
    const Instant a = at_local(begin, 0), b = at_local(end, 0);
    if (b <= first_seen) break;
    if (!any_allowed(r.on, begin, end)) continue;  // neither counts nor breaks
    if (count_in(ts, a, b) >= needed)
      ++n;
    else if (!current)
      break;
  }
  return n;
}

Figures figures(const Routine& r, Instant first_seen, std::span<const Completion> completions, Instant now) {
  Figures f;
  const LocalSeconds local_now = to_local(now);
  const Instant from7 = from_local(local_now - days(7)), from28 = from_local(local_now - days(28));
  for (const Completion& c : completions) {
    if (c.at > now) continue;
    if (c.at >= from7) {
      ++f.done_7d;
      f.minutes_7d += c.minutes;
    }
    if (c.at >= from28) ++f.done_28d;
  }
  f.expected_7d = expected(r, first_seen, from7, now);
  f.expected_28d = expected(r, first_seen, from28, now);
  f.adherence_7d = adherence(f.done_7d, f.expected_7d);
  f.adherence_28d = adherence(f.done_28d, f.expected_28d);
  f.streak = streak(r, first_seen, completions, now);
  if (r.duration) {
    auto band = [&](Seconds s) {
      return static_cast<int>(std::lround(f.expected_7d * static_cast<double>(s.count()) / 60.0));
    };
    f.target_minutes_7d = std::pair{band(r.duration->min), band(r.duration->max)};
  }
  return f;
}

std::vector<WeekFigures> weekly(const Routine& r, Instant first_seen, std::span<const Completion> completions,
                                Instant now, int weeks) {
  std::vector<WeekFigures> out;
  if (weeks <= 0) return out;
  out.reserve(static_cast<std::size_t>(weeks));
  const LocalDays current = iso_week_start(local_day(now));
  for (int i = weeks - 1; i >= 0; --i) {
    WeekFigures w;
    w.monday = current - days(7 * i);
    w.from = at_local(w.monday, 0);
    w.to = std::min(at_local(w.monday + days(7), 0), now);
    for (const Completion& c : completions) {
      // The current week ends with now and includes a completion at now.
      if (c.at >= w.from && (c.at < w.to || (i == 0 && c.at == now))) {
        ++w.done;
        w.minutes += c.minutes;
      }
    }
    w.expected = expected(r, first_seen, w.from, w.to);
    w.adherence = adherence(w.done, w.expected);
    out.push_back(w);
  }
  return out;
}

}  // namespace move
