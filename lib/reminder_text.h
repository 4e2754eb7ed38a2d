// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The words of one reminder (pure): its summary and body from the routine,
// the exercise and encouragement chosen this time, and how the person's back
// is (docs/design.md, "Reminders that fit the day").

#include <optional>
#include <string>

#include "lib/duration.h"
#include "lib/i18n.h"
#include "lib/plan.h"
#include "lib/schedule.h"

namespace move {

/// A pain rating at least this high in the last kPainLookback makes
/// reminders gentler: a shorter session counts, and no repeats.
inline constexpr int kHighPain = 7;
inline constexpr Seconds kPainLookback = std::chrono::hours(24);

/// The line a routine with a dose gets after a high pain rating.
inline constexpr char kPainLine[] = N_("Sore today? A shorter, easier session counts too.");

/// Whether a rating of level at `at` makes reminders at now gentler.
bool in_pain(std::optional<int> level, std::optional<Instant> at, Instant now);

/// What moved shows.
struct ReminderText {
  std::string summary;
  std::string body;
};

/// summary: the title, and for an `at` routine when it starts ("Pilates
/// class at 18:00", starts: minutes after midnight). body: the dose, "Try:"
/// the exercise, the notes, the pain line (routines with a dose, in_pain),
/// then the encouragement; one a line, empty ones left out.
ReminderText reminder_text(const Routine& r, const std::string& exercise, const std::string& encouragement, bool pain,
                           std::optional<int> starts);

/// The repeat cap of r now: the plan's, 1 for a routine with a dose while
/// in pain.
int repeat_cap(const Routine& r, const Plan& plan, bool pain);

/// For an `at` routine, the minute of the day its coming occurrence starts
/// (the one whose reminder is next, lead included); nullopt for other kinds.
std::optional<int> starts_at(const Routine& r, const RoutineState& st);

}  // namespace move
