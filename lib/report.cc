// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/report.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <vector>

#include "lib/adherence.h"
#include "lib/local_time.h"
#include "lib/prescription_history.h"
#include "lib/report_summary.h"
#include "lib/rule_json.h"

namespace move {

namespace json = boost::json;
using std::chrono::days;

namespace {

json::value rounded(std::optional<double> v) {
  return v ? json::value(std::round(*v * 100) / 100) : json::value(nullptr);
}

/// expected x the dose's bounds in whole minutes; null without a dose.
json::value band_json(const std::optional<std::pair<int, int>>& band) {
  if (!band) return nullptr;
  return json::object{{"min", band->first}, {"max", band->second}};
}

json::value minutes_band(const Routine& r, double expected) {
  if (!r.duration) return nullptr;
  auto minutes = [&](Seconds s) { return std::lround(expected * static_cast<double>(s.count()) / 60.0); };
  return json::object{{"min", minutes(r.duration->min)}, {"max", minutes(r.duration->max)}};
}

/// Whether t lies in the week [from, to), or is `now` itself at the end of
/// the current week (as weekly() counts a completion at now).
bool in_week(Instant t, const WeekFigures& w, bool current) {
  return t >= w.from && (t < w.to || (current && t == w.to));
}

// When the routine came into the plan, for the expected counts.
// History::first_seen() knows, but it stores `now` on its first call and is
// not const: a report must not write. The routine's earliest event stands in:
// moved records a "due" at each reminder, and a completion, skip or snooze
// also shows the routine was in the plan then. An event before the period
// means it was there all along: the period's start. With no event at all,
// nothing shows that the routine was prescribed at any time in the period
// (just added, or never enabled): nothing is expected, rather than weeks of
// "missed" sessions that nobody asked for, which is the wrong thing to show a
// physiotherapist. The cost: the week a routine was added may expect a little
// less than status does, up to one interval (the first "due" comes one
// interval after the start). status counts from the engine's anchor instead.
Instant first_seen_for(const History& history, const Routine& r, const std::vector<Event>& in_period, Instant from,
                       Instant now) {
  HistoryQuery before;
  before.routine = r.id;
  before.until = from;
  before.limit = 1;
  if (!history.list(before).empty()) return from;
  for (const Event& e : in_period)  // ordered by `at`
    if (e.at <= now) return std::max(e.at, from);
  return now;
}

}  // namespace

std::optional<double> pain_average(const History& history, Instant from, Instant to) {
  if (to < from) return std::nullopt;
  HistoryQuery q;
  q.routine = "";
  q.since = from;
  q.until = to + Seconds{1};  // whole seconds: `to` inclusive
  q.kinds = {EventKind::pain};
  double sum = 0;
  int n = 0;
  for (const Event& e : history.list(q)) {
    if (!e.value) continue;
    sum += *e.value;
    ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / n;
}

/// The spans during which reminders were paused, up to now: each `paused`
/// event until its length runs out, the next `resumed`, or the next
/// `paused` (which replaces it).
std::vector<std::pair<Instant, Instant>> pauses(const History& history, Instant now) {
  HistoryQuery q;
  q.routine = "";
  q.kinds = {EventKind::paused, EventKind::resumed};
  const std::vector<Event> events = history.list(q);  // a few a month: all of them
  std::vector<std::pair<Instant, Instant>> spans;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (e.kind != EventKind::paused || e.at >= now) continue;
    Instant end = end_of(e).value_or(now);
    if (i + 1 < events.size()) end = std::min(end, events[i + 1].at);
    spans.emplace_back(e.at, std::min(end, now));
  }
  return spans;
}

json::object report_json(const Plan& plan, const History& history, Instant now, int weeks) {
  weeks = std::clamp(weeks, kReportMinWeeks, kReportMaxWeeks);
  const LocalDays current = iso_week_start(local_day(now));
  const LocalDays first = current - days(7 * (weeks - 1));
  const Instant from = at_local(first, 0);

  // The weeks themselves, with the pain ratings.
  HistoryQuery pq;
  pq.routine = "";
  pq.since = from;
  pq.kinds = {EventKind::pain};
  const std::vector<Event> pains = history.list(pq);
  const auto paused = pauses(history, now);
  json::array week_list;
  for (int i = 0; i < weeks; ++i) {
    const LocalDays monday = first + days(7 * i);
    const bool last = i == weeks - 1;
    const Instant wfrom = at_local(monday, 0);
    const Instant wto = last ? now : at_local(monday + days(7), 0);
    double sum = 0;
    int n = 0;
    json::array pain_notes;  // what the person wrote beside a rating
    for (const Event& e : pains)
      if (e.value && e.at >= wfrom && (e.at < wto || (last && e.at == wto))) {
        sum += *e.value;
        ++n;
        if (e.note)
          pain_notes.push_back(json::object{{"at", format_iso8601(e.at)}, {"level", *e.value}, {"note", *e.note}});
      }
    const long elapsed = last ? (local_day(now) - monday).count() + 1 : 7;
    Seconds paused_for{0};
    for (const auto& [a, b] : paused) paused_for += std::max(Seconds{0}, std::min(b, wto) - std::max(a, wfrom));
    week_list.push_back(json::object{{"monday", format_date(monday)},
                                     {"to", format_iso8601(wto)},
                                     {"days_elapsed", std::clamp(elapsed, 1L, 7L)},
                                     {"pain_avg", rounded(n ? std::optional(sum / n) : std::nullopt)},
                                     {"pain_count", n},
                                     {"pain_notes", std::move(pain_notes)},
                                     {"paused_s", paused_for.count()}});
  }

  const PrescriptionRecords prescriptions = read_prescriptions(history);
  std::vector<PrescriptionChange> changes;
  json::array routines;
  for (const Routine& r : plan.routines) {
    HistoryQuery q;
    q.routine = r.id;
    q.since = from;
    const std::vector<Event> events = history.list(q);
    const Instant first_seen = first_seen_for(history, r, events, from, now);
    // Each day against the prescription of its own: what moved recorded.
    const auto records = prescriptions.find(r.id);
    const Timeline tl = records == prescriptions.end()
                            ? timeline(r, first_seen)
                            : prescribed(records->second, r, records->second.front().at, first_seen);
    for (PrescriptionChange& c : prescription_changes(r.id, tl, from, now)) changes.push_back(std::move(c));

    std::vector<Completion> completions;
    std::vector<const Event*> skips;
    std::vector<const Event*> noted;  // done events with a note
    std::vector<Instant> imported;    // done events of activity files (movectl import, import_dir)
    for (const Event& e : events) {
      if (e.at > now) continue;
      if (e.kind == EventKind::done && e.source) imported.push_back(e.at);
      if (e.kind == EventKind::done && e.note) noted.push_back(&e);
      if (e.kind == EventKind::done || e.kind == EventKind::natural)
        completions.push_back({e.at, e.minutes.value_or(0)});
      else if (e.kind == EventKind::skipped)
        skips.push_back(&e);
    }

    json::array rweeks;
    const std::vector<WeekFigures> figures = weekly(tl, completions, now, weeks);
    for (std::size_t i = 0; i < figures.size(); ++i) {
      const WeekFigures& w = figures[i];
      const bool last = i + 1 == figures.size();
      json::array skip_list;
      for (const Event* e : skips)
        if (in_week(e->at, w, last))
          skip_list.push_back(json::object{{"at", format_iso8601(e->at)},
                                           {"reason", e->reason ? json::value(*e->reason) : json::value(nullptr)},
                                           {"note", e->note ? json::value(*e->note) : json::value(nullptr)}});
      json::array note_list;
      for (const Event* e : noted)
        if (in_week(e->at, w, last))
          note_list.push_back(json::object{{"at", format_iso8601(e->at)}, {"note", *e->note}});
      std::array<int, 7> per_day{};
      for (const Completion& c : completions)
        if (in_week(c.at, w, last)) {
          const auto d = (local_day(c.at) - w.monday).count();
          if (d >= 0 && d < 7) ++per_day[static_cast<std::size_t>(d)];
        }
      json::array day_list;
      for (int d : per_day) day_list.push_back(d);
      const auto imported_n =
          std::count_if(imported.begin(), imported.end(), [&](Instant t) { return in_week(t, w, last); });
      // The prescription in force at the week's end; null when none was.
      const Routine* at_end = in_force(tl, last ? now : w.to - Seconds{1});
      rweeks.push_back(
          json::object{{"monday", format_date(w.monday)},
                       {"done", w.done},
                       {"expected", rounded(w.expected)},
                       {"adherence", rounded(w.adherence)},
                       {"minutes", w.minutes},
                       {"target_minutes", band_json(target_minutes(tl, w.from, w.to))},
                       {"prescription", at_end ? json::value(describe_prescription(*at_end)) : json::value(nullptr)},
                       {"prescription_rule", rule_or_null(at_end)},
                       {"imported", imported_n},
                       {"skips", std::move(skip_list)},
                       {"notes", std::move(note_list)},
                       {"days", std::move(day_list)}});
    }

    // A whole week of the routine, as prescribed (the current ISO week, in
    // full: its DST change, if any, counts as for every other figure).
    const Instant week_start = at_local(current, 0), week_end = at_local(current + days(7), 0);
    const Routine* in_force_now = in_force(tl, now);
    const Routine& p = in_force_now ? *in_force_now : r;  // the stage in force
    json::object o{
        {"id", r.id}, {"title", r.display_title()}, {"schedule", describe_schedule(p)}, {"enabled", r.enabled}};
    o["rule"] = rule_json(p);
    o["dose"] = p.duration ? json::value(format_dose(*p.duration)) : json::value(nullptr);
    o["target_minutes_week"] = minutes_band(p, expected(p, week_start, week_start, week_end));
    o["weeks"] = std::move(rweeks);
    routines.push_back(std::move(o));
  }

  std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  json::array change_list;
  for (const PrescriptionChange& c : changes) {
    // Each side in English and as its rule; a routine out of the plan is
    // "not in the plan" and null.
    auto text = [](const std::optional<Routine>& p) { return p ? describe_prescription(*p) : "not in the plan"; };
    auto rule = [](const std::optional<Routine>& p) { return rule_or_null(p ? &*p : nullptr); };
    change_list.push_back(json::object{{"routine", c.routine},
                                       {"at", format_iso8601(c.at)},
                                       {"from", text(c.before)},
                                       {"to", text(c.after)},
                                       {"from_rule", rule(c.before)},
                                       {"to_rule", rule(c.after)}});
  }
  json::object report{{"ok", true},
                      {"from", format_iso8601(from)},
                      {"to", format_iso8601(now)},
                      {"weeks", std::move(week_list)},
                      {"routines", std::move(routines)},
                      {"prescriptions", std::move(change_list)}};
  add_health(report, history, from, now);
  report["summary"] = report_summary(report);
  return report;
}

}  // namespace move
