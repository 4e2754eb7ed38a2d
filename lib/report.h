// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl report`: per routine and ISO week, what was done against what the
// plan prescribes, minutes against the target band, skips with their notes,
// the done days of each week, and the weekly average pain rating. Pure but
// for reading the history: no clock reads, nothing written.
//
// The model (the `report` reply; times ISO 8601 with the local offset,
// numbers rounded to 2 decimals, weeks oldest first, the last one the
// current ISO week up to now):
//
//   {"ok": true, "from": "2026-11-02T00:00:00+01:00", "to": <now>,
//    "weeks": [{"monday": "2026-11-02", "to": <next Monday's midnight or now>,
//               "days_elapsed": 7, "pain_avg": 3.5 | null, "pain_count": 2,
//               "pain_notes": [{"at": "...", "level": 6, "note": "after gardening"}],
//               "paused_s": 0}],
//    "routines": [{"id": "walk", "title": "Brisk walk", "schedule": "every 2d",
//                  "rule": {"kind": "every", "every_s": 172800, ...}, "enabled": true,
//                  "dose": "30–60 min" | null,
//                  "target_minutes_week": {"min": 105, "max": 210} | null,
//                  "weeks": [{"monday": "2026-11-02", "done": 3, "expected": 3.5,
//                             "adherence": 0.86 | null, "minutes": 120, "imported": 2,
//                             "target_minutes": {"min": 105, "max": 210} | null,
//                             "prescription": "every 2d, 30–60 min" | null,
//                             "prescription_rule": {...} | null,
//                             "skips": [{"at": "...", "note": "knee" | null}],
//                             "notes": [{"at": "...", "note": "with Anna, hilly"}],
//                             "days": [0, 1, 0, 2, 0, 0, 0]}]}],
//    "prescriptions": [{"routine": "walk", "at": "...", "from": "every 2d, 15–20 min",
//                       "to": "every 2d, 20–30 min", "from_rule": {...} | null,
//                       "to_rule": {...} | null}]}
//
// Each week is measured against the prescriptions in force in it
// (lib/prescription.h): those moved recorded in the history, and the stages
// of each. A plan change never rewrites a past week. A week's prescription
// is the one in force at its end (for people); "prescriptions" lists every
// change in the report's range, oldest first: a record that prescribes
// otherwise than the one before it, or a stage that began ("not in the
// plan" while a routine was removed). schedule, dose and
// target_minutes_week are the prescription in force now.
// Each text of a prescription (schedule, prescription, from, to) is English,
// the same in every locale; the rule beside it (lib/rule_json.h, null beside
// a null or "not in the plan") is the same prescription as data, which
// movectl says in the user's words.
//
// done, expected, adherence and minutes are adherence.h's weekly() figures
// (done counts `done` and natural breaks, by the time they were done).
// target_minutes is the week's expected x the dose's bounds (whole minutes);
// target_minutes_week the same for a whole week. days counts the
// completions on each local day, Monday first; days_elapsed is how many of
// the week's days have begun by `to` (7 but for the current week).
// imported counts the week's done events that came from activity files
// (movectl import, import_dir: they have a source); their minutes are the
// files' own.
// notes are the notes of the week's done events, pain_notes those of its
// pain ratings: shown beside their week, as the skips' notes are.
// paused_s is how long reminders were paused (`movectl pause`) in the week:
// context for a week of missed sessions; expected is not reduced by it.
// Each skip also has "reason" (null when none was given). The check-up
// fields (flares, scores, barriers, prescriptions, summary) are described in
// lib/report_summary.h; which weeks a request covers in lib/report_range.h.

#include <boost/json/object.hpp>
#include <optional>

#include "lib/duration.h"
#include "lib/history.h"
#include "lib/plan.h"

namespace move {

/// Weeks a report may cover.
inline constexpr int kReportMinWeeks = 1;
inline constexpr int kReportMaxWeeks = 104;
inline constexpr int kReportDefaultWeeks = 4;

/// The average level of the pain ratings recorded at from <= at <= to (both
/// inclusive, so a rating given at `now` counts in [now - 7d, now]);
/// nullopt when there is none. Not rounded. Throws HistoryError.
std::optional<double> pain_average(const History& history, Instant from, Instant to);

/// The report model above for the last `weeks` ISO weeks up to now (weeks is
/// clamped to kReportMinWeeks..kReportMaxWeeks). Routines in plan order,
/// disabled ones included. Throws HistoryError.
boost::json::object report_json(const Plan& plan, const History& history, Instant now, int weeks);

}  // namespace move
