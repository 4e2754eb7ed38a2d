// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/adherence.h"
#include "lib/time_of_day.h"

#include <catch2/catch.hpp>

#include "lib/local_time.h"
#include "tests/tz_guard.h"
#include "tests/local_at.h"

using namespace move;
using namespace std::chrono_literals;
using move::test::TzGuard;

namespace {

using test::at;

Completion done(const char* local, int minutes = 0) { return {at(local), minutes}; }

using Cs = std::vector<Completion>;

// 2026-11-26 is a Thursday; no DST change within 28 days before it.
const char* const kNow = "2026-11-26 12:00";
Instant long_ago() { return at("2025-01-01 00:00"); }

Routine every_r(Seconds d) {
  Routine r;
  r.id = "r";
  r.kind = ScheduleKind::every;
  r.every = d;
  return r;
}

Routine at_r(std::vector<int> times, const char* on = "mon,tue,wed,thu,fri,sat,sun") {
  Routine r;
  r.id = "r";
  r.kind = ScheduleKind::at;
  r.at = std::move(times);
  r.on = *parse_day_list(on);
  return r;
}

Routine tpw_r(int n) {
  Routine r;
  r.id = "r";
  r.kind = ScheduleKind::times_per_week;
  r.times_per_week = n;
  return r;
}

Routine walk() {
  Plan p = parse_plan(R"([[routine]]
id = "walk"
every = "2d"
duration = "30-60m"
window = "07:00-20:00"
)",
                      "plan.toml");
  return p.routines.at(0);
}

// The walk history behind docs/design.md's status example, now = 2026-11-26 12:00.
// 7-day period [11-19 12:00, 11-26 12:00]; 28-day period [10-29 12:00, ...].
// Streak periods (2 days, ending today): P0 [25,26] P1 [23,24] P2 [21,22]
// P3 [19,20] P4 [17,18] P5 [15,16] P6 [13,14] ...
Cs walk_history() {
  return {
      done("2026-10-29 11:00", 30),  // an hour before the 28-day period: not counted
      done("2026-11-02 08:00", 30), done("2026-11-04 08:00", 30), done("2026-11-06 08:00", 30),
      done("2026-11-08 08:00", 30), done("2026-11-10 08:00", 30), done("2026-11-12 08:00", 30),
      done("2026-11-14 08:00", 30),  // P6; P5 [15,16] empty
      done("2026-11-18 08:00", 30),  // P4
      done("2026-11-20 08:00", 40),  // P3, in the 7 days
      done("2026-11-22 09:00", 30),  // P2
      done("2026-11-24 18:10", 65),  // P1
  };
}

}  // namespace

TEST_CASE("every: full weeks, docs/design.md's walk example", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  const Cs cs = walk_history();
  const Figures f = figures(walk(), long_ago(), cs, at(kNow));
  // 7 days = 168 h, every 48 h: 168 / 48 = 3.5. 28 days = 672 h: 14.
  CHECK(f.expected_7d == 3.5);
  CHECK(f.expected_28d == 14.0);
  // 11-20, 11-22, 11-24 in the 7 days; those plus 11-02..11-18 (8) in 28.
  CHECK(f.done_7d == 3);
  CHECK(f.done_28d == 11);
  REQUIRE(f.adherence_7d);
  CHECK(*f.adherence_7d == Approx(0.857142857));  // 3 / 3.5
  REQUIRE(f.adherence_28d);
  CHECK(*f.adherence_28d == Approx(0.785714286));  // 11 / 14
  // P0 not met yet (neither counts nor breaks); P1..P4 met; P5 empty.
  CHECK(f.streak == 4);
  CHECK(f.minutes_7d == 135);  // 40 + 30 + 65
  REQUIRE(f.target_minutes_7d);
  CHECK(*f.target_minutes_7d == std::pair{105, 210});  // 3.5 x 30, 3.5 x 60
}

