// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/plan.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/plan_texts.h"
#include "tests/temp_dir.h"

using namespace move;
using namespace std::chrono_literals;

namespace {

std::string error_of(const std::string& text) { return test::plan_error_of(text); }

constexpr const char* kFull = R"(# the example of docs/design.md
[settings]
quiet_hours = "22:00-07:30"
snooze = "10m"

[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"
window = "07:00-20:00"
notes = "Nordic walking counts too."

[[routine]]
id = "desk-break"
title = "Get up and move"
every = "1h"
active = true
duration = "3-5m"
window = "09:00-17:30"
on = ["weekdays"]
exercises = ["Stand up and stretch", "Walk to the window", "Calf raises"]

[[routine]]
id = "pilates"
title = "Pilates class"
at = ["18:00"]
on = ["tue"]
lead = "30m"

[[routine]]
id = "core"
title = "Core exercises"
times_per_week = 3
duration = "15m"
window = "17:00-21:00"
snooze = "20m"
enabled = false
)";

}  // namespace

TEST_CASE("the plan of docs/design.md parses whole", "[plan]") {
  Plan p = parse_plan(kFull, "plan.toml");
  REQUIRE(p.settings.quiet_hours == Window{22 * 60, 7 * 60 + 30});
  REQUIRE(p.settings.snooze == 10min);
  REQUIRE(p.settings.idle_threshold == 3min);
  REQUIRE(p.routines.size() == 4);

  const Routine& walk = p.routines[0];
  REQUIRE(walk.id == "walk");
  REQUIRE(walk.line == 6);
  REQUIRE(walk.kind == ScheduleKind::every);
  REQUIRE(walk.every == 48h);
  REQUIRE(walk.duration == DurationRange{30min, 60min});
  REQUIRE(walk.window == Window{7 * 60, 20 * 60});
  REQUIRE(walk.notes == "Nordic walking counts too.");
  REQUIRE(walk.on == DaySet::all());

  const Routine& desk = *p.find("desk-break");
  REQUIRE(desk.active);
  REQUIRE(desk.on.bits == 0x1f);
  REQUIRE(desk.exercises.size() == 3);
  REQUIRE(describe_schedule(desk) == "every 1h active");

  const Routine& pilates = *p.find("pilates");
  REQUIRE(pilates.kind == ScheduleKind::at);
  REQUIRE(pilates.at == std::vector<int>{18 * 60});
  REQUIRE(pilates.lead == 30min);
  REQUIRE(describe_schedule(pilates) == "at 18:00 (30m before)");

  const Routine& core = *p.find("core");
  REQUIRE(core.times_per_week == 3);
  REQUIRE_FALSE(core.enabled);
  REQUIRE(p.snooze_for(core) == 20min);
  REQUIRE(p.snooze_for(walk) == 10min);
  REQUIRE(core.display_title() == "Core exercises");
}

TEST_CASE("find: by id, in a copy and a moved-to plan, and after routines changed", "[plan]") {
  const Plan p = parse_plan(kFull, "plan.toml");
  for (const Routine& r : p.routines) REQUIRE(p.find(r.id) == &r);
  REQUIRE(p.find("nope") == nullptr);
  REQUIRE(p.find("") == nullptr);
  REQUIRE(p.find("walkx") == nullptr);

  Plan copy = p;
  REQUIRE(copy.find("pilates") == &copy.routines[2]);
  Plan moved = std::move(copy);
  REQUIRE(moved.find("core") == &moved.routines[3]);
  copy = moved;
  REQUIRE(copy.find("walk") == &copy.routines[0]);

  // A hand-made change the index does not cover: find() still sees it.
  Routine extra;
  extra.id = "extra";
  moved.routines.push_back(extra);
  REQUIRE(moved.find("extra") == &moved.routines[4]);
  REQUIRE(moved.find("desk-break") == &moved.routines[1]);
  moved.reindex();
  REQUIRE(moved.find("extra") == &moved.routines[4]);
  REQUIRE(moved.find("nope") == nullptr);

  Plan empty;
  REQUIRE(empty.find("walk") == nullptr);
}

