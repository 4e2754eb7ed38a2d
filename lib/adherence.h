// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Adherence: what was done against what the plan prescribes. Pure: the
// routine, when it was first seen, its completions and `now` in; figures out.
// No clock reads, no I/O.
//
// Definitions (these go into movectl(1)):
//
// Periods. The figures cover the last 7 and the last 28 days, [now - 7d, now]
//   and [now - 28d, now], counted in local days: across a DST change the
//   7-day period is 167 or 169 hours long.
//
// Expected, the prescribed count in a period:
//   every D         the period's length / D (elapsed time; the window and the
//                   allowed days do not enter). Walk every 2d: 3.5 a week.
//   at              the occurrences in the period: each time on each allowed
//                   day. A time in the hour DST skips counts once, as does a
//                   time in the repeated hour.
//   times_per_week  N per ISO week, pro rata for part of a week: days/7 x N,
//                   days in local time (a DST day is still one day).
//   A routine first seen inside the period counts only from first seen.
//   `active` routines (desk breaks): expected is breaks due plus natural
//   breaks; for now they are counted like `every` (period / D of wall-clock
//   time) and natural breaks count as completions.
//   Expected values are exact here; they are rounded (2 decimals) only for
//   display.
//
// Done: the completions in the period ("done" and natural breaks; the caller
//   passes them, skips are not completions), by the time they were done, so a
//   backfilled completion (`movectl done --at`) counts on its day.
//   Completions after `now` are ignored everywhere.
//
// Adherence: min(1, done / expected); none (null) when expected is 0.
//
// Streak: consecutive periods met, counting back from now. The current
//   period counts once met; while it is not met it neither counts nor breaks
//   the streak. The periods:
//   every D         D rounded up to whole local days (at least one day),
//                   aligned to local midnight, the current one ending with
//                   today; met when it holds a completion. A period with no
//                   allowed day (`on`) is skipped.
//   at              each allowed day; met when that day holds a completion.
//                   Days not allowed are skipped.
//   times_per_week  ISO weeks (Monday to Sunday); met when the week's count
//                   is at least N.
//   A period that ends before the routine was first seen ends the streak.
//   The look-back is bounded: periods starting more than 1096 days (three
//   years) before today are not looked at.
//
// Minutes: each completion carries minutes (`--minutes`, else the lower bound
//   of `duration`); minutes_7d sums the last 7 days. The target band is
//   expected_7d x the duration's bounds, in whole minutes (rounded), none
//   without a duration: walk every 2d, 30-60m -> 3.5 x 30, 3.5 x 60 = 105-210.
//
// The routine's `enabled` flag is not consulted: whether a disabled routine
// shows figures is the caller's choice.

#include <chrono>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "lib/duration.h"
#include "lib/local_time.h"
#include "lib/plan.h"
#include "lib/prescription.h"

namespace move {

/// How far back the streak looks, in local days (three years).
inline constexpr int kLookbackDays = 1096;

/// One completion of a routine: done, or a natural break of an `active` one.
struct Completion {
  Instant at;       ///< when it was done (a backfill's own time, not when recorded)
  int minutes = 0;  ///< --minutes, else the lower bound of duration, else 0
};

/// What `movectl status` shows besides the schedule.
struct Figures {
  int done_7d = 0;
  double expected_7d = 0;
  std::optional<double> adherence_7d;  ///< nullopt when expected_7d == 0
  int done_28d = 0;
  double expected_28d = 0;
  std::optional<double> adherence_28d;  ///< nullopt when expected_28d == 0
  int streak = 0;
  int minutes_7d = 0;
  std::optional<std::pair<int, int>> target_minutes_7d;  ///< {min, max}; nullopt without a duration
};

/// One ISO week for `movectl report`.
struct WeekFigures {
  LocalDays monday;  ///< the week's Monday
  Instant from;      ///< local midnight starting the week
  Instant to;        ///< the next Monday's midnight, or now for the current week
  int done = 0;
  double expected = 0;  ///< over [from, to)
  std::optional<double> adherence;
  int minutes = 0;
};

/// The expected count of r in [from, to), counted from first_seen when that
/// is later. 0 when the span is empty.
double expected(const Routine& r, Instant first_seen, Instant from, Instant to);

/// The expected count in [from, to) of a timeline of prescriptions: each
/// span's routine over its part of the period (nothing where none).
double expected(const Timeline& tl, Instant from, Instant to);

/// The target band in whole minutes of [from, to): each span's expected x
/// its dose's bounds, summed; nullopt when no span there has a duration.
std::optional<std::pair<int, int>> target_minutes(const Timeline& tl, Instant from, Instant to);

/// min(1, done / expected); nullopt when expected <= 0.
std::optional<double> adherence(int done, double expected);

/// The streak as defined above; each period measured against the
/// prescription of tl in force at its end. 0 when none is in force now.
int streak(const Timeline& tl, std::span<const Completion> completions, Instant now);

/// All of status's figures, against tl. completions may be in any order.
Figures figures(const Timeline& tl, std::span<const Completion> completions, Instant now);

/// The last `weeks` ISO weeks, newest (the current, partial week up to now)
/// last, each against the prescriptions in force in it. Empty when weeks <= 0.
std::vector<WeekFigures> weekly(const Timeline& tl, std::span<const Completion> completions, Instant now, int weeks);

/// The same for r prescribed as it is (its stages included) since first_seen.
int streak(const Routine& r, Instant first_seen, std::span<const Completion> completions, Instant now);
Figures figures(const Routine& r, Instant first_seen, std::span<const Completion> completions, Instant now);
std::vector<WeekFigures> weekly(const Routine& r, Instant first_seen, std::span<const Completion> completions,
                                Instant now, int weeks);

}  // namespace move
