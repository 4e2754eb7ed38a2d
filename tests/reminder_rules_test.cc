// SPDX-License-Identifier: GPL-3.0-or-later
// Reminders that fit the day (issue 21), the pure parts with fixed instants:
// the plan's keys, the words of a reminder, the repeat cap in the schedule.

#include <catch2/catch.hpp>

#include "tests/plan_texts.h"
#include <string>

#include "lib/local_time.h"
#include "lib/plan.h"
#include "lib/reminder_text.h"
#include "lib/schedule.h"
#include "tests/tz_guard.h"
#include "tests/local_at.h"

using namespace move;
using namespace std::chrono_literals;

namespace {

std::string error_of(const std::string& text) { return test::plan_error_of(text); }

using test::at;

constexpr const char* kRoutine = "[[routine]]\nid = \"walk\"\nevery = \"2d\"\n";

}  // namespace

TEST_CASE("settings and routines take repeat, sound, encourage, hold_when_fullscreen", "[plan][reminders]") {
  Plan p = parse_plan(R"([settings]
repeat = 2
sound = "message"
encourage = ["Keep going gently.", "It takes weeks."]
hold_when_fullscreen = false

[[routine]]
id = "walk"
every = "2d"
repeat = 5
sound = "bell"

[[routine]]
id = "desk"
every = "1h"
)",
                      "plan.toml");
  REQUIRE(p.settings.repeat == 2);
  REQUIRE(p.settings.sound == "message");
  REQUIRE(p.settings.encourage == std::vector<std::string>{"Keep going gently.", "It takes weeks."});
  REQUIRE_FALSE(p.settings.hold_when_fullscreen);
  REQUIRE(p.repeat_for(p.routines[0]) == 5);
  REQUIRE(p.repeat_for(p.routines[1]) == 2);
  REQUIRE(p.sound_for(p.routines[0]) == "bell");
  REQUIRE(p.sound_for(p.routines[1]) == "message");

  Plan d = parse_plan(kRoutine, "plan.toml");
  REQUIRE(d.settings.repeat == 3);
  REQUIRE(d.settings.hold_when_fullscreen);
  REQUIRE(d.settings.encourage.empty());
  REQUIRE(d.sound_for(d.routines[0]).empty());
  REQUIRE(parse_plan("[settings]\nencourage = []\n", "plan.toml").settings.encourage.empty());
}

TEST_CASE("[[hook]] tables: on and run, checked with positions", "[plan][reminders]") {
  Plan p = parse_plan(std::string(kRoutine) + R"(
[[hook]]
on = ["due", "held", "due"]
run = ["/usr/bin/notify-phone", "--urgent"]

[[hook]]
on = "done"
run = ["kdeconnect-cli", "--ping"]
)",
                      "plan.toml");
  REQUIRE(p.hooks.size() == 2);
  REQUIRE(p.hooks[0].on == std::vector<std::string>{"due", "held"});
  REQUIRE(p.hooks[0].run == std::vector<std::string>{"/usr/bin/notify-phone", "--urgent"});
  REQUIRE(p.hooks[0].line == 5);
  REQUIRE(p.hooks[1].on == std::vector<std::string>{"done"});

  REQUIRE(error_of("[[hook]]\non = [\"skiped\"]\nrun = [\"/bin/true\"]\n") ==
          "plan.toml:2:7: 'on' in the [[hook]] at line 1: unknown event 'skiped' (did you mean 'skipped'?)");
  REQUIRE(error_of("[[hook]]\non = [\"snoozed\"]\nrun = [\"/bin/true\"]\n") ==
          "plan.toml:2:7: 'on' in the [[hook]] at line 1: unknown event 'snoozed' (expected due, done, skipped or "
          "held)");
  REQUIRE(error_of("[[hook]]\non = [\"due\"]\nrun = \"/bin/true x\"\n") ==
          "plan.toml:3:7: 'run' in the [[hook]] at line 1: expected a program and its arguments such as "
          "[\"/usr/bin/notify-phone\", \"--urgent\"] (a list: no shell runs it), got \"/bin/true x\"");
  REQUIRE(error_of("[[hook]]\non = [\"due\"]\nrun = [\"bin/x\"]\n") ==
          "plan.toml:3:8: 'run' in the [[hook]] at line 1: the program must be an absolute path or a name found in "
          "PATH, got \"bin/x\"");
  REQUIRE(error_of("[[hook]]\nrun = [\"/bin/true\"]\n") == "plan.toml:1:1: the [[hook]] at line 1 has no 'on'");
  REQUIRE(error_of("[[hook]]\non = [\"due\"]\nrum = [\"/bin/true\"]\n") ==
          "plan.toml:3:1: unknown key 'rum' in the [[hook]] at line 1 (did you mean 'run'?)");
}

TEST_CASE("repeat and sound values are checked", "[plan][reminders]") {
  REQUIRE(error_of("[settings]\nrepeat = 0\n") ==
          "plan.toml:2:10: 'repeat' in [settings]: expected a whole number of reminders from 1 to 1000, got 0");
  REQUIRE(error_of(std::string(kRoutine) + "repeat = \"3\"\n") ==
          "plan.toml:4:10: 'repeat' in routine 'walk': expected a whole number of reminders from 1 to 1000, got \"3\"");
  REQUIRE(error_of("[settings]\nsound = \"/usr/share/sounds/x.oga\"\n") ==
          "plan.toml:2:9: 'sound' in [settings]: expected a sound theme name such as \"message\" or \"bell\" (a "
          "name, not a file), got \"/usr/share/sounds/x.oga\"");
  REQUIRE(error_of("[settings]\nencourage = [\" \"]\n") ==
          "plan.toml:2:14: 'encourage' in [settings]: expected a line of words, got \" \"");
  REQUIRE(error_of("[settings]\nhold_when_fullscreen = 1\n") ==
          "plan.toml:2:24: 'hold_when_fullscreen' in [settings]: expected true or false, got 1");
}

