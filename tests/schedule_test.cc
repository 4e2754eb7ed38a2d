// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/schedule.h"

#include <catch2/catch.hpp>

#include "lib/local_time.h"
#include "tests/tz_guard.h"
#include "tests/local_at.h"

using namespace move;
using namespace std::chrono_literals;
using move::test::TzGuard;

namespace {

Plan plan_of(const std::string& text) { return parse_plan(text, "plan.toml"); }

using test::at;

std::vector<std::string> next_of(const Plan& p, const char* from, int n, std::size_t which = 0) {
  std::vector<std::string> out;
  for (Instant t : preview(p.routines.at(which), p, at(from), n)) out.push_back(format_iso8601(t));
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("every: elapsed time from the last completion, moved into the window", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of(R"([settings]
quiet_hours = "22:00-07:30"
[[routine]]
id = "walk"
every = "2d"
window = "07:00-20:00"
)");
  REQUIRE(next_of(p, "2026-11-23 12:00", 3) ==
          V{"2026-11-25T12:00:00+01:00", "2026-11-27T12:00:00+01:00", "2026-11-29T12:00:00+01:00"});
  // Due at 21:00, outside the window: the next window opens at 07:00, but
  // quiet hours last until 07:30.
  REQUIRE(next_of(p, "2026-11-23 21:00", 2) == V{"2026-11-26T07:30:00+01:00", "2026-11-28T07:30:00+01:00"});
}

TEST_CASE("every: an interval counts elapsed time across DST changes", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of("[[routine]]\nid = \"r\"\nevery = \"1h\"\n");
  REQUIRE(next_of(p, "2026-03-29 00:30", 3) ==
          V{"2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00", "2026-03-29T04:30:00+02:00"});
  REQUIRE(next_of(p, "2026-10-25 01:30", 3) ==
          V{"2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-25T03:30:00+01:00"});
}

TEST_CASE("at: a time in the skipped hour fires once after the gap, a repeated hour once", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of("[[routine]]\nid = \"r\"\nat = [\"02:30\"]\n");
  REQUIRE(next_of(p, "2026-03-28 00:00", 3) ==
          V{"2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"});
  REQUIRE(next_of(p, "2026-10-24 00:00", 3) ==
          V{"2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"});
}

TEST_CASE("at: New York's DST changes", "[schedule]") {
  TzGuard tz("America/New_York");
  Plan p = plan_of("[[routine]]\nid = \"r\"\nat = [\"02:15\", \"01:30\"]\n");
  REQUIRE(next_of(p, "2026-03-07 12:00", 3) ==
          V{"2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-09T01:30:00-04:00"});
  REQUIRE(next_of(p, "2026-10-31 12:00", 4) == V{"2026-11-01T01:30:00-04:00", "2026-11-01T02:15:00-05:00",
                                                 "2026-11-02T01:30:00-05:00", "2026-11-02T02:15:00-05:00"});
}

TEST_CASE("at: weekly with a lead, and 29 February", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan weekly = plan_of("[[routine]]\nid = \"pilates\"\nat = [\"18:00\"]\non = [\"tue\"]\nlead = \"30m\"\n");
  REQUIRE(next_of(weekly, "2026-11-24 17:45", 2) == V{"2026-12-01T17:30:00+01:00", "2026-12-08T17:30:00+01:00"});
  REQUIRE(next_of(weekly, "2026-11-24 17:00", 1) == V{"2026-11-24T17:30:00+01:00"});
  Plan daily = plan_of("[[routine]]\nid = \"r\"\nat = [\"07:00\"]\n");
  REQUIRE(next_of(daily, "2028-02-28 08:00", 2) == V{"2028-02-29T07:00:00+01:00", "2028-03-01T07:00:00+01:00"});
  REQUIRE(next_of(daily, "2027-02-28 08:00", 1) == V{"2027-03-01T07:00:00+01:00"});
}

TEST_CASE("a window crossing midnight belongs to the day it starts", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of("[[routine]]\nid = \"r\"\nevery = \"1h\"\nwindow = \"22:00-02:00\"\non = [\"fri\"]\n");
  REQUIRE(next_of(p, "2026-11-27 20:30", 6) == V{"2026-11-27T22:00:00+01:00", "2026-11-27T23:00:00+01:00",
                                                 "2026-11-28T00:00:00+01:00", "2026-11-28T01:00:00+01:00",
                                                 "2026-12-04T22:00:00+01:00", "2026-12-04T23:00:00+01:00"});
}

TEST_CASE("times_per_week: once a day until the ISO week's target is met", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of("[[routine]]\nid = \"core\"\ntimes_per_week = 3\nwindow = \"17:00-21:00\"\non = \"weekdays\"\n");
  // Thursday 30 April, across the month end into a new week.
  REQUIRE(next_of(p, "2026-04-30 18:00", 5) == V{"2026-04-30T18:00:00+02:00", "2026-05-01T17:00:00+02:00",
                                                 "2026-05-04T17:00:00+02:00", "2026-05-05T17:00:00+02:00",
                                                 "2026-05-06T17:00:00+02:00"});
  // Two a week across the turn of the year: ISO week 53 of 2026 starts Monday 28 December.
  Plan two = plan_of("[[routine]]\nid = \"core\"\ntimes_per_week = 2\nwindow = \"17:00-21:00\"\n");
  REQUIRE(next_of(two, "2026-12-26 12:00", 5) == V{"2026-12-26T17:00:00+01:00", "2026-12-27T17:00:00+01:00",
                                                   "2026-12-28T17:00:00+01:00", "2026-12-29T17:00:00+01:00",
                                                   "2027-01-04T17:00:00+01:00"});
}

TEST_CASE("times_per_week counts completions already in the week", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of("[[routine]]\nid = \"core\"\ntimes_per_week = 2\nwindow = \"17:00-21:00\"\n");
  const Routine& r = p.routines[0];
  RoutineState st;
  st.anchor = at("2026-11-01 00:00");
  st.done = {at("2026-11-23 18:00"), at("2026-11-24 18:00")};  // Mon and Tue: the week is met
  st.last_done = st.done.back();
  REQUIRE(next_reminder(r, p.settings, 10min, st, at("2026-11-25 12:00")) == at("2026-11-30 17:00"));
  st.done = {at("2026-11-22 18:00")};  // Sunday: the week before
  st.last_done = st.done.back();
  REQUIRE(next_reminder(r, p.settings, 10min, st, at("2026-11-25 12:00")) == at("2026-11-25 17:00"));
  // Already reminded today: tomorrow.
  st.last_fired = at("2026-11-25 17:00");
  REQUIRE(next_reminder(r, p.settings, 10min, st, at("2026-11-25 17:05")) == at("2026-11-26 17:00"));
}

TEST_CASE("quiet hours defer a reminder, never drop it", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of("[settings]\nquiet_hours = \"22:00-07:30\"\n[[routine]]\nid = \"r\"\nevery = \"1h\"\n");
  REQUIRE(next_of(p, "2026-11-26 21:15", 3) ==
          V{"2026-11-27T07:30:00+01:00", "2026-11-27T08:30:00+01:00", "2026-11-27T09:30:00+01:00"});
  Plan covered = plan_of(
      "[settings]\nquiet_hours = \"20:00-10:00\"\n[[routine]]\nid = \"r\"\nevery = \"1h\"\nwindow = "
      "\"21:00-23:00\"\n");
  REQUIRE(next_of(covered, "2026-11-26 12:00", 1).empty());
}

TEST_CASE("overdue reminders collapse into one, then repeat after the snooze length", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of("[[routine]]\nid = \"desk\"\nevery = \"1h\"\nwindow = \"09:00-17:00\"\n");
  const Routine& r = p.routines[0];
  RoutineState st;
  st.anchor = at("2026-11-20 09:00");  // days of downtime since
  Instant now = at("2026-11-26 10:12");
  REQUIRE(next_reminder(r, p.settings, 10min, st, now) == now);
  st.last_fired = now;
  REQUIRE(next_reminder(r, p.settings, 10min, st, now) == at("2026-11-26 10:22"));
  st.snoozed_until = at("2026-11-26 10:42");
  REQUIRE(next_reminder(r, p.settings, 10min, st, now) == at("2026-11-26 10:42"));
  st.last_done = at("2026-11-26 10:30");  // done: the snooze is over
  REQUIRE(next_reminder(r, p.settings, 10min, st, at("2026-11-26 10:30")) == at("2026-11-26 11:30"));
  st.last_skipped = at("2026-11-26 16:45");  // a skip closes the occurrence too
  REQUIRE(next_reminder(r, p.settings, 10min, st, at("2026-11-26 16:45")) == at("2026-11-27 09:00"));
  st.not_counted = 20min;  // idle time does not count for active routines
  REQUIRE(next_reminder(r, p.settings, 10min, st, at("2026-11-26 16:45")) == at("2026-11-27 09:00"));
  REQUIRE(next_reminder(r, p.settings, 10min, st, at("2026-11-26 16:45")) != std::nullopt);
}

TEST_CASE("at: missed occurrences give one reminder", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of("[[routine]]\nid = \"r\"\nat = [\"08:00\", \"20:00\"]\n");
  const Routine& r = p.routines[0];
  RoutineState st;
  st.anchor = at("2026-11-20 09:00");
  st.last_fired = at("2026-11-23 08:00");
  Instant now = at("2026-11-26 10:00");
  REQUIRE(next_reminder(r, p.settings, 10min, st, now) == now);
  st.last_fired = now;
  REQUIRE(next_reminder(r, p.settings, 10min, st, now) == at("2026-11-26 20:00"));
}

TEST_CASE("a disabled routine never fires", "[schedule]") {
  Plan p = plan_of("[[routine]]\nid = \"r\"\nevery = \"1h\"\nenabled = false\n");
  REQUIRE(next_of(p, "2026-11-26 12:00", 3).empty());
}

TEST_CASE("allowed_at honours days, window and quiet hours", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of(
      "[settings]\nquiet_hours = \"12:00-13:00\"\n[[routine]]\nid = \"r\"\nevery = \"1h\"\nwindow = "
      "\"09:00-17:00\"\non = \"weekdays\"\n");
  const Routine& r = p.routines[0];
  REQUIRE(allowed_at(r, p.settings, at("2026-11-26 10:00")));
  REQUIRE_FALSE(allowed_at(r, p.settings, at("2026-11-26 12:30")));
  REQUIRE_FALSE(allowed_at(r, p.settings, at("2026-11-26 17:00")));
  REQUIRE_FALSE(allowed_at(r, p.settings, at("2026-11-28 10:00")));
  REQUIRE(next_allowed(r, p.settings, at("2026-11-28 10:00")) == at("2026-11-30 09:00"));
}

TEST_CASE("clock set back: instants left in the future are brought back to now", "[schedule][clock]") {
  TzGuard tz("Europe/Berlin");
  // The laptop booted three days ahead, reminded, then NTP set it back.
  Plan p = plan_of(
      "[[routine]]\nid = \"lunch\"\nat = [\"12:00\"]\n"
      "[[routine]]\nid = \"desk\"\nevery = \"1h\"\n");
  const Routine& daily = p.routines[0];
  const Routine& hourly = p.routines[1];
  const Instant now = at("2026-11-26 10:00");

  RoutineState st;
  st.anchor = at("2026-11-20 09:00");
  st.last_fired = at("2026-11-29 12:00");
  clamp_to(st, now);
  REQUIRE(st.last_fired == now);
  REQUIRE(next_reminder(daily, p.settings, 10min, st, now) == at("2026-11-26 12:00"));  // not the 30th

  RoutineState desk;
  desk.anchor = at("2026-11-29 08:00");
  desk.last_done = at("2026-11-29 09:00");
  desk.done = {at("2026-11-25 17:00"), at("2026-11-29 09:00")};
  desk.last_fired = at("2026-11-29 10:00");
  desk.snoozed_until = at("2026-11-29 10:20");  // snoozed 20 min after the last reminder
  clamp_to(desk, now);
  REQUIRE(desk.anchor == now);
  REQUIRE(desk.last_done == now);
  REQUIRE(desk.done == std::vector<Instant>{at("2026-11-25 17:00"), now});
  REQUIRE(desk.snoozed_until == at("2026-11-26 10:20"));  // moved back by the jump
  REQUIRE(next_reminder(hourly, p.settings, 10min, desk, now) == at("2026-11-26 10:20"));
  desk.snoozed_until.reset();
  REQUIRE(next_reminder(hourly, p.settings, 10min, desk, now) == at("2026-11-26 11:00"));

  RoutineState past;  // nothing ahead of now: nothing changes, a snooze in force stays
  past.anchor = at("2026-11-26 08:00");
  past.last_fired = at("2026-11-26 09:00");
  past.snoozed_until = at("2026-11-26 11:00");
  clamp_to(past, now);
  REQUIRE(past.last_fired == at("2026-11-26 09:00"));
  REQUIRE(past.snoozed_until == at("2026-11-26 11:00"));
}

TEST_CASE("every: a skip means not today, not a whole interval later", "[schedule]") {
  TzGuard tz("Europe/Berlin");
  Plan p = plan_of(
      "[[routine]]\nid = \"walk\"\nevery = \"2d\"\nwindow = \"07:00-20:00\"\n"
      "[[routine]]\nid = \"desk\"\nevery = \"1h\"\n");
  const Routine& walk = p.routines[0];
  RoutineState st;
  st.anchor = at("2026-11-23 10:00");
  st.last_done = at("2026-11-23 10:00");     // Monday
  st.last_fired = at("2026-11-25 10:00");    // due Wednesday
  st.last_skipped = at("2026-11-25 11:00");  // "not today"
  // Thursday when the window opens, not Friday 11:00.
  CHECK(next_reminder(walk, p.settings, 10min, st, at("2026-11-25 11:00")) == at("2026-11-26 07:00"));
  // Skipped late in the evening: still the next morning.
  st.last_skipped = at("2026-11-25 23:30");
  CHECK(next_reminder(walk, p.settings, 10min, st, at("2026-11-25 23:30")) == at("2026-11-26 07:00"));
  // At a month end, and the night clocks go back.
  st.last_skipped = at("2026-11-30 12:00");
  CHECK(next_reminder(walk, p.settings, 10min, st, at("2026-11-30 12:00")) == at("2026-12-01 07:00"));
  RoutineState october;
  october.anchor = october.last_done.emplace(at("2026-10-22 10:00"));
  october.last_skipped = at("2026-10-24 12:00");
  CHECK(next_reminder(walk, p.settings, 10min, october, at("2026-10-24 12:00")) ==
        *parse_datetime("2026-10-25T07:00:00+01:00"));
  // A done after the skip counts from the done again.
  st.last_skipped = at("2026-11-25 11:00");
  st.last_done = at("2026-11-25 18:00");
  CHECK(next_reminder(walk, p.settings, 10min, st, at("2026-11-25 18:00")) == at("2026-11-27 18:00"));
  // Shorter than a day (a desk break): a skip restarts the hour, as before.
  RoutineState desk;
  desk.anchor = at("2026-11-25 09:00");
  desk.last_skipped = at("2026-11-25 10:05");
  CHECK(next_reminder(p.routines[1], p.settings, 10min, desk, at("2026-11-25 10:05")) == at("2026-11-25 11:05"));
}