TEST_CASE("every: the current period counts once met; adherence is capped at 1", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  Cs cs = walk_history();
  cs.push_back(done("2026-11-26 07:30", 20));
  const Figures f = figures(walk(), long_ago(), cs, at(kNow));
  CHECK(f.done_7d == 4);
  REQUIRE(f.adherence_7d);
  CHECK(*f.adherence_7d == 1.0);  // 4 / 3.5 capped
  CHECK(f.streak == 5);           // P0 met now, then P1..P4
  CHECK(f.minutes_7d == 155);     // 135 + 20
}

TEST_CASE("every: a missed period breaks the streak", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  Cs cs = walk_history();
  std::erase_if(cs, [](const Completion& c) { return c.at == at("2026-11-22 09:00"); });
  const Figures f = figures(walk(), long_ago(), cs, at(kNow));
  CHECK(f.streak == 1);  // P1 met, P2 [21,22] empty
  CHECK(f.done_7d == 2);
  CHECK(f.minutes_7d == 105);  // 40 + 65
}

TEST_CASE("the 7-day period includes both ends; completions after now are ignored", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  const Cs cs{done("2026-11-19 11:59", 1), done("2026-11-19 12:00", 2), done("2026-11-26 12:00", 4),
              done("2026-11-26 12:01", 8)};
  const Figures f = figures(every_r(48h), long_ago(), cs, at(kNow));
  CHECK(f.done_7d == 2);        // 11-19 12:00 and 11-26 12:00
  CHECK(f.minutes_7d == 6);     // 2 + 4
  CHECK(f.done_28d == 3);       // also 11-19 11:59; never 12:01
  CHECK(!f.target_minutes_7d);  // no duration
}

TEST_CASE("every: period length rounds up to whole local days", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  // every 25h -> 2-day periods: [25,26] not met, [23,24] met, [21,22] met,
  // [19,20] empty. With 1-day periods 11-25 would already break it.
  const Cs cs{done("2026-11-24 09:00"), done("2026-11-22 09:00")};
  CHECK(streak(every_r(25h), long_ago(), cs, at(kNow)) == 2);
  // every 1w -> 7-day periods ending today: [11-20, 11-26] met by 11-20,
  // [11-13, 11-19] met by 11-14, [11-06, 11-12] empty (11-05 is before).
  const Cs weekly_cs{done("2026-11-20 09:00"), done("2026-11-14 09:00"), done("2026-11-05 09:00")};
  CHECK(streak(every_r(7 * 24h), long_ago(), weekly_cs, at(kNow)) == 2);
}

TEST_CASE("every active (desk breaks): days not allowed are skipped in the streak", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  Routine r = every_r(1h);
  r.active = true;
  r.on = *parse_day_list("weekdays");
  r.window = parse_window("09:00-11:00");  // 2 breaks expected a weekday
  // Thu 11-26 not met yet; Wed, Tue, Mon met; Sun, Sat skipped; Fri, Thu met;
  // Wed 11-18 empty. Counting the weekend would stop it at 3.
  Cs cs;
  for (const char* day : {"2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25"})
    for (const char* time : {" 09:30", " 10:30"}) cs.push_back(done((std::string(day) + time).c_str()));
  CHECK(streak(r, long_ago(), cs, at(kNow)) == 5);
}

