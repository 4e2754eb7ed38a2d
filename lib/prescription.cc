// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/prescription.h"

#include <algorithm>

#include "lib/i18n.h"
#include "lib/time_of_day.h"
#include "lib/weekdays.h"

namespace move {

LocalDays stage_start(const Routine& r, Instant first_seen) { return r.start.value_or(local_day(first_seen)); }

Instant stage_begins(const Stage& s, LocalDays start) { return at_local(start + std::chrono::days(s.after_days), 0); }

std::size_t stage_index(const Routine& r, LocalDays start, Instant t) {
  std::size_t i = 0;
  while (i < r.stages.size() && stage_begins(r.stages[i], start) <= t) ++i;
  return i;
}

const Routine& in_force(const Routine& r, LocalDays start, Instant t) {
  const std::size_t i = stage_index(r, start, t);
  return i == 0 ? r : r.stages[i - 1].routine;
}

std::optional<Instant> next_stage(const Routine& r, LocalDays start, Instant t) {
  const std::size_t i = stage_index(r, start, t);
  if (i == r.stages.size()) return std::nullopt;
  return stage_begins(r.stages[i], start);
}

namespace {

// The routine without its stages, as a span holds it.
Routine flat(const Routine& r) {
  Routine out = r;
  out.stages.clear();
  return out;
}

bool same_schedule_and_dose(const Routine& a, const Routine& b) {
  return a.kind == b.kind && a.every == b.every && a.active == b.active && a.at == b.at &&
         a.times_per_week == b.times_per_week && a.duration == b.duration && a.window == b.window && a.on == b.on;
}

void push(Timeline& tl, Instant from, const std::optional<Routine>& r) {
  if (!tl.empty()) {
    PrescribedSpan& last = tl.back();
    const bool same = last.routine.has_value() == r.has_value() && (!r || same_schedule_and_dose(*last.routine, *r));
    if (same) return;
    if (last.from == from) {  // replaced at the same instant
      last.routine = r;
      return;
    }
  }
  tl.push_back({from, r});
}

}  // namespace

Timeline timeline(std::span<const PrescriptionRecord> records, Instant first_seen) {
  Timeline tl;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const PrescriptionRecord& rec = records[i];
    const Instant from = std::max(rec.at, first_seen);
    const Instant until = i + 1 < records.size() ? records[i + 1].at : Instant::max();
    if (until <= from) continue;
    if (!rec.routine) {
      push(tl, from, std::nullopt);
      continue;
    }
    const Routine& r = *rec.routine;
    const LocalDays start = stage_start(r, first_seen);
    push(tl, from, flat(in_force(r, start, from)));
    for (const Stage& s : r.stages) {
      const Instant b = stage_begins(s, start);
      if (b <= from) continue;
      if (b >= until) break;
      push(tl, b, s.routine);
    }
  }
  return tl;
}

Timeline timeline(const Routine& r, Instant first_seen) {
  const PrescriptionRecord one{first_seen, r};
  return timeline(std::span{&one, 1}, first_seen);
}

const Routine* in_force(const Timeline& tl, Instant t) {
  auto it = std::upper_bound(tl.begin(), tl.end(), t, [](Instant v, const PrescribedSpan& s) { return v < s.from; });
  if (it == tl.begin()) return nullptr;
  const PrescribedSpan& s = *std::prev(it);
  return s.routine ? &*s.routine : nullptr;
}

bool same_prescription(const Routine& a, const Routine& b) {
  if (!same_schedule_and_dose(a, b) || a.start != b.start || a.stages.size() != b.stages.size()) return false;
  for (std::size_t i = 0; i < a.stages.size(); ++i)
    if (a.stages[i].after_days != b.stages[i].after_days ||
        !same_schedule_and_dose(a.stages[i].routine, b.stages[i].routine))
      return false;
  return true;
}

std::string describe_prescription(const Routine& r, Words words) {
  std::string s = describe_schedule(r, words);
  if (r.duration) s += ", " + format_dose(*r.duration);
  if (r.window) s += ", " + format_window(*r.window);
  if (!(r.on == DaySet::all())) s += ", " + (words == Words::local ? day_words(r.on) : format_days(r.on));
  return s;
}

std::string describe_with_stages(const Routine& r, std::optional<LocalDays> start, Words words) {
  std::string s = describe_prescription(r, words);
  if (!start) start = r.start;
  for (const Stage& st : r.stages) {
    const std::string stage = describe_prescription(st.routine, words);
    if (words == Words::fixed)
      s += "; " +
           (start ? "from " + format_date(*start + std::chrono::days(st.after_days))
                  : "after " + std::to_string(st.after_days) + " days") +
           ": " + stage;
    else if (start)
      // TRANSLATORS: a stage of a routine from a day on: "from 2026-12-21: every 2d, 20–30 min".
      s += "; " + strprintf(_("from %1$s: %2$s"), format_date(*start + std::chrono::days(st.after_days)).c_str(),
                            stage.c_str());
    else
      // TRANSLATORS: a stage of a routine, counted from its start: "after 14 days: every 2d, 20–30 min".
      s += "; " +
           strprintf(P_("after %1$d day: %2$s", "after %1$d days: %2$s", static_cast<unsigned long>(st.after_days)),
                     st.after_days, stage.c_str());
  }
  return s;
}

Routine parse_prescription(std::string_view text) {
  Plan p = parse_plan(text, "prescription");
  if (p.routines.size() != 1) throw PlanError("prescription", 1, 1, "expected one [[routine]]");
  return std::move(p.routines.front());
}

}  // namespace move
