// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/plan_edit.h"
#include "lib/plan_file.h"

#include <catch2/catch.hpp>
#include <functional>
#include <string>

using namespace move;
using namespace std::chrono_literals;

namespace {

// Comments everywhere, odd spacing, an inline [settings], a multi-line array,
// a multi-line string with a '#' line, comments between routines and after
// the last one.
constexpr std::string_view kMessy = R"(# My plan, by hand.
settings = { quiet_hours = "22:00-07:30",   snooze="10m" }   # inline

# Walking: the first advice.
# Every two days.
[[routine]]
  id = "walk"      # the id
  title = 'Brisk walk'
  every   =   "2d"
  duration = "30-60m"
  notes = """
# not a comment: part of the notes
Nordic walking counts too."""

# between walk and desk
[[routine]]
id="desk-break"
every = "1h"
active = true
exercises = [
  "Stand up and stretch",   # easy

  "Calf raises",
]
on = [ "weekdays" ]


[[routine]]   # fixed times
id = "pilates"
at = [
  "18:00",
]
lead = "30m"
# after the last routine
)";

NewRoutine walk_again() {
  NewRoutine r;
  r.id = "stretch";
  r.title = "Stretch";
  r.every = "3h";
  return r;
}

std::string add_error(std::string_view text, const NewRoutine& r) {
  try {
    add_routine(text, "plan.toml", r);
  } catch (const PlanError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string remove_error(std::string_view text, std::string_view id) {
  try {
    remove_routine(text, "plan.toml", id);
  } catch (const PlanError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("add appends a table after one blank line; the rest is kept", "[plan_edit]") {
  NewRoutine r;
  r.id = "desk";
  r.title = "Say \"hi\" \\ stand\tup\n";
  r.every = "1h";
  r.active = true;
  r.on = "mon, wed,fri";
  r.window = "09:00-17:30";
  r.duration = "3-5m";
  r.exercises = {"Calf raises", "Walk"};
  r.notes = "Ctrl\x01";
  const std::string text = "[settings]\nsnooze = \"10m\"  # ok\n";
  REQUIRE(add_routine(text, "plan.toml", r) ==
          "[settings]\nsnooze = \"10m\"  # ok\n"
          "\n"
          "[[routine]]\n"
          "id = \"desk\"\n"
          "title = \"Say \\\"hi\\\" \\\\ stand\\tup\\n\"\n"
          "every = \"1h\"\n"
          "active = true\n"
          "duration = \"3-5m\"\n"
          "window = \"09:00-17:30\"\n"
          "on = [\"mon\", \"wed\", \"fri\"]\n"
          "exercises = [\"Calf raises\", \"Walk\"]\n"
          "notes = \"Ctrl\\u0001\"\n");

  Plan p = parse_plan(add_routine(text, "plan.toml", r), "plan.toml");
  REQUIRE(p.routines.size() == 1);
  REQUIRE(p.routines[0].title == r.title);
  REQUIRE(p.routines[0].notes == r.notes);
  REQUIRE(p.routines[0].on.bits == 0b10101);
}

TEST_CASE("add writes each kind of schedule", "[plan_edit]") {
  NewRoutine r;
  r.id = "x";

  SECTION("at") {
    r.at = {"18:00", "07:30"};
    r.on = "weekdays";
    std::string out = add_routine("", "plan.toml", r);
    REQUIRE(out == "[[routine]]\nid = \"x\"\nat = [\"18:00\", \"07:30\"]\non = [\"weekdays\"]\n");
    const Plan plan = parse_plan(out, "plan.toml");
    const Routine& got = plan.routines.at(0);
    REQUIRE(got.kind == ScheduleKind::at);
    REQUIRE(got.at == std::vector<int>{7 * 60 + 30, 18 * 60});
  }
  SECTION("times per week") {
    r.times_per_week = 3;
    r.window = "17:00-21:00";
    std::string out = add_routine("", "plan.toml", r);
    REQUIRE(out == "[[routine]]\nid = \"x\"\ntimes_per_week = 3\nwindow = \"17:00-21:00\"\n");
    REQUIRE(parse_plan(out, "plan.toml").routines.at(0).times_per_week == 3);
  }
  SECTION("every") {
    r.every = "1h30m";
    std::string out = add_routine("", "plan.toml", r);
    REQUIRE(out == "[[routine]]\nid = \"x\"\nevery = \"1h30m\"\n");
    REQUIRE(parse_plan(out, "plan.toml").routines.at(0).every == 90min);
  }
}

TEST_CASE("add then rm gives back the file byte for byte", "[plan_edit]") {
  std::string text =
      GENERATE(as<std::string>{}, "", "\n", "\n\n", "  \t\n", "# just a comment", "# just a comment\n",
               "[settings]\nsnooze = \"10m\"", "[settings]\nsnooze = \"10m\"\n", "[settings]\nsnooze = \"10m\"\n\n",
               "[settings]\nsnooze = \"10m\"\n\n\n", "[settings]\nsnooze = \"10m\"\n   ",
               "[settings]\r\nsnooze = \"10m\"\r\n", "[settings]\r\nsnooze = \"10m\"\r\n\r\n",
               "[settings]\r\nsnooze = \"10m\"", "[[routine]]\nid = \"a\"\nevery = \"1h\"\n# the end, directly below",
               "[[routine]]\nid = \"a\"\nevery = \"1h\"\n\n[settings]\nsnooze = \"5m\"\n", std::string(kMessy),
               std::string(kMessy) + "\n\n");
  CAPTURE(text);
  NewRoutine r = walk_again();
  std::string added = add_routine(text, "plan.toml", r);
  REQUIRE(parse_plan(added, "plan.toml").find("stretch") != nullptr);
  REQUIRE(remove_routine(added, "plan.toml", "stretch") == text);
}

TEST_CASE("add keeps the file's CRLF line endings and its missing final newline", "[plan_edit]") {
  REQUIRE(add_routine("[settings]\r\nsnooze = \"10m\"\r\n", "plan.toml", walk_again()) ==
          "[settings]\r\nsnooze = \"10m\"\r\n\r\n[[routine]]\r\nid = \"stretch\"\r\ntitle = \"Stretch\"\r\n"
          "every = \"3h\"\r\n");
  REQUIRE(add_routine("[settings]\nsnooze = \"10m\"", "plan.toml", walk_again()) ==
          "[settings]\nsnooze = \"10m\"\n\n[[routine]]\nid = \"stretch\"\ntitle = \"Stretch\"\nevery = \"3h\"");
  // Blank lines that end the file stay at its end.
  REQUIRE(add_routine("# c\n\n\n", "plan.toml", walk_again()) ==
          "# c\n\n[[routine]]\nid = \"stretch\"\ntitle = \"Stretch\"\nevery = \"3h\"\n\n\n");
}

TEST_CASE("add refuses a duplicate id", "[plan_edit]") {
  NewRoutine r = walk_again();
  r.id = "desk-break";
  REQUIRE(add_error(kMessy, r) == "routine 'desk-break' already exists (line 16)");
  try {
    add_routine(kMessy, "plan.toml", r);
    FAIL("no error");
  } catch (const PlanEditError& e) {
    REQUIRE(e.kind() == PlanEditError::Kind::duplicate_id);
  }
}

TEST_CASE("add names the bad argument", "[plan_edit]") {
  struct Case {
    std::function<void(NewRoutine&)> change;
    std::string error;
  };
  auto c =
      GENERATE(as<Case>{},
               Case{[](NewRoutine& r) { r.every = "2x"; },
                    "--every: expected a duration such as \"90s\", \"10m\", \"1h30m\" or \"2d\", got \"2x\""},
               Case{[](NewRoutine& r) { r.every = "0m"; }, "--every: must be longer than 0"},
               Case{[](NewRoutine& r) { r.window = "9-5"; },
                    "--window: expected a window \"HH:MM-HH:MM\" such as \"09:00-17:30\" or \"22:00-07:30\", "
                    "got \"9-5\""},
               Case{[](NewRoutine& r) { r.duration = "60-30m"; },
                    "--duration: expected a length or range such as \"15m\", \"30-60m\" or \"30m-1h\", got "
                    "\"60-30m\""},
               Case{[](NewRoutine& r) { r.on = "mon,funday"; },
                    "--on: expected mon, tue, wed, thu, fri, sat, sun, weekdays or weekends, got \"funday\""},
               Case{[](NewRoutine& r) { r.on = ""; },
                    "--on: expected mon, tue, wed, thu, fri, sat, sun, weekdays or weekends, got \"\""},
               Case{[](NewRoutine& r) {
                      r.every.reset();
                      r.at = {"18:00", "25:00"};
                    },
                    "--at: expected a time of day \"HH:MM\", got \"25:00\""},
               Case{[](NewRoutine& r) {
                      r.every.reset();
                      r.times_per_week = 8;
                    },
                    "--times-per-week: expected a whole number from 1 to 7, got 8"},
               Case{[](NewRoutine& r) { r.id = "Walk"; },
                    "ID: expected an id of lowercase letters, digits and '-' such as \"desk-break\", got "
                    "\"Walk\""},
               Case{[](NewRoutine& r) { r.every.reset(); }, "give one of --every, --at or --times-per-week"},
               Case{[](NewRoutine& r) { r.times_per_week = 2; }, "give only one of --every, --at or --times-per-week"},
               Case{[](NewRoutine& r) {
                      r.every.reset();
                      r.at = {"18:00"};
                      r.active = true;
                    },
                    "--active applies only to --every"});
  NewRoutine r = walk_again();
  c.change(r);
  REQUIRE(add_error(kMessy, r) == c.error);
  try {
    add_routine(kMessy, "plan.toml", r);
  } catch (const PlanEditError& e) {
    REQUIRE(e.kind() == PlanEditError::Kind::bad_argument);
  }
}

TEST_CASE("add refuses an invalid plan with the plan's own error", "[plan_edit]") {
  REQUIRE(add_error("[[routine]]\nid = \"walk\"\nevry = \"2d\"\n", walk_again()) ==
          "plan.toml:3:1: unknown key 'evry' in routine 'walk' (did you mean 'every'?)");
}

TEST_CASE("rm cuts the table, its comments above and one blank line", "[plan_edit]") {
  SECTION("a middle one: the neighbours' comments stay") {
    REQUIRE(remove_routine(kMessy, "plan.toml", "desk-break") == R"(# My plan, by hand.
settings = { quiet_hours = "22:00-07:30",   snooze="10m" }   # inline

# Walking: the first advice.
# Every two days.
[[routine]]
  id = "walk"      # the id
  title = 'Brisk walk'
  every   =   "2d"
  duration = "30-60m"
  notes = """
# not a comment: part of the notes
Nordic walking counts too."""


[[routine]]   # fixed times
id = "pilates"
at = [
  "18:00",
]
lead = "30m"
# after the last routine
)");
  }
  SECTION("the first one, with the two comment lines above it") {
    REQUIRE(remove_routine(kMessy, "plan.toml", "walk") == R"(# My plan, by hand.
settings = { quiet_hours = "22:00-07:30",   snooze="10m" }   # inline

# between walk and desk
[[routine]]
id="desk-break"
every = "1h"
active = true
exercises = [
  "Stand up and stretch",   # easy

  "Calf raises",
]
on = [ "weekdays" ]


[[routine]]   # fixed times
id = "pilates"
at = [
  "18:00",
]
lead = "30m"
# after the last routine
)");
  }
  SECTION("the last one: the comment below its last key stays") {
    REQUIRE(remove_routine(kMessy, "plan.toml", "pilates") == R"(# My plan, by hand.
settings = { quiet_hours = "22:00-07:30",   snooze="10m" }   # inline

# Walking: the first advice.
# Every two days.
[[routine]]
  id = "walk"      # the id
  title = 'Brisk walk'
  every   =   "2d"
  duration = "30-60m"
  notes = """
# not a comment: part of the notes
Nordic walking counts too."""

# between walk and desk
[[routine]]
id="desk-break"
every = "1h"
active = true
exercises = [
  "Stand up and stretch",   # easy

  "Calf raises",
]
on = [ "weekdays" ]


# after the last routine
)");
  }
}

TEST_CASE("rm of the only routine, with [settings] after it", "[plan_edit]") {
  REQUIRE(remove_routine("# plan\n\n[[routine]]\nid = \"a\"\nevery = \"1h\"\n\n[settings]\nsnooze = \"5m\"\n",
                         "plan.toml", "a") == "# plan\n\n[settings]\nsnooze = \"5m\"\n");
  // At the top of the file: the blank line after it goes, none is left leading.
  REQUIRE(remove_routine("[[routine]]\nid = \"a\"\nevery = \"1h\"\n\n[settings]\nsnooze = \"5m\"\n", "plan.toml",
                         "a") == "[settings]\nsnooze = \"5m\"\n");
  REQUIRE(remove_routine("[[routine]]\nid = \"a\"\nevery = \"1h\"", "plan.toml", "a") == "");
}

TEST_CASE("rm does not take a multi-line string's '#' line for a comment", "[plan_edit]") {
  const std::string text =
      "[[routine]]\nid = \"a\"\nevery = \"1h\"\nnotes = '''\n# part of a's notes'''\n"
      "# b's comment\n[[routine]]\nid = \"b\"\nevery = \"2h\"\n";
  REQUIRE(remove_routine(text, "plan.toml", "b") ==
          "[[routine]]\nid = \"a\"\nevery = \"1h\"\nnotes = '''\n# part of a's notes'''\n");
}

TEST_CASE("rm of a missing routine says so", "[plan_edit]") {
  REQUIRE(remove_error(kMessy, "run") == "no routine 'run' in the plan");
  try {
    remove_routine(kMessy, "plan.toml", "run");
    FAIL("no error");
  } catch (const PlanEditError& e) {
    REQUIRE(e.kind() == PlanEditError::Kind::unknown_routine);
  }
}

TEST_CASE("rm can remove a broken routine but keeps other errors, at their line in the file", "[plan_edit]") {
  const std::string text = "[[routine]]\nid = \"a\"\nevery = \"1h\"\n\n[[routine]]\nid = \"b\"\nevery = \"2x\"\n";
  REQUIRE(remove_routine(text, "plan.toml", "b") == "[[routine]]\nid = \"a\"\nevery = \"1h\"\n");
  REQUIRE(remove_error(text, "a") ==
          "plan.toml:7:9: 'every' in routine 'b': expected a duration such as \"90s\", \"10m\", \"1h30m\" or "
          "\"2d\", got \"2x\"");
  REQUIRE(remove_error("[[routine]\n", "a").starts_with("plan.toml:1:"));
}

TEST_CASE("add writes lead, snooze and enabled when given", "[plan_edit][add_keys]") {
  NewRoutine r;
  r.id = "pilates";
  r.title = "Pilates";
  r.at = {"18:00"};
  r.lead = "30m";
  r.snooze = "15m";
  r.enabled = false;
  r.notes = "Mat in the car";
  Plan p = parse_plan(add_routine("", "plan.toml", r), "plan.toml");
  REQUIRE(p.routines.size() == 1);
  CHECK(p.routines[0].lead == std::chrono::minutes(30));
  CHECK(p.routines[0].snooze == std::optional<Seconds>(std::chrono::minutes(15)));
  CHECK_FALSE(p.routines[0].enabled);
  CHECK(p.routines[0].notes == "Mat in the car");
  // A bad value is named by its flag.
  r.lead = "soon";
  CHECK_THAT(add_error("", r), Catch::StartsWith("--lead: "));
  // The wire carries them.
  r.lead = "30m";
  NewRoutine back = new_routine_from_request(request_from_new_routine(r));
  CHECK(back.lead == r.lead);
  CHECK(back.snooze == r.snooze);
  CHECK(back.enabled == r.enabled);
}

TEST_CASE("enable and disable set the key in place, every other byte kept", "[plan_edit][enabled]") {
  const std::string text =
      "# my plan\n[[routine]]\nid = \"core\"   # the flare-up one\nevery = \"2d\"\n\n"
      "[[routine]]\nid = \"walk\"\nenabled = true  # on\nevery = \"1d\"\n";
  const std::string off = set_enabled(text, "plan.toml", "core", false);
  CHECK(off ==
        "# my plan\n[[routine]]\nid = \"core\"   # the flare-up one\nenabled = false\nevery = \"2d\"\n\n"
        "[[routine]]\nid = \"walk\"\nenabled = true  # on\nevery = \"1d\"\n");
  CHECK_FALSE(parse_plan(off, "plan.toml").routines[0].enabled);
  CHECK(set_enabled(off, "plan.toml", "core", true) ==
        "# my plan\n[[routine]]\nid = \"core\"   # the flare-up one\nenabled = true\nevery = \"2d\"\n\n"
        "[[routine]]\nid = \"walk\"\nenabled = true  # on\nevery = \"1d\"\n");
  CHECK(set_enabled(text, "plan.toml", "walk", false) ==
        "# my plan\n[[routine]]\nid = \"core\"   # the flare-up one\nevery = \"2d\"\n\n"
        "[[routine]]\nid = \"walk\"\nenabled = false  # on\nevery = \"1d\"\n");
  // CRLF and no final newline are kept.
  CHECK(set_enabled("[[routine]]\r\nid = \"a\"\r\nevery = \"1d\"", "p", "a", false) ==
        "[[routine]]\r\nid = \"a\"\r\nenabled = false\r\nevery = \"1d\"");
  CHECK(set_enabled("[[routine]]\nevery = \"1d\"\nid = \"a\"", "p", "a", false) ==
        "[[routine]]\nevery = \"1d\"\nid = \"a\"\nenabled = false");
  try {
    set_enabled(text, "plan.toml", "yoga", false);
    FAIL("no error");
  } catch (const PlanEditError& e) {
    CHECK(e.kind() == PlanEditError::Kind::unknown_routine);
  }
}
