// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's reminders that fit the day (issue 21), with a real SQLite
// history, a fake notifier and fixed instants: do-not-disturb and
// full-screen holds, the repeat cap, pain-aware words, encouragement, sound.

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>

#include "lib/engine.h"
#include "lib/local_time.h"
#include "lib/reminder_text.h"
#include "tests/engine_fixture.h"

using namespace move;
using move::test::at;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

constexpr const char* kHoldPlan = R"([settings]
snooze = "10m"
repeat = 3
sound = "message"
encourage = ["One", "Two"]

[[routine]]
id = "desk"
title = "Get up"
every = "1h"
active = true
duration = "3-5m"

[[routine]]
id = "walk"
every = "2d"
window = "08:00-20:00"
sound = "bell"
)";

/// The engine fixture with this file's plan, and the loop's way of waking.
struct HoldFixture : test::Fixture {
  explicit HoldFixture(const char* start, std::string text = kHoldPlan) : Fixture(start, std::move(text)) {}
  std::string state(const std::string& id, Instant now) {
    json::object reply = engine->handle({{"cmd", "status"}, {"id", id}}, now);
    return std::string(reply.at("routines").as_array()[0].as_object().at("state").as_string());
  }
  /// What the loop does: fire, then sleep until next_wake (when it is due by `until`).
  void run_until(Instant from, Instant until) {
    Instant t = from;
    for (int guard = 0; guard < 1000; ++guard) {
      engine->fire_due(t);
      auto wake = engine->next_wake(t);
      if (!wake || *wake > until) return;
      REQUIRE(*wake > t - 1s);
      t = std::max(*wake, t + 1s);
    }
    FAIL("the engine does not settle");
  }
};

}  // namespace

TEST_CASE("do not disturb holds every reminder once as held; each comes once when it ends", "[engine][reminders]") {
  HoldFixture f("2026-11-26 08:00");
  f.engine->set_hold(Engine::Hold::dnd, true, at("2026-11-26 08:30"));
  REQUIRE(f.events.back().at("event") == "hold");
  // desk falls due at 09:00: recorded as held once, not shown, not repeated.
  f.run_until(at("2026-11-26 08:30"), at("2026-11-26 11:00"));
  REQUIRE(f.notifier.shown.empty());
  REQUIRE(f.kinds("desk") == std::vector<std::string>{"held"});
  REQUIRE(f.history.list({"desk", {}, {}, {EventKind::held}, {}})[0].note == "do not disturb");
  REQUIRE(f.state("desk", at("2026-11-26 11:00")) == "due");
  // Nothing to wake for while held, but the walk in two days.
  REQUIRE(f.engine->next_wake(at("2026-11-26 11:00")) == at("2026-11-28 08:00"));
  auto held = std::find_if(f.events.begin(), f.events.end(), [](auto& e) { return e.at("event") == "held"; });
  REQUIRE(held != f.events.end());
  REQUIRE(held->at("routine") == "desk");
  REQUIRE(held->at("due").as_string() == format_iso8601(at("2026-11-26 09:00")));

  f.engine->set_hold(Engine::Hold::dnd, false, at("2026-11-26 11:00"));
  f.engine->fire_due(at("2026-11-26 11:00"));
  REQUIRE(f.notifier.shown.size() == 1);  // once, not once per repeat missed
  REQUIRE(f.notifier.shown[0].routine == "desk");
  REQUIRE(f.kinds("desk") == std::vector<std::string>{"held", "due"});
}

TEST_CASE("a full-screen window holds desk breaks only, unless hold_when_fullscreen = false", "[engine][reminders]") {
  HoldFixture f("2026-11-26 08:00");
  f.engine->handle({{"cmd", "done"}, {"id", "walk"}, {"at", "2026-11-24T09:00:00+01:00"}}, at("2026-11-26 08:00"));
  f.engine->set_hold(Engine::Hold::fullscreen, true, at("2026-11-26 08:10"));
  f.run_until(at("2026-11-26 08:10"), at("2026-11-26 09:30"));
  REQUIRE(f.notifier.shown.size() == 3);  // 09:00, 09:10, 09:20: not an active routine, shown
  for (const Notification& n : f.notifier.shown) REQUIRE(n.routine == "walk");
  REQUIRE(f.kinds("desk") == std::vector<std::string>{"held"});
  REQUIRE(f.history.list({"desk", {}, {}, {EventKind::held}, {}})[0].note == "full screen");

  HoldFixture g("2026-11-26 08:00", std::string(kHoldPlan).replace(std::string(kHoldPlan).find("repeat = 3"), 10,
                                                                   "repeat = 3\nhold_when_fullscreen = false"));
  g.engine->set_hold(Engine::Hold::fullscreen, true, at("2026-11-26 08:10"));
  g.engine->fire_due(at("2026-11-26 09:00"));
  REQUIRE(g.kinds("desk") == std::vector<std::string>{"due"});
}

