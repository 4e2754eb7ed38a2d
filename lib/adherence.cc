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

namespace {

// Calls f(routine, from, to) for each span of tl that overlaps [from, to),
// clipped to it.
template <class F>
void each_span(const Timeline& tl, Instant from, Instant to, F&& f) {
  for (std::size_t i = 0; i < tl.size(); ++i) {
    if (!tl[i].routine) continue;
    const Instant a = std::max(from, tl[i].from);
    const Instant b = i + 1 < tl.size() ? std::min(to, tl[i + 1].from) : to;
    if (b > a) f(*tl[i].routine, a, b);
  }
}

}  // namespace

double expected(const Timeline& tl, Instant from, Instant to) {
  double sum = 0;
  each_span(tl, from, to, [&](const Routine& r, Instant a, Instant b) { sum += expected(r, a, a, b); });
  return sum;
}

std::optional<std::pair<int, int>> target_minutes(const Timeline& tl, Instant from, Instant to) {
  double lo = 0, hi = 0;
  const Routine* now_r = in_force(tl, to);
  bool any = now_r && now_r->duration;
  each_span(tl, from, to, [&](const Routine& r, Instant a, Instant b) {
    if (!r.duration) return;
    any = true;
    const double e = expected(r, a, a, b);
    lo += e * static_cast<double>(r.duration->min.count()) / 60.0;
    hi += e * static_cast<double>(r.duration->max.count()) / 60.0;
  });
  if (!any) return std::nullopt;
  return std::pair{static_cast<int>(std::lround(lo)), static_cast<int>(std::lround(hi))};
}

std::optional<double> adherence(int done, double expected) {
  if (!(expected > 0)) return std::nullopt;
  return std::min(1.0, done / expected);
}

int streak(const Timeline& tl, std::span<const Completion> completions, Instant now) {
  const Routine* now_r = in_force(tl, now);
  if (!now_r) return 0;
  const std::vector<Instant> ts = sorted_until(completions, now);
  const LocalDays today = local_day(now);
  const LocalDays limit = today - days(kLookbackDays);
  const Instant first = tl.front().from;
  const auto day = std::chrono::duration_cast<Seconds>(days(1)).count();

  // The current period ends with today, or with the current ISO week.
  LocalDays end = now_r->kind == ScheduleKind::times_per_week ? iso_week_start(today) + days(7) : today + days(1);
  int n = 0;
  for (bool current = true;; current = false) {
    // Each period is measured against the prescription in force at its end
    // (at now for the current one).
    const Routine* r = in_force(tl, std::min(now, at_local(end, 0) - Seconds{1}));
    if (!r) break;
    LocalDays begin = end - days(1);
    long needed = 1;
    switch (r->kind) {
      case ScheduleKind::every: {
        const long long length =
            std::min<long long>(kLookbackDays, std::max<long long>(1, (r->every.count() + day - 1) / day));
        begin = end - days(length);
        break;
      }
      case ScheduleKind::at:
        if (r->at.empty()) return n;
        break;
      case ScheduleKind::times_per_week: {
        // A whole ISO week, or the part of one after a change of prescription.
        begin = iso_week_start(end - days(1));
        const long length = (end - begin).count();
        needed = length == 7 ? r->times_per_week : static_cast<long>(std::ceil(r->times_per_week * length / 7.0));
        break;
      }
    }
    if (begin < limit) break;
    const Instant a = at_local(begin, 0), b = at_local(end, 0);
    if (b <= first) break;
    const LocalDays period_end = end;
    end = begin;
    if (!any_allowed(r->on, begin, period_end)) continue;  // neither counts nor breaks
    if (r->kind == ScheduleKind::every && r->every < days(1)) {
      // Desk breaks: a day counts when its breaks reached what was expected
      // that day, rounded down (at least one); a day with none expected
      // (window closed, day not allowed) neither counts nor breaks.
      const double e = expected(tl, a, b);
      if (!(e > 0)) continue;
      needed = std::max<long>(1, static_cast<long>(std::floor(e + 1e-9)));
    }
    if (count_in(ts, a, b) >= needed)
      ++n;
    else if (!current)
      break;
  }
  return n;
}

int streak(const Routine& r, Instant first_seen, std::span<const Completion> completions, Instant now) {
  return streak(timeline(r, first_seen), completions, now);
}

Figures figures(const Timeline& tl, std::span<const Completion> completions, Instant now) {
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
  f.expected_7d = expected(tl, from7, now);
  f.expected_28d = expected(tl, from28, now);
  f.adherence_7d = adherence(f.done_7d, f.expected_7d);
  f.adherence_28d = adherence(f.done_28d, f.expected_28d);
  f.streak = streak(tl, completions, now);
  f.target_minutes_7d = target_minutes(tl, from7, now);
  return f;
}

Figures figures(const Routine& r, Instant first_seen, std::span<const Completion> completions, Instant now) {
  return figures(timeline(r, first_seen), completions, now);
}

std::vector<WeekFigures> weekly(const Timeline& tl, std::span<const Completion> completions, Instant now, int weeks) {
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
    w.expected = expected(tl, w.from, w.to);
    w.adherence = adherence(w.done, w.expected);
    out.push_back(w);
  }
  return out;
}

std::vector<WeekFigures> weekly(const Routine& r, Instant first_seen, std::span<const Completion> completions,
                                Instant now, int weeks) {
  return weekly(timeline(r, first_seen), completions, now, weeks);
}

}  // namespace move
