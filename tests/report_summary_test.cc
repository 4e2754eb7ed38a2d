// SPDX-License-Identifier: GPL-3.0-or-later
// The check-up part of the report: flares, function scores, barriers and
// the summary lines, on a real SQLite history of eight weeks.

#include "lib/report_summary.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <sstream>

#include "cmd/report_html.h"
#include "cmd/report_text.h"
#include "lib/health.h"
#include "lib/json_text.h"
#include "lib/report.h"
#include "tests/temp_dir.h"
#include "tests/tz_guard.h"
#include "tests/local_at.h"

namespace json = boost::json;

namespace move {
namespace {

using test::at;

constexpr const char* kPlan = R"(
[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"

[[routine]]
id = "core"
title = "Core"
times_per_week = 3
duration = "15m"
)";

struct Fixture {
  test::TzGuard tz{"Europe/Berlin"};
  test::TempDir dir;
  History history{dir.path / "history.db"};
  Plan plan = parse_plan(kPlan, "plan.toml");

  void add(Event e) { history.append(e); }
  void done(const char* routine, Instant t, int minutes) {
    add({0, routine, EventKind::done, t, minutes, std::nullopt, std::nullopt});
  }
  void skip(const char* routine, const char* when, std::optional<std::string> reason, std::optional<std::string> note) {
    Event e{0, routine, EventKind::skipped, at(when), std::nullopt, std::move(note), std::nullopt};
    e.reason = std::move(reason);
    add(e);
  }
  void pain(const char* when, int level) { add({0, "", EventKind::pain, at(when), std::nullopt, std::nullopt, level}); }
  void flare(const char* when, int flags, std::optional<std::string> note = std::nullopt) {
    add({0, "", EventKind::flare, at(when), std::nullopt, std::move(note), flags});
  }
  void score(const char* when, const char* scale, int total) {
    Event e{0, "", EventKind::score, at(when), std::nullopt, std::nullopt, total};
    e.detail = scale;
    add(e);
  }
};

// Eight ISO weeks from Monday 5 Oct 2026 (the end of summer time on 25 Oct
// falls in week 3) to Wednesday 25 Nov 12:00.
struct EightWeeks : Fixture {
  const Instant now = at("2026-11-25 12:00");
  EightWeeks() {
    add({0, "walk", EventKind::due, at("2026-09-01 09:00"), std::nullopt, std::nullopt, std::nullopt});
    add({0, "core", EventKind::due, at("2026-09-01 09:00"), std::nullopt, std::nullopt, std::nullopt});
    // Walks every other day in the first four weeks, every day in the last four.
    for (int d = 0; d < 28; d += 2) done("walk", at("2026-10-05 18:00") + std::chrono::days(d), 30);
    for (int d = 28; d < 51; ++d) done("walk", at("2026-10-05 18:00") + std::chrono::days(d), 40);
    for (int w = 0; w < 8; ++w) done("core", at("2026-10-06 19:00") + std::chrono::days(7 * w), 15);
    skip("walk", "2026-10-07 18:00", "time", "late meeting");
    skip("walk", "2026-10-14 18:00", "weather", std::nullopt);
    skip("core", "2026-10-15 19:00", "time", std::nullopt);
    skip("core", "2026-11-12 19:00", std::nullopt, "forgot");
    pain("2026-10-05 09:00", 6);
    pain("2026-10-12 09:00", 5);
    pain("2026-11-16 09:00", 3);
    pain("2026-11-24 09:00", 2);
    flare("2026-10-20 08:00", kFlareLimiting | kFlareCare, "lifting boxes");
    flare("2026-11-03 08:00", 0);
    score("2026-10-05 10:00", "rmdq", 12);
    score("2026-11-23 10:00", "rmdq", 9);
    score("2026-10-05 10:05", "odi", 40);
    score("2026-11-23 10:05", "odi", 26);
  }
};

TEST_CASE("count_text rounds expected counts as people write them", "[report][summary]") {
  CHECK(count_text(1.08) == "1");
  CHECK(count_text(3.5) == "3.5");
  CHECK(count_text(3.4) == "3.5");
  CHECK(count_text(3.2) == "3");
  CHECK(count_text(0) == "0");
  CHECK(count_text(14.0) == "14");
}

TEST_CASE("report: flares listed with their weeks, scores per scale against the MDC", "[report][summary]") {
  EightWeeks f;
  const json::object r = report_json(f.plan, f.history, f.now, 8);
  const json::array& flares = r.at("flares").as_array();
  REQUIRE(flares.size() == 2);
  CHECK(flares[0].at("at") == "2026-10-20T08:00:00+02:00");
  CHECK(flares[0].at("monday") == "2026-10-19");
  CHECK(flares[0].at("limiting") == true);
  CHECK(flares[0].at("care") == true);
  CHECK(flares[0].at("note") == "lifting boxes");
  CHECK(flares[1].at("limiting") == false);
  const json::array& weeks = r.at("weeks").as_array();
  REQUIRE(weeks.size() == 8);
  CHECK(weeks[2].at("flares") == 1);
  CHECK(weeks[2].at("limiting_flares") == 1);
  CHECK(weeks[4].at("flares") == 1);
  CHECK(weeks[4].at("limiting_flares") == 0);
  CHECK(weeks[3].at("flares") == 0);

  const json::array& scores = r.at("scores").as_array();
  REQUIRE(scores.size() == 2);
  CHECK(scores[0].at("scale") == "rmdq");
  CHECK(scores[0].at("first") == 12);
  CHECK(scores[0].at("last") == 9);
  CHECK(scores[0].at("change") == -3);
  CHECK(scores[0].at("within_mdc") == true);
  CHECK(scores[0].at("mdc") == 5);
  CHECK(scores[0].at("points").as_array().size() == 2);
  CHECK(scores[1].at("scale") == "odi");
  CHECK(scores[1].at("change") == -14);
  CHECK(scores[1].at("within_mdc") == false);

  CHECK(r.at("prescriptions").as_array().empty());
}

TEST_CASE("report: barriers counted by reason, per week with the notes", "[report][summary]") {
  EightWeeks f;
  const json::object r = report_json(f.plan, f.history, f.now, 8);
  const json::object& b = r.at("barriers").as_object();
  CHECK(b.at("counts").at("time") == 2);
  CHECK(b.at("counts").at("weather") == 1);
  CHECK(b.at("counts").at("unsaid") == 1);
  CHECK(b.at("counts").at("pain") == 0);
  const json::array& weeks = b.at("weeks").as_array();
  REQUIRE(weeks.size() == 8);
  CHECK(weeks[0].at("counts").at("time") == 1);
  REQUIRE(weeks[0].at("skips").as_array().size() == 1);
  CHECK(weeks[0].at("skips").at(0).at("routine") == "walk");
  CHECK(weeks[0].at("skips").at(0).at("note") == "late meeting");
  CHECK(weeks[0].at("skips").at(0).at("reason") == "time");
  // Two routines' skips of one week, in time order.
  REQUIRE(weeks[1].at("skips").as_array().size() == 2);
  CHECK(weeks[1].at("skips").at(0).at("routine") == "walk");
  CHECK(weeks[1].at("skips").at(1).at("routine") == "core");
  CHECK(weeks[5].at("skips").at(0).at("reason").is_null());
}

TEST_CASE("report: the summary, one line per routine, then pain, flares, scores, barriers", "[report][summary]") {
  EightWeeks f;
  const json::object r = report_json(f.plan, f.history, f.now, 8);
  const json::object& s = r.at("summary").as_object();
  INFO(to_json_text(s));
  const json::array& lines = s.at("lines").as_array();
  REQUIRE(lines.size() == 8);
  // Walked every other day, then every day: above the prescription.
  CHECK(lines[0] ==
        "Brisk walk: 37 of 26 sessions, 1340 min (target 774–1546); last 4 weeks 196% of prescribed, the 4 before "
        "100%");
  CHECK(lines[1] == "Core: 8 of 22 sessions, 120 min (target 331); last 4 weeks 40% of prescribed, the 4 before 33%");
  CHECK(lines[2] == "Pain: 5.5/10 on average in the first two weeks, 2.5/10 in the last two");
  CHECK(lines[3] == "Flares: 2 (1 limiting activity, 1 with care sought); weeks of 2026-10-19, 2026-11-02");
  CHECK(lines[4] ==
        "RMDQ: 12 on 2026-10-05, 9 on 2026-11-23, change −3: smaller than the minimal detectable change (5 points)");
  CHECK(lines[5] ==
        "ODI: 40 on 2026-10-05, 26 on 2026-11-23, change −14: better by at least the minimal detectable change (10 "
        "points)");
  CHECK(lines[6] == "Barriers: 4 skips — time 2, weather 1, no reason given 1");
  CHECK(lines[7] == "Prescription changes: none");
  const json::object& walk = s.at("routines").at(0).as_object();
  CHECK(walk.at("trend").at("weeks") == 4);
}

TEST_CASE("report: the terminal text and the HTML carry the summary, flares and scores", "[report][summary]") {
  EightWeeks f;
  const json::object r = report_json(f.plan, f.history, f.now, 8);
  std::ostringstream out;
  print_report(r, out, false);
  const std::string text = out.str();
  CHECK(text.find("  Flares: 2 (1 limiting activity, 1 with care sought)") != std::string::npos);
  CHECK(text.find("W43 19 Oct FLARE!") != std::string::npos);
  CHECK(text.find("W45  2 Nov flare") != std::string::npos);
  CHECK(text.find("Tue 20 Oct 08:00: limited activity, care sought; lifting boxes") != std::string::npos);
  CHECK(text.find("RMDQ (0-24): 5 Oct 12, 23 Nov 9") != std::string::npos);
  CHECK(text.find("skipped Wed 7 Oct 18:00 (time): late meeting") != std::string::npos);

  const std::string page = report_html(r);
  const auto summary = page.find("<section class=\"summary\">");
  const auto overview = page.find("<section class=\"overview\">");
  REQUIRE(summary != std::string::npos);
  CHECK(summary < overview);  // page one begins with the check-up
  CHECK(page.find("<li>RMDQ: 12 on 2026-10-05, 9 on 2026-11-23, change −3: smaller than the minimal detectable change "
                  "(5 points)</li>") != std::string::npos);
  CHECK(page.find("<span class=\"flare limiting\" title=\"activity-limiting flare\">⚑</span>") != std::string::npos);
  // Core in the current week: 1 done of 1.07 prescribed so far, written as people write it.
  CHECK(page.find("<td>1 of 1</td>") != std::string::npos);
  CHECK(page.find("lifting boxes") != std::string::npos);
}

TEST_CASE("report summary: an empty history says so rather than inventing trends", "[report][summary]") {
  Fixture f;
  const json::object r = report_json(f.plan, f.history, at("2026-11-25 12:00"), 2);
  const json::array& lines = r.at("summary").at("lines").as_array();
  INFO(to_json_text(lines));
  CHECK(lines.at(0) == "Brisk walk: 0 sessions, none prescribed in the range");
  CHECK(lines.at(2) == "Pain: too few weeks with ratings to compare the first two with the last two");
  CHECK(lines.at(3) == "Flares: none");
  CHECK(lines.at(4) == "Function scores: none recorded");
  CHECK(lines.at(5) == "Barriers: no skips");
  CHECK(r.at("summary").at("pain").is_null());
}

}  // namespace
}  // namespace move