TEST_CASE("repeats stop after N reminders; status says due; a snooze still comes and counts anew",
          "[engine][reminders]") {
  HoldFixture f("2026-11-26 08:00");
  f.run_until(at("2026-11-26 08:00"), at("2026-11-26 09:59"));
  // 09:00, 09:10, 09:20, then silence until 10:20 (an hour after the last).
  REQUIRE(f.kinds("desk") == std::vector<std::string>{"due", "due", "due"});
  REQUIRE(f.state("desk", at("2026-11-26 09:59")) == "due");
  REQUIRE(f.engine->next_wake(at("2026-11-26 09:59")) == at("2026-11-26 10:20"));
  json::object st = f.engine->handle({{"cmd", "status"}, {"id", "desk"}}, at("2026-11-26 09:59"));
  REQUIRE(st.at("routines").as_array()[0].as_object().at("repeats_spent") == true);

  // Snooze from the notification: it comes back after the snooze length,
  // and up to 3 reminders again.
  f.engine->on_action("desk", "snooze", at("2026-11-26 09:30"));
  REQUIRE(f.engine->next_wake(at("2026-11-26 09:30")) == at("2026-11-26 09:40"));
  f.run_until(at("2026-11-26 09:40"), at("2026-11-26 10:15"));
  REQUIRE(f.kinds("desk").size() == 3 + 1 + 3);  // 09:40, 09:50, 10:00

  // A restart counts the reminders of the occurrence from the history:
  // the walk, reminded 3 times, stays quiet until the next day's window.
  f.engine->handle({{"cmd", "done"}, {"id", "walk"}, {"at", "2026-11-24T08:00:00+01:00"}}, at("2026-11-26 10:15"));
  f.run_until(at("2026-11-26 10:15"), at("2026-11-26 10:40"));
  REQUIRE(f.kinds("walk") == std::vector<std::string>{"done", "due", "due", "due"});
  f.open(at("2026-11-26 10:45"), kHoldPlan);
  f.engine->fire_due(at("2026-11-26 10:45"));
  REQUIRE(f.kinds("walk").size() == 4);
  REQUIRE(f.state("walk", at("2026-11-26 10:45")) == "due");
}

TEST_CASE("after a pain rating of 7 or more: a shorter session counts, one reminder only", "[engine][reminders]") {
  HoldFixture f("2026-11-26 08:00");
  f.engine->handle({{"cmd", "pain"}, {"level", 8}}, at("2026-11-26 08:30"));
  f.run_until(at("2026-11-26 08:30"), at("2026-11-26 09:59"));
  REQUIRE(f.kinds("desk") == std::vector<std::string>{"due"});
  REQUIRE(f.notifier.shown[0].body == "3–5 min\n" + std::string(kPainLine) + "\nOne");
  // A day later the rating no longer counts.
  f.engine->on_action("desk", "done", at("2026-11-27 09:00"));
  f.notifier.shown.clear();
  f.engine->fire_due(at("2026-11-27 10:00"));
  REQUIRE(f.notifier.shown.at(0).body == "3–5 min\nTwo");
}

TEST_CASE("encouragement in turn; sound from the routine or the settings; an at reminder says when",
          "[engine][reminders]") {
  HoldFixture f("2026-11-26 08:00", std::string(kHoldPlan) + R"(
[[routine]]
id = "pilates"
title = "Pilates class"
at = "18:00"
lead = "30m"
)");
  f.engine->handle({{"cmd", "done"}, {"id", "walk"}, {"at", "2026-11-24T08:00:00+01:00"}}, at("2026-11-26 08:00"));
  f.engine->fire_due(at("2026-11-26 09:00"));  // desk, then walk
  f.engine->on_action("desk", "done", at("2026-11-26 09:01"));
  f.engine->on_action("walk", "done", at("2026-11-26 09:01"));
  f.engine->fire_due(at("2026-11-26 10:01"));
  f.engine->fire_due(at("2026-11-26 17:30"));
  REQUIRE(f.notifier.shown.size() == 5);  // 17:30: the desk's repeat, then the class
  REQUIRE(f.notifier.shown[0].body == "3–5 min\nOne");
  REQUIRE(f.notifier.shown[0].sound == "message");
  REQUIRE(f.notifier.shown[1].body == "Two");
  REQUIRE(f.notifier.shown[2].body == "3–5 min\nOne");
  const Notification& pilates = f.notifier.shown.back();
  REQUIRE(pilates.summary == "Pilates class at 18:00");
  auto walk =
      std::find_if(f.notifier.shown.begin(), f.notifier.shown.end(), [](auto& n) { return n.routine == "walk"; });
  REQUIRE(walk != f.notifier.shown.end());
  REQUIRE(walk->sound == "bell");
}