TEST_CASE("the words of a reminder: dose, exercise, notes, pain, encouragement; an at routine says when",
          "[reminders]") {
  test::TzGuard tz{"Europe/Berlin"};
  Plan p = parse_plan(R"([[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"
notes = "Any pace."

[[routine]]
id = "pilates"
title = "Pilates class"
at = ["10:00", "18:00"]
lead = "30m"

[[routine]]
id = "stretch"
every = "1h"
)",
                      "plan.toml");
  ReminderText w = reminder_text(p.routines[0], "Hills", "It takes weeks.", false, std::nullopt);
  REQUIRE(w.summary == "Brisk walk");
  REQUIRE(w.body == "30–60 min\nTry: Hills\nAny pace.\nIt takes weeks.");
  REQUIRE(reminder_text(p.routines[0], "", "", true, std::nullopt).body ==
          "30–60 min\nAny pace.\n" + std::string(kPainLine));
  // No dose, no pain line: there is no session to shorten.
  REQUIRE(reminder_text(p.routines[2], "", "", true, std::nullopt).body.empty());
  REQUIRE(reminder_text(p.routines[1], "", "", false, 18 * 60).summary == "Pilates class at 18:00");

  RoutineState st;
  st.anchor = at("2026-11-26 12:00");
  REQUIRE(starts_at(p.routines[1], st) == 18 * 60);
  st.last_fired = at("2026-11-26 17:30");
  REQUIRE(starts_at(p.routines[1], st) == 10 * 60);  // the next day's
  st.snoozed_until = at("2026-11-26 17:40");
  REQUIRE(starts_at(p.routines[1], st) == 18 * 60);  // a snooze brings back the one reminded of
  REQUIRE_FALSE(starts_at(p.routines[0], st));
}

TEST_CASE("a pain rating of 7 or more in the last 24 hours: gentler words, at most one reminder", "[reminders]") {
  const Instant t = at("2026-11-26 12:00");
  REQUIRE(in_pain(7, t, t + 23h));
  REQUIRE_FALSE(in_pain(7, t, t + 24h));
  REQUIRE_FALSE(in_pain(6, t, t + 1h));
  REQUIRE_FALSE(in_pain(9, t, t - 1h));  // a rating from the future (a clock set back) does not count
  REQUIRE_FALSE(in_pain(std::nullopt, std::nullopt, t));
  Plan p = parse_plan(
      "[settings]\nrepeat = 4\n[[routine]]\nid = \"a\"\nevery = \"1h\"\nduration = \"5m\"\n"
      "[[routine]]\nid = \"b\"\nevery = \"1h\"\n",
      "plan.toml");
  REQUIRE(repeat_cap(p.routines[0], p, false) == 4);
  REQUIRE(repeat_cap(p.routines[0], p, true) == 1);
  REQUIRE(repeat_cap(p.routines[1], p, true) == 4);
}

TEST_CASE("repeats are capped: after N reminders the occurrence stays due and the next one comes",
          "[schedule][reminders]") {
  test::TzGuard tz{"Europe/Berlin"};
  Plan p = parse_plan(R"([[routine]]
id = "desk"
every = "1h"

[[routine]]
id = "walk"
every = "2d"
window = "08:00-18:00"
)",
                      "plan.toml");
  const Routine& desk = p.routines[0];
  const Routine& walk = p.routines[1];
  RoutineState st;
  st.anchor = at("2026-11-26 09:00");
  st.repeat = 3;
  st.last_fired = at("2026-11-26 10:20");
  st.shown = 2;
  REQUIRE_FALSE(repeats_spent(desk, st));
  REQUIRE(next_reminder(desk, p.settings, 10min, st, at("2026-11-26 10:20")) == at("2026-11-26 10:30"));
  st.shown = 3;
  REQUIRE(repeats_spent(desk, st));
  // Under a day: the next occurrence is `every` after the last reminder.
  REQUIRE(next_reminder(desk, p.settings, 10min, st, at("2026-11-26 10:20")) == at("2026-11-26 11:20"));
  // A snooze still brings it back.
  st.snoozed_until = at("2026-11-26 10:35");
  REQUIRE_FALSE(repeats_spent(desk, st));
  REQUIRE(next_reminder(desk, p.settings, 10min, st, at("2026-11-26 10:21")) == at("2026-11-26 10:35"));
  st.snoozed_until.reset();
  // No cap (0): repeats forever, as before.
  st.repeat = 0;
  REQUIRE(next_reminder(desk, p.settings, 10min, st, at("2026-11-26 10:20")) == at("2026-11-26 10:30"));

  // A day or more: the next day's window, as after a skip.
  RoutineState w;
  w.anchor = at("2026-11-24 08:00");
  w.repeat = 1;
  w.shown = 1;
  w.last_fired = at("2026-11-26 08:00");
  REQUIRE(next_reminder(walk, p.settings, 10min, w, at("2026-11-26 08:00")) == at("2026-11-27 08:00"));
  // A done closes the occurrence: no longer spent.
  w.last_done = at("2026-11-26 09:00");
  REQUIRE_FALSE(repeats_spent(walk, w));
}