TEST_CASE("desk breaks: a day counts toward the streak only when its breaks reached the expected count",
          "[adherence]") {
  TzGuard tz("Europe/Berlin");
  Routine r = every_r(1h);
  r.active = true;
  r.window = parse_window("09:00-17:00");  // 8 expected a day
  auto day_of = [](const char* day, int breaks) {
    Cs cs;
    for (int i = 0; i < breaks; ++i) {
      char t[32];
      std::snprintf(t, sizeof t, "%s %02d:15", day, 9 + i);
      cs.push_back(done(t));
    }
    return cs;
  };
  Cs cs = day_of("2026-11-25", 8);                                      // Wed: 8 of 8
  for (const Completion& c : day_of("2026-11-24", 7)) cs.push_back(c);  // Tue: 7 of 8, short
  for (const Completion& c : day_of("2026-11-23", 8)) cs.push_back(c);  // Mon
  CHECK(streak(r, long_ago(), cs, at(kNow)) == 1);
  // A day with 2 of 8 breaks is not kept, however the others went.
  Cs two = day_of("2026-11-25", 2);
  CHECK(streak(r, long_ago(), two, at(kNow)) == 0);
  // Today counts once its breaks are reached: 8 by 17:00 of Thu 11-26.
  for (const Completion& c : day_of("2026-11-26", 8)) cs.push_back(c);
  CHECK(streak(r, long_ago(), cs, at("2026-11-26 17:00")) == 2);
  // Rounded down: a 90 min interval expects 5.33 in the 8 h window, so 5 keep the day.
  Routine r90 = every_r(90min);
  r90.window = parse_window("09:00-17:00");
  CHECK(streak(r90, long_ago(), day_of("2026-11-25", 5), at(kNow)) == 1);
  CHECK(streak(r90, long_ago(), day_of("2026-11-25", 4), at(kNow)) == 0);
  // The day moved first saw it expects only from then: seen at 15:00, 2 keep it.
  CHECK(streak(r, at("2026-11-25 15:00"), Cs{done("2026-11-25 15:30"), done("2026-11-25 16:30")}, at(kNow)) == 1);
}

TEST_CASE("every across DST: elapsed hours of 7 local days", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  // Clocks go back on 2026-10-25: [10-22 12:00 CEST, 10-29 12:00 CET] is
  // 169 h; 28 days from 10-01 12:00 CEST: 28 x 24 + 1 = 673 h.
  Figures f = figures(every_r(1h), long_ago(), {}, at("2026-10-29 12:00"));
  CHECK(f.expected_7d == 169.0);
  CHECK(f.expected_28d == 673.0);
  // Clocks go forward on 2026-03-29: [03-25 12:00 CET, 04-01 12:00 CEST] is 167 h.
  CHECK(figures(every_r(1h), long_ago(), {}, at("2026-04-01 12:00")).expected_7d == 167.0);
  // Every 2d, 30-60m over the 169 h: 169 / 48 = 3.5208333; band 105.625 ->
  // 106, 211.25 -> 211.
  Routine w = walk();
  f = figures(w, long_ago(), {}, at("2026-10-29 12:00"));
  CHECK(f.expected_7d == Approx(3.5208333));
  REQUIRE(f.target_minutes_7d);
  CHECK(*f.target_minutes_7d == std::pair{106, 211});
}

TEST_CASE("at: occurrences on allowed days, DST weeks included", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  // [10-22 12:00, 10-29 12:00): 08:00 on 10-23 .. 10-29 = 7 (10-22 08:00 is
  // before the period).
  CHECK(figures(at_r({8 * 60}), long_ago(), {}, at("2026-10-29 12:00")).expected_7d == 7.0);
  // 02:30 exists twice on 10-25 but is one occurrence: still 7.
  CHECK(figures(at_r({150}), long_ago(), {}, at("2026-10-29 12:00")).expected_7d == 7.0);
  // 02:30 does not exist on 03-29; it happens once at 03:00: 7.
  CHECK(figures(at_r({150}), long_ago(), {}, at("2026-04-01 12:00")).expected_7d == 7.0);
  // 02:15 and 02:45 both land on 03:00 on 03-29: one occurrence, 7 x 2 - 1.
  CHECK(figures(at_r({135, 165}), long_ago(), {}, at("2026-04-01 12:00")).expected_7d == 13.0);
  // Pilates, Tuesdays 18:00, now Thu 11-26: 7 days hold Tue 11-24 -> 1;
  // 28 days from 10-29 12:00 hold 11-03, 11-10, 11-17, 11-24 -> 4.
  const Figures p = figures(at_r({18 * 60}, "tue"), long_ago(), {}, at(kNow));
  CHECK(p.expected_7d == 1.0);
  CHECK(p.expected_28d == 4.0);
  REQUIRE(p.adherence_7d);
  CHECK(*p.adherence_7d == 0.0);  // none done of 1
  // 08:00 and 18:00 Mon, Wed, Fri: Fri 20, Mon 23, Wed 25 -> 6.
  CHECK(figures(at_r({8 * 60, 18 * 60}, "mon,wed,fri"), long_ago(), {}, at(kNow)).expected_7d == 6.0);
}

