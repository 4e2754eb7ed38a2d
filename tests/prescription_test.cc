// SPDX-License-Identifier: GPL-3.0-or-later
// Stages and prescription timelines: parsing, the stage in force, the
// expected counts across a change, the next reminder across a stage's start.
#include "lib/prescription.h"

#include <catch2/catch.hpp>
#include <string>

#include "lib/adherence.h"
#include "lib/schedule.h"
#include "tests/plan_texts.h"
#include "tests/tz_guard.h"
#include "tests/local_at.h"

using namespace move;
using namespace std::chrono_literals;
using move::test::plan_error_of;
using move::test::TzGuard;

namespace {

using test::at;

Routine walk() { return parse_plan(test::kStagedWalk, "plan.toml").routines.at(0); }

}  // namespace

TEST_CASE("stages: read with their overrides, cumulative, in order", "[prescription]") {
  const Routine r = walk();
  REQUIRE(r.start == LocalDays{2026y / 12 / 7});
  REQUIRE(r.stages.size() == 2);
  CHECK(r.stages[0].after_days == 14);
  CHECK(r.stages[0].routine.kind == ScheduleKind::every);
  CHECK(r.stages[0].routine.every == 48h);
  CHECK(r.stages[0].routine.duration == DurationRange{20min, 30min});
  CHECK(r.stages[1].after_days == 42);
  CHECK(r.stages[1].routine.kind == ScheduleKind::times_per_week);
  CHECK(r.stages[1].routine.times_per_week == 5);
  CHECK(r.stages[1].routine.every == 0s);
  CHECK(r.stages[1].routine.duration == DurationRange{30min, 30min});
  CHECK(r.stages[1].routine.stages.empty());
  // A TOML date works as well as the string; the prescription text reads back the same.
  const std::string native =
      std::string(test::kStagedWalk).replace(std::string(test::kStagedWalk).find("\"2026-12-07\""), 12, "2026-12-07");
  CHECK(same_prescription(parse_plan(native, "plan.toml").routines.at(0), r));
  CHECK(same_prescription(parse_prescription(r.prescription), r));
  CHECK(describe_prescription(r.stages[0].routine) == "every 2d, 20–30 min");
}

TEST_CASE("stages: mistakes name file:line:col", "[prescription]") {
  const std::string head = "[[routine]]\nid = \"walk\"\nevery = \"2d\"\n";
  CHECK(plan_error_of(head + "[[routine.stage]]\nafter = \"6w\"\n[[routine.stage]]\nafter = \"2w\"\n") ==
        "plan.toml:7:9: 'after' in the stage at line 6 of routine 'walk': \"2w\" is not later than the stage "
        "before it (42 days, line 4)");
  CHECK(plan_error_of(head + "[[routine.stage]]\nafter = \"2w\"\nevery = \"1d\"\ntimes_per_week = 3\n") ==
        "plan.toml:7:1: the stage at line 4 of routine 'walk' has both 'every' and 'times_per_week' (expected "
        "exactly one of 'every', 'at', 'times_per_week')");
  CHECK(plan_error_of(head + "[[routine.stage]]\nafter = \"2w\"\ntitle = \"x\"\n") ==
        "plan.toml:6:1: unknown key 'title' in the stage at line 4 of routine 'walk' (expected one of after, "
        "every, at, times_per_week, duration, window, on)");
  CHECK(plan_error_of(head + "[[routine.stage]]\nafter = \"2w\"\ndurration = \"20m\"\n") ==
        "plan.toml:6:1: unknown key 'durration' in the stage at line 4 of routine 'walk' (did you mean "
        "'duration'?)");
  CHECK(plan_error_of(head + "[[routine.stage]]\nduration = \"20m\"\n") ==
        "plan.toml:4:1: the stage at line 4 of routine 'walk' has no 'after' (the time since 'start', such as "
        "\"2w\")");
  CHECK(plan_error_of(head + "[[routine.stage]]\nafter = \"36h\"\n") ==
        "plan.toml:5:9: 'after' in the stage at line 4 of routine 'walk': expected whole days or weeks such as "
        "\"10d\" or \"2w\", got \"36h\"");
  CHECK(plan_error_of(head + "start = \"2026-02-30\"\n") ==
        "plan.toml:4:9: 'start' in routine 'walk': expected a date such as \"2026-12-07\", got \"2026-02-30\"");
  CHECK(plan_error_of(head + "[[routine.stage]]\nafter = \"1w\"\nduration = \"lots\"\n")
            .starts_with("plan.toml:6:12: 'duration' in the stage at line 4 of routine 'walk': expected"));
  CHECK(plan_error_of("[[routine]]\nid = \"desk\"\nevery = \"1h\"\nactive = true\n[[routine.stage]]\nafter = "
                      "\"1w\"\ntimes_per_week = 3\n") ==
        "plan.toml:7:1: 'times_per_week' in the stage at line 5 of routine 'desk': an 'active' routine keeps "
        "'every' in its stages");
}