TEST_CASE("an empty plan is not runnable, [settings] alone warns, a title defaults to the id", "[plan]") {
  const std::string empty =
      "plan.toml:1:1: the plan is empty: no [[routine]] and no [settings] (write [settings] alone for a plan with "
      "no routine)";
  for (const char* text : {"", "\n", "# only a comment\n", "   "}) {
    const Plan p = parse_plan(text, "plan.toml");  // `movectl add` may start from it
    REQUIRE(p.routines.empty());
    REQUIRE_THROWS_WITH(check_runnable(p), empty);  // moved does not run it
  }
  Plan settings_only = parse_plan("[settings]\n", "plan.toml");
  REQUIRE(settings_only.routines.empty());
  REQUIRE_NOTHROW(check_runnable(settings_only));
  REQUIRE(plan_warning(settings_only) == "plan.toml: the plan has no routine: nothing will remind");
  REQUIRE(plan_warning(parse_plan("[[routine]]\nid = \"a\"\nevery = \"1h\"\n", "plan.toml")) == std::nullopt);
  test::TempDir dir;
  REQUIRE_THROWS_WITH(load_plan(dir.path), dir.path.string() +
                                               ":0:0: this is a folder; give the plan file in it, e.g. " +
                                               (dir.path / "plan.toml").string());
  Plan q = parse_plan("[[routine]]\nid = \"stretch\"\nat = \"07:00\"\n", "plan.toml");
  REQUIRE(q.routines[0].display_title() == "stretch");
  REQUIRE(q.routines[0].at == std::vector<int>{7 * 60});
}