TEST_CASE("at: streak by allowed day, current day pending, backfills on their day", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  const Routine daily = at_r({18 * 60});
  // 11-22 is missing: 25, 24, 23 met; today (18:00 still ahead) pending.
  Cs cs{done("2026-11-25 18:05"), done("2026-11-24 18:05"), done("2026-11-23 18:05"), done("2026-11-21 18:05")};
  CHECK(streak(daily, long_ago(), cs, at(kNow)) == 3);
  // Backfilled later (`movectl done --at`), so last in the list: counts on 11-22.
  cs.push_back(done("2026-11-22 18:30"));
  Figures f = figures(daily, long_ago(), cs, at(kNow));
  CHECK(f.streak == 5);  // 25, 24, 23, 22, 21
  // Occurrences 11-19 18:00 .. 11-25 18:00 = 7; done 21..25 = 5.
  CHECK(f.expected_7d == 7.0);
  CHECK(f.done_7d == 5);
  REQUIRE(f.adherence_7d);
  CHECK(*f.adherence_7d == Approx(5.0 / 7.0));
  // Done early today, before the 18:00 occurrence: today is met.
  cs.push_back(done("2026-11-26 11:00"));
  CHECK(streak(daily, long_ago(), cs, at(kNow)) == 6);

  // Pilates on Tuesdays, now Thu: Thu and Wed are skipped, Tue 11-24 and
  // 11-17 met; Tue 11-10 missed, and Wed 11-11 does not stand in for it.
  const Cs pilates{done("2026-11-24 18:30"), done("2026-11-17 18:30"), done("2026-11-11 18:30"),
                   done("2026-11-03 18:30")};
  CHECK(streak(at_r({18 * 60}, "tue"), long_ago(), pilates, at(kNow)) == 2);
}

TEST_CASE("a routine first seen inside the period counts from then", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  // every 2d seen 11-24 12:00: 48 h to now -> 1 in both periods.
  Figures f = figures(every_r(48h), at("2026-11-24 12:00"), Cs{done("2026-11-25 09:00")}, at(kNow));
  CHECK(f.expected_7d == 1.0);
  CHECK(f.expected_28d == 1.0);
  REQUIRE(f.adherence_7d);
  CHECK(*f.adherence_7d == 1.0);
  // at 08:00 daily seen 11-24 09:00: 11-25 and 11-26 08:00 -> 2.
  f = figures(at_r({8 * 60}), at("2026-11-24 09:00"), {}, at(kNow));
  CHECK(f.expected_7d == 2.0);
  CHECK(f.expected_28d == 2.0);
  REQUIRE(f.adherence_7d);
  CHECK(*f.adherence_7d == 0.0);
  // 3 a week seen Wed 12-23 00:00, now Sun 12-27 12:00: 4.5 days -> 3 x 4.5 / 7.
  f = figures(tpw_r(3), at("2026-12-23 00:00"), {}, at("2026-12-27 12:00"));
  CHECK(f.expected_7d == Approx(1.9285714));
  CHECK(f.expected_28d == Approx(1.9285714));
  // Seen just now: nothing expected yet, adherence is null.
  f = figures(walk(), at(kNow), Cs{done("2026-11-25 09:00", 30)}, at(kNow));
  CHECK(f.expected_7d == 0.0);
  CHECK(!f.adherence_7d);
  CHECK(!f.adherence_28d);
  CHECK(f.done_7d == 1);  // done counts the period, whatever first_seen says
  REQUIRE(f.target_minutes_7d);
  CHECK(*f.target_minutes_7d == std::pair{0, 0});
}