TEST_CASE("stages: the one in force by local day, across DST and month ends", "[prescription]") {
  TzGuard tz("Europe/Berlin");
  const Routine r = walk();
  const LocalDays start = stage_start(r, at("2026-12-01 10:00"));  // `start` wins over first seen
  CHECK(start == LocalDays{2026y / 12 / 7});
  CHECK(stage_index(r, start, at("2026-12-20 23:59")) == 0);
  CHECK(stage_index(r, start, at("2026-12-21 00:00")) == 1);
  CHECK(stage_index(r, start, at("2027-01-18 00:00")) == 2);
  CHECK(in_force(r, start, at("2027-01-18 00:00")).kind == ScheduleKind::times_per_week);
  CHECK(next_stage(r, start, at("2026-12-10 12:00")) == at("2026-12-21 00:00"));
  CHECK(!next_stage(r, start, at("2027-02-01 12:00")));
  // Without `start`: the day moved first saw it. A stage 4 weeks after
  // 2027-03-10 begins on 2027-04-07 at local midnight, after the DST change.
  Routine plain = parse_plan(
                      "[[routine]]\nid = \"w\"\nevery = \"2d\"\n[[routine.stage]]\nafter = \"4w\"\nevery = "
                      "\"1d\"\n",
                      "plan.toml")
                      .routines.at(0);
  const LocalDays seen = stage_start(plain, at("2027-03-10 15:00"));
  CHECK(stage_begins(plain.stages[0], seen) == at("2027-04-07 00:00"));
  // A leap day: 3 weeks after 2028-02-15 is 2028-03-07.
  plain.start = LocalDays{2028y / 2 / 15};
  plain.stages[0].after_days = 21;
  CHECK(stage_begins(plain.stages[0], *plain.start) == at("2028-03-07 00:00"));
}

TEST_CASE("stages: expected counts follow the stage of each day", "[prescription][adherence]") {
  TzGuard tz("Europe/Berlin");
  const Routine r = walk();
  const Instant seen = at("2026-12-07 00:00");
  const Timeline tl = timeline(r, seen);
  REQUIRE(tl.size() == 3);
  // Week of Mon 12-14: every 2d -> 3.5; Mon 01-18 on: 5 a week.
  CHECK(expected(tl, at("2026-12-14 00:00"), at("2026-12-21 00:00")) == Approx(3.5));
  CHECK(expected(tl, at("2027-01-18 00:00"), at("2027-01-25 00:00")) == Approx(5.0));
  // Minutes: 3.5 x 20-30 in the second stage.
  CHECK(target_minutes(tl, at("2026-12-21 00:00"), at("2026-12-28 00:00")) == std::pair{70, 105});
  // A week across the change to 5 a week on Mon 01-18 00:00: Sun 01-17 is
  // still every 2d (0.5), the days from Monday 5/7 each.
  CHECK(expected(tl, at("2027-01-11 00:00"), at("2027-01-19 00:00")) == Approx(3.5 + 5.0 / 7));
}

TEST_CASE("a plan change measures only the days after it by the new prescription", "[prescription][adherence]") {
  TzGuard tz("Europe/Berlin");
  const Plan before = parse_plan("[[routine]]\nid = \"walk\"\nevery = \"2d\"\nduration = \"30-60m\"\n", "plan.toml");
  const Plan after = parse_plan("[[routine]]\nid = \"walk\"\nevery = \"1d\"\nduration = \"20-30m\"\n", "plan.toml");
  const std::vector<PrescriptionRecord> records{{at("2026-11-02 09:00"), before.routines[0]},
                                                {at("2026-11-25 12:00"), after.routines[0]}};
  const Timeline tl = timeline(records, at("2026-11-02 09:00"));
  // The week of 11-16 stays 3.5 (it was every 2d), whatever the plan says now.
  CHECK(expected(tl, at("2026-11-16 00:00"), at("2026-11-23 00:00")) == Approx(3.5));
  // The week of the change: Mon to Wed 12:00 at every 2d (2.5 d / 2), then
  // 4.5 days at every 1d.
  CHECK(expected(tl, at("2026-11-23 00:00"), at("2026-11-30 00:00")) == Approx(1.25 + 4.5));
  // Removed and added back: nothing expected while it was out of the plan.
  const std::vector<PrescriptionRecord> gap{{at("2026-11-02 00:00"), before.routines[0]},
                                            {at("2026-11-09 00:00"), std::nullopt},
                                            {at("2026-11-16 00:00"), before.routines[0]}};
  const Timeline tg = timeline(gap, at("2026-11-02 00:00"));
  CHECK(expected(tg, at("2026-11-02 00:00"), at("2026-11-23 00:00")) == Approx(7.0));
  CHECK(!in_force(tg, at("2026-11-10 00:00")));
  // The same prescription recorded again changes nothing: one span.
  const std::vector<PrescriptionRecord> same{{at("2026-11-02 00:00"), before.routines[0]},
                                             {at("2026-11-09 00:00"), before.routines[0]}};
  CHECK(timeline(same, at("2026-11-02 00:00")).size() == 1);
}

TEST_CASE("next reminder: a stage that shortens the interval starts on its day", "[prescription][schedule]") {
  TzGuard tz("Europe/Berlin");
  const Plan p = parse_plan(R"([[routine]]
id = "walk"
every = "3d"
window = "07:00-20:00"
start = "2026-12-01"
[[routine.stage]]
after = "1w"
every = "1d"
)",
                            "plan.toml");
  const Routine& r = p.routines[0];
  RoutineState st;
  st.anchor = at("2026-12-01 08:00");
  st.last_done = at("2026-12-07 08:00");  // due again 12-10 by the first stage
  // From Tue 12-08 00:00 the second stage (every 1d) is in force: due at 08:00 that day.
  CHECK(next_reminder(r, p.settings, 10min, st, at("2026-12-07 09:00")) == at("2026-12-08 08:00"));
  // Preview across the change (movectl check --next).
  const std::vector<Instant> next = preview(r, p, at("2026-12-01 08:00"), 4);
  REQUIRE(next.size() == 4);
  CHECK(next[0] == at("2026-12-04 08:00"));
  CHECK(next[1] == at("2026-12-07 08:00"));
  CHECK(next[2] == at("2026-12-08 08:00"));
  CHECK(next[3] == at("2026-12-09 08:00"));
}