TEST_CASE("each kind of error names file, line, column, key and what was expected", "[plan]") {
  struct Case {
    const char* text;
    const char* message;
  };
  auto c = GENERATE(
      Case{"[[routine]]\nid = \"walk\"\nevry = \"2d\"\n",
           "plan.toml:3:1: unknown key 'evry' in routine 'walk' (did you mean 'every'?)"},
      Case{"[setings]\n", "plan.toml:1:2: unknown key 'setings' at the top level (did you mean 'settings'?)"},
      Case{"[settings]\nquiet = \"22:00-07:00\"\n",
           "plan.toml:2:1: unknown key 'quiet' in [settings] (expected one of name, quiet_hours, snooze, "
           "idle_threshold, "
           "import_dir, sync_dir, repeat, encourage, hold_when_fullscreen, sound)"},
      Case{"[settings]\nquiet_hours = \"22-07\"\n",
           "plan.toml:2:15: 'quiet_hours' in [settings]: expected a window \"HH:MM-HH:MM\" such as \"09:00-17:30\" "
           "or \"22:00-07:30\", got \"22-07\""},
      Case{"[[routine]]\nid = \"walk\"\nevery = \"2x\"\n",
           "plan.toml:3:9: 'every' in routine 'walk': expected a duration such as \"90s\", \"10m\", \"1h30m\" or "
           "\"2d\", got \"2x\""},
      Case{"[[routine]]\nid = \"walk\"\nevery = 2\n",
           "plan.toml:3:9: 'every' in routine 'walk': expected a duration such as \"90s\", \"10m\", \"1h30m\" or "
           "\"2d\", got 2"},
      Case{"[[routine]]\nid = \"walk\"\nevery = \"0m\"\n",
           "plan.toml:3:9: 'every' in routine 'walk': must be longer than 0"},
      Case{"[[routine]]\nid = \"walk\"\nevery = \"2d\"\nat = [\"18:00\"]\n",
           "plan.toml:4:1: routine 'walk' has both 'every' and 'at' (expected exactly one of 'every', 'at', "
           "'times_per_week')"},
      Case{"[[routine]]\nid = \"walk\"\ntitle = \"Walk\"\n",
           "plan.toml:1:1: routine 'walk' needs one of 'every', 'at' or 'times_per_week'"},
      Case{"[[routine]]\ntitle = \"Walk\"\nevery = \"1h\"\n", "plan.toml:1:1: routine #1 has no 'id'"},
      Case{"[[routine]]\nid = \"Walk It\"\nevery = \"1h\"\n",
           "plan.toml:2:6: 'id' in routine #1: expected an id of lowercase letters, digits and '-' such as "
           "\"desk-break\", got \"Walk It\""},
      Case{"[[routine]]\nid = \"a\"\nevery = \"1h\"\n\n[[routine]]\nid = \"a\"\nevery = \"2h\"\n",
           "plan.toml:6:6: duplicate routine id 'a' (first at line 1)"},
      Case{"[[routine]]\nid = \"a\"\nevery = \"1h\"\n\n[[routine]]\nid = \"b\"\nevery = \"1h\"\n\n"
           "[[routine]]\nid = \"b\"\nevery = \"2h\"\n",
           "plan.toml:10:6: duplicate routine id 'b' (first at line 5)"},
      Case{"[[routine]]\nid = \"a\"\nat = [\"18:00\", \"6pm\"]\n",
           "plan.toml:3:16: 'at' in routine 'a': expected a time of day \"HH:MM\", got \"6pm\""},
      Case{"[[routine]]\nid = \"a\"\ntimes_per_week = 9\n",
           "plan.toml:3:18: 'times_per_week' in routine 'a': expected a whole number from 1 to 7, got 9"},
      Case{"[[routine]]\nid = \"a\"\nevery = \"1h\"\non = [\"tues\"]\n",
           "plan.toml:4:7: 'on' in routine 'a': expected mon, tue, wed, thu, fri, sat, sun, weekdays or weekends, "
           "got \"tues\""},
      Case{"[[routine]]\nid = \"a\"\nevery = \"1h\"\nduration = \"60-30m\"\n",
           "plan.toml:4:12: 'duration' in routine 'a': expected a length or range such as \"15m\", \"30-60m\" or "
           "\"30m-1h\", got \"60-30m\""},
      Case{"[[routine]]\nid = \"a\"\nat = [\"18:00\"]\nactive = true\n",
           "plan.toml:4:1: 'active' in routine 'a' applies only to 'every' routines"},
      Case{"[[routine]]\nid = \"a\"\nevery = \"1h\"\nlead = \"5m\"\n",
           "plan.toml:4:1: 'lead' in routine 'a' applies only to 'at' routines"},
      Case{"[[routine]]\nid = \"a\"\nevery = \"1h\"\nenabled = \"yes\"\n",
           "plan.toml:4:11: 'enabled' in routine 'a': expected true or false, got \"yes\""},
      Case{"[[routine]]\nid = \"a\"\nevery = \"1h\"\nexercises = [\"x\", 3]\n",
           "plan.toml:4:19: 'exercises' in routine 'a': expected a list of strings, got 3"},
      Case{"routine = 3\n", "plan.toml:1:11: 'routine' must be a list of tables written [[routine]]"},
      Case{"[[routine]]\nid = \"a\"\nid = \"b\"\n",
           "plan.toml:3:6: Error while parsing key-value pair: cannot redefine existing string 'id'"});
  CAPTURE(c.text);
  REQUIRE(error_of(c.text) == c.message);
}

TEST_CASE("a TOML syntax error carries its position", "[plan]") {
  std::string e = error_of("[settings]\nsnooze = \"10m\n");
  REQUIRE(e.rfind("plan.toml:2:", 0) == 0);
}

TEST_CASE("load_plan names an unreadable file", "[plan]") {
  REQUIRE_THROWS_WITH(load_plan("/nonexistent/plan.toml"),
                      Catch::StartsWith("/nonexistent/plan.toml:0:0: cannot read the plan: "));
}