TEST_CASE("expected over explicit spans", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  const Routine r = every_r(1h);
  CHECK(expected(r, long_ago(), at("2026-11-26 08:00"), at("2026-11-26 12:30")) == 4.5);
  CHECK(expected(r, long_ago(), at("2026-11-26 12:00"), at("2026-11-26 08:00")) == 0.0);              // empty span
  CHECK(expected(r, at("2026-11-27 00:00"), at("2026-11-26 08:00"), at("2026-11-26 12:00")) == 0.0);  // not seen yet
  CHECK(expected(r, at("2026-11-26 11:00"), at("2026-11-26 08:00"), at("2026-11-26 12:00")) == 1.0);
  // Half-open: an occurrence at `to` is not in [from, to), one at `from` is.
  CHECK(expected(at_r({12 * 60}), long_ago(), at("2026-11-25 12:00"), at("2026-11-26 12:00")) == 1.0);
}

TEST_CASE("periods before first seen end the streak", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  // Done every evening since 11-20, but the routine was added 11-24 09:00:
  // today pending, 11-25 and 11-24 met, 11-23 ends before first seen.
  const Cs cs{done("2026-11-20 18:30"), done("2026-11-21 18:30"), done("2026-11-22 18:30"),
              done("2026-11-23 18:30"), done("2026-11-24 18:30"), done("2026-11-25 18:30")};
  CHECK(streak(at_r({18 * 60}), at("2026-11-24 09:00"), cs, at(kNow)) == 2);
  CHECK(streak(at_r({18 * 60}), long_ago(), cs, at(kNow)) == 6);
}

TEST_CASE("the streak look-back is bounded at three years", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  Cs cs;
  const LocalDays today = local_day(at(kNow));
  for (LocalDays d = today - std::chrono::days(5 * 365); d < today; d += std::chrono::days(1))
    cs.push_back({at_local(d, 7 * 60 + 30), 10});
  // Today pending; the days today-1 .. today-1096 are looked at.
  CHECK(streak(at_r({7 * 60}), at("2020-01-01 00:00"), cs, at(kNow)) == 1096);
}

TEST_CASE("times_per_week: ISO weeks across the year's turn", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  Routine r = tpw_r(3);
  r.duration = DurationRange{15min, 15min};
  // 2026-12-28 is a Monday; now Wed 12-30 12:00.
  Cs cs{done("2026-12-08 09:00", 15), done("2026-12-10 09:00", 15),                                // 2: short
        done("2026-12-15 09:00", 15), done("2026-12-16 09:00", 15), done("2026-12-20 18:00", 15),  // 3
        done("2026-12-22 09:00", 15), done("2026-12-24 09:00", 15), done("2026-12-27 23:30", 15),  // 3
        done("2026-12-28 00:30", 15), done("2026-12-29 09:00", 15)};                               // 2 so far
  const Instant now = at("2026-12-30 12:00");
  Figures f = figures(r, long_ago(), cs, now);
  // Current week short (pending); weeks of 12-21 and 12-14 met; 12-07 short.
  // Were Sunday 23:30 counted in the new week, 12-21 would hold 2.
  CHECK(f.streak == 2);
  // [12-23 12:00, 12-30 12:00]: 7 days -> 3; done 12-24, 12-27, 12-28, 12-29.
  CHECK(f.expected_7d == Approx(3.0));
  CHECK(f.done_7d == 4);
  REQUIRE(f.adherence_7d);
  CHECK(*f.adherence_7d == 1.0);  // 4 / 3 capped
  // 28 days from 12-02 12:00: all 10; expected 4 x 3 = 12.
  CHECK(f.done_28d == 10);
  CHECK(f.expected_28d == Approx(12.0));
  REQUIRE(f.adherence_28d);
  CHECK(*f.adherence_28d == Approx(10.0 / 12.0));
  CHECK(f.minutes_7d == 60);
  REQUIRE(f.target_minutes_7d);
  CHECK(*f.target_minutes_7d == std::pair{45, 45});  // 3 x 15
  // Meeting the target this week counts it at once.
  cs.push_back(done("2026-12-30 08:00", 15));
  CHECK(streak(r, long_ago(), cs, now) == 3);

  // The weekly report: 12-14, 12-21 and the current week up to now.
  const std::vector<WeekFigures> w = weekly(r, long_ago(), cs, now, 3);
  REQUIRE(w.size() == 3);
  CHECK(w[0].monday == local_day(at("2026-12-14 00:00")));
  CHECK(w[2].monday == local_day(at("2026-12-28 00:00")));
  CHECK(w[2].from == at("2026-12-28 00:00"));
  CHECK(w[2].to == now);
  CHECK(w[0].done == 3);
  CHECK(w[1].done == 3);
  CHECK(w[2].done == 3);  // 12-28, 12-29, 12-30
  CHECK(w[0].expected == Approx(3.0));
  CHECK(w[1].expected == Approx(3.0));
  CHECK(w[2].expected == Approx(1.0714286));  // 2.5 days: 3 x 2.5 / 7
  CHECK(w[0].minutes == 45);
  CHECK(w[2].minutes == 45);
  REQUIRE(w[2].adherence);
  CHECK(*w[2].adherence == 1.0);
}

