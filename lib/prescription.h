// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What was prescribed when. A routine's prescription (schedule, dose,
// window, days) changes in two ways: by a stage of the plan taking effect
// (`start` + `after`, [[routine.stage]]), and by the plan being changed
// (moved keeps each prescription it runs in the history, kind
// `prescription`). The figures of a day are measured against the
// prescription in force that day, so that no change rewrites the past.
// Pure: instants in, spans out.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lib/local_time.h"
#include "lib/plan.h"

namespace move {

/// The day r's stages count from: its `start`, else the local day moved
/// first saw it.
LocalDays stage_start(const Routine& r, Instant first_seen);

/// When stage s begins: local midnight of start + after days.
Instant stage_begins(const Stage& s, LocalDays start);

/// Which stage is in force at t: 0 before the first stage (the routine as
/// written), i for r.stages[i - 1].
std::size_t stage_index(const Routine& r, LocalDays start, Instant t);

/// The routine as prescribed at t (r itself or one of its stages' routines).
const Routine& in_force(const Routine& r, LocalDays start, Instant t);

/// When the first stage after t begins; nullopt when no stage is to come.
std::optional<Instant> next_stage(const Routine& r, LocalDays start, Instant t);

/// One prescription the history keeps: the routine as it was from `at` on
/// (with its stages), or nullopt from the moment it left the plan.
struct PrescriptionRecord {
  Instant at;
  std::optional<Routine> routine;
};

/// One span of a timeline: routine is prescribed (no stages: they are
/// spans of their own) from `from` until the next span's from.
struct PrescribedSpan {
  Instant from;
  std::optional<Routine> routine;  ///< nullopt: not in the plan, nothing expected
};
/// Ascending by from; the first span starts no earlier than first_seen.
using Timeline = std::vector<PrescribedSpan>;

/// The timeline of records (ascending by at) with each record's stages
/// as spans of their own (counted from stage_start(routine, first_seen)).
/// Nothing is prescribed before the first record or before first_seen.
Timeline timeline(std::span<const PrescriptionRecord> records, Instant first_seen);

/// The timeline of r prescribed the same way (its stages included) since
/// first_seen.
Timeline timeline(const Routine& r, Instant first_seen);

/// The routine in force at t in tl; nullptr before the first span or while
/// the routine was out of the plan.
const Routine* in_force(const Timeline& tl, Instant t);

/// Whether a and b prescribe the same: schedule, dose, window, days, start
/// and stages (not the title, notes, exercises, ...).
bool same_prescription(const Routine& a, const Routine& b);

/// For people: "every 2d, 30–60 min", "3x a week, 30 min, mon, wed, fri",
/// "at 18:00, 07:00-20:00"; with stages, the stage in force is not named.
/// Words::fixed: the English of the JSON; Words::local: for people.
std::string describe_prescription(const Routine& r, Words words = Words::fixed);

/// describe_prescription of r and of each stage: "every 2d, 15–20 min;
/// from 2026-12-21: every 2d, 20–30 min" (the stages' days counted from
/// start when given, else "after 14 days").
std::string describe_with_stages(const Routine& r, std::optional<LocalDays> start = std::nullopt,
                                 Words words = Words::fixed);

/// Reads the text a prescription record keeps (Routine::prescription) back
/// into the routine it describes. Throws PlanError.
Routine parse_prescription(std::string_view text);

}  // namespace move
