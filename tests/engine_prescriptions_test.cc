// SPDX-License-Identifier: GPL-3.0-or-later
// moved keeps each prescription it runs, and a plan change never rewrites
// the figures of the days before it.
#include <algorithm>
#include <catch2/catch.hpp>

#include "lib/engine.h"
#include "tests/engine_fixture.h"
#include "tests/plan_texts.h"

using namespace move;
using namespace move::test;

namespace {

constexpr const char* kWalk2d = "[[routine]]\nid = \"walk\"\nevery = \"2d\"\nduration = \"30-60m\"\n";
constexpr const char* kWalk1d = "[[routine]]\nid = \"walk\"\nevery = \"1d\"\nduration = \"20-30m\"\n";

std::vector<Event> prescriptions(const History& h, const std::string& routine) {
  return h.list({routine, {}, {}, {EventKind::prescription}, {}});
}

void reload(Fixture& f, const std::string& text, const char* now) {
  f.write(text);
  REQUIRE(f.engine->reload(at(now)));
}

json::array report_weeks(Fixture& f, const char* now) {
  return f.call({{"cmd", "report"}, {"weeks", 4}}, at(now)).at("routines").as_array().at(0).at("weeks").as_array();
}

}  // namespace

TEST_CASE("prescriptions: one record on first start, and one per change of what is prescribed",
          "[engine][prescription]") {
  Fixture f("2026-11-02 09:00", kWalk2d);
  auto p = prescriptions(f.history, "walk");
  REQUIRE(p.size() == 1);
  CHECK(p[0].at == at("2026-11-02 09:00"));
  REQUIRE(p[0].detail);
  CHECK(same_prescription(parse_prescription(*p[0].detail), f.engine->plan().routines[0]));
  // A new title or notes prescribe nothing new; a restart records nothing.
  reload(f, std::string(kWalk2d) + "title = \"Brisk walk\"\n", "2026-11-03 09:00");
  f.engine.reset();
  f.open(at("2026-11-04 09:00"), std::string(kWalk2d) + "title = \"Brisk walk\"\n");
  CHECK(prescriptions(f.history, "walk").size() == 1);
  // The dose changes: recorded at the reload.
  reload(f, kWalk1d, "2026-11-25 12:00");
  p = prescriptions(f.history, "walk");
  REQUIRE(p.size() == 2);
  CHECK(p[1].at == at("2026-11-25 12:00"));
  CHECK(parse_prescription(*p[1].detail).every == std::chrono::days(1));
  // Removed: a record without a prescription; added back: a new one.
  reload(f, "[[routine]]\nid = \"desk\"\nevery = \"1h\"\n", "2026-11-26 08:00");
  p = prescriptions(f.history, "walk");
  REQUIRE(p.size() == 3);
  CHECK(!p[2].detail);
  reload(f, kWalk1d, "2026-11-27 08:00");
  CHECK(prescriptions(f.history, "walk").size() == 4);
}

TEST_CASE("prescriptions: a plan change leaves past weeks' expected and adherence as they were",
          "[engine][prescription]") {
  Fixture f("2026-11-02 09:00", kWalk2d);
  for (const char* day : {"2026-11-16 10:00", "2026-11-18 10:00", "2026-11-20 10:00", "2026-11-22 10:00"})
    REQUIRE(
        f.call({{"cmd", "done"}, {"id", "walk"}, {"at", format_iso8601(at(day))}}, at("2026-11-24 09:00")).at("ok") ==
        true);
  const json::array before = report_weeks(f, "2026-11-25 11:00");
  REQUIRE(before.at(2).at("monday") == "2026-11-16");
  CHECK(before.at(2).at("done") == 4);
  CHECK(before.at(2).at("expected") == 3.5);
  CHECK(before.at(2).at("adherence") == 1.0);

  reload(f, kWalk1d, "2026-11-25 12:00");
  const json::array after = report_weeks(f, "2026-11-26 12:00");
  // Past weeks: unchanged.
  for (std::size_t w = 0; w < 3; ++w) {
    INFO(w);
    CHECK(after.at(w).at("expected") == before.at(w).at("expected"));
    CHECK(after.at(w).at("adherence") == before.at(w).at("adherence"));
  }
  CHECK(after.at(2).at("prescription") == "every 2d, 30–60 min");
  // The current week: every 2d until Wed 12:00 (2.5 d / 2), every 1d since (1 d).
  CHECK(after.at(3).at("expected").as_double() == Approx(1.25 + 1.0).margin(0.01));
  CHECK(after.at(3).at("prescription") == "every 1d, 20–30 min");
  const auto changes = f.call({{"cmd", "report"}, {"weeks", 4}}, at("2026-11-26 12:00")).at("prescriptions").as_array();
  REQUIRE(changes.size() == 1);
  CHECK(changes.at(0).at("routine") == "walk");
  CHECK(changes.at(0).at("at").as_string() == format_iso8601(at("2026-11-25 12:00")));
  CHECK(changes.at(0).at("from") == "every 2d, 30–60 min");
  CHECK(changes.at(0).at("to") == "every 1d, 20–30 min");
  const json::array lines =
      f.call({{"cmd", "report"}, {"weeks", 4}}, at("2026-11-26 12:00")).at("summary").at("lines").as_array();
  CHECK(std::find(lines.begin(), lines.end(),
                  json::value("Prescription: walk from 2026-11-25: every 2d, 30–60 min → every 1d, 20–30 min")) !=
        lines.end());
  // status' 28 days count each day by its own prescription too.
  auto s = f.call({{"cmd", "status"}}, at("2026-11-26 12:00")).at("routines").as_array().at(0);
  CHECK(s.at("expected_7d").as_double() == Approx(6.0 / 2 + 1.0).margin(0.01));
}

TEST_CASE("prescriptions: a history kept before them takes the plan as prescribed since first seen",
          "[engine][prescription]") {
  TzGuard tz{"Europe/Berlin"};
  TempDir dir;
  History history{dir.path / "history.db"};
  history.first_seen("walk", at("2026-10-01 09:00"));
  Event done;
  done.routine = "walk";
  done.kind = EventKind::done;
  done.at = at("2026-10-02 09:00");
  history.append(done);
  FakeNotifier notifier;
  const std::string text = kWalk2d;
  Engine engine(parse_plan(text, "plan.toml"), text, dir.path / "plan.toml", history, notifier, at("2026-11-26 09:00"));
  const auto p = prescriptions(history, "walk");
  REQUIRE(p.size() == 1);
  CHECK(p[0].at == at("2026-10-01 09:00"));
}

TEST_CASE("stages: status names the stage in force and the next one's date", "[engine][prescription]") {
  Fixture f("2026-12-09 09:00", kStagedWalk);
  auto stage_at = [&](const char* now) {
    return f.call({{"cmd", "status"}}, at(now)).at("routines").as_array().at(0).as_object();
  };
  auto s = stage_at("2026-12-09 09:00");
  CHECK(s.at("stage").at("number") == 1);
  CHECK(s.at("stage").at("of") == 3);
  CHECK(s.at("stage").at("since") == "2026-12-07");
  CHECK(s.at("stage").at("next") == "2026-12-21");
  s = stage_at("2027-01-20 09:00");
  CHECK(s.at("stage").at("number") == 3);
  CHECK(s.at("stage").at("next").is_null());
  CHECK(s.at("schedule") == "5x a week");
  // The recorded prescription is the plan's, stages and all: one record.
  CHECK(prescriptions(f.history, "walk").size() == 1);
}