TEST_CASE("times_per_week: a full ISO week expects N; a DST week too", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  // now Mon 11-30 00:00: the 7 days are exactly the week of 11-23.
  CHECK(figures(tpw_r(3), long_ago(), {}, at("2026-11-30 00:00")).expected_7d == Approx(3.0));
  // The week of 10-19 has 169 hours but is 7 local days: 3.
  CHECK(expected(tpw_r(3), long_ago(), at("2026-10-19 00:00"), at("2026-10-26 00:00")) == Approx(3.0));
}

TEST_CASE("weekly: done, expected and minutes per ISO week, newest last", "[adherence]") {
  TzGuard tz("Europe/Berlin");
  const std::vector<WeekFigures> w = weekly(walk(), long_ago(), walk_history(), at(kNow), 2);
  REQUIRE(w.size() == 2);
  // Week of 11-16: 11-18 (30), 11-20 (40), 11-22 (30); 168 h / 48 = 3.5.
  CHECK(w[0].done == 3);
  CHECK(w[0].minutes == 100);
  CHECK(w[0].expected == 3.5);
  // Week of 11-23 up to Thu 12:00: 84 h / 48 = 1.75; 11-24 (65).
  CHECK(w[1].done == 1);
  CHECK(w[1].minutes == 65);
  CHECK(w[1].expected == 1.75);
  REQUIRE(w[1].adherence);
  CHECK(*w[1].adherence == Approx(0.5714286));  // 1 / 1.75
  // DST week: every 1h over the week of 10-19 is 169 h; then 10-26 00:00 to
  // Thu 12:00 is 84 h.
  const std::vector<WeekFigures> d = weekly(every_r(1h), long_ago(), {}, at("2026-10-29 12:00"), 2);
  REQUIRE(d.size() == 2);
  CHECK(d[0].expected == 169.0);
  CHECK(d[1].expected == 84.0);
  REQUIRE(d[1].adherence);
  CHECK(*d[1].adherence == 0.0);
  CHECK(weekly(walk(), long_ago(), {}, at(kNow), 0).empty());
  // A completion at exactly now belongs to the current week, once, also when
  // now is Monday midnight (the week before ends there, exclusive).
  const Cs edge{done("2026-11-30 00:00", 7)};
  const std::vector<WeekFigures> m = weekly(walk(), long_ago(), edge, at("2026-11-30 00:00"), 2);
  REQUIRE(m.size() == 2);
  CHECK(m[0].done == 0);
  CHECK(m[1].done == 1);
  CHECK(m[1].minutes == 7);
  CHECK(m[1].expected == 0.0);  // an empty span so far
  CHECK(!m[1].adherence);
}
