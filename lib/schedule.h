// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pure scheduler: routine + what happened + now -> the next reminder.
// No clock reads: `now` is always a parameter.

#include <optional>
#include <vector>

#include "lib/duration.h"
#include "lib/plan.h"

namespace move {

/// What the scheduler needs to know of a routine's past.
struct RoutineState {
  Instant anchor{};                      ///< first seen by moved; stands for a completion of `every`
  std::optional<Instant> last_done;      ///< latest completion (done or natural break)
  std::optional<Instant> last_skipped;   ///< latest skip: the occurrence is over, not done
  std::optional<Instant> last_fired;     ///< latest reminder shown
  std::optional<Instant> snoozed_until;  ///< a snooze in force, if later than last_fired
  std::vector<Instant> done;             ///< completions; the current and coming ISO weeks suffice
  Seconds not_counted{0};  ///< `active` routines: idle time (and moved's downtime) since the last completion
  /// Reminders shown of the current occurrence (since it fell due, or since
  /// the latest snooze): what the repeat cap counts.
  int shown = 0;
  /// The repeat cap in force (Plan::repeat_for, 1 while in pain); 0: none.
  int repeat = 0;
};

/// Whether r's current occurrence has had all the reminders its cap allows
/// (`every` routines: the only ones that repeat). It stays due; the next
/// occurrence starts `every` after the last reminder, or for a routine of a
/// day or more at the start of a later day, as after a skip.
bool repeats_spent(const Routine& r, const RoutineState& st);

/// When the current occurrence of an `every` routine started: the latest
/// completion (a backfill before moved first saw the routine included), else
/// the first sight; a later skip closes it too.
Instant last_closed(const RoutineState& st);

/// Whether st's snooze is still to fire: not yet fired, and not answered by
/// a done or skip.
bool snooze_in_force(const RoutineState& st);

/// Earliest instant >= t inside r's window, on a day r allows (the day a
/// window starts on), outside quiet hours. nullopt when there is none within
/// two weeks (e.g. quiet hours cover the whole window).
std::optional<Instant> next_allowed(const Routine& r, const Settings& s, Instant t);

/// When quiet hours in force at now end; nullopt outside quiet hours.
std::optional<Instant> quiet_until(const Settings& s, Instant now);

/// Whether t is an allowed instant for r (next_allowed(r, s, t) == t).
bool allowed_at(const Routine& r, const Settings& s, Instant t);

/// The earliest instant >= now at which a reminder for r should fire, or
/// nullopt (disabled, or nothing allowed). One reminder however long overdue:
/// past reminders collapse into `now`.
///  - every: last_closed(st) + every + not_counted; once fired,
///    again `snooze` after the last reminder while it stays undone, until
///    repeats_spent (then the next occurrence, see there). A skip
///    of a routine of a day or more means "not today": it is due again at
///    the start of its next allowed window on a later day.
///  - at: the first occurrence (time - lead) after the latest of anchor,
///    reminder, done and skip.
///  - times_per_week: the window's start (or now, inside it) on the first
///    allowed day with no completion, skip or reminder yet, whose ISO week
///    is short of the target.
/// A snooze in force wins over all of these. Quiet hours defer, never drop.
std::optional<Instant> next_reminder(const Routine& r, const Settings& s, Seconds snooze, const RoutineState& st,
                                     Instant now);

/// After the wall clock was set back (a laptop that booted hours ahead, then
/// NTP): the instants st records of the past that now lie in the future are
/// brought back to now, so that nothing stalls for the size of the jump. A
/// snooze in force moves back by as much as the latest of them (the jump as
/// far as st shows it), not before now. Harmless when nothing is ahead of now.
void clamp_to(RoutineState& st, Instant now);

/// For `movectl check --next`: the next `count` reminders from `from`, each
/// taken as done when it fires, with no history (first seen at `from`).
std::vector<Instant> preview(const Routine& r, const Plan& plan, Instant from, int count);

}  // namespace move
