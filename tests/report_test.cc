// SPDX-License-Identifier: GPL-3.0-or-later
// The report model on a real SQLite history, its terminal text and its HTML.

#include "lib/report.h"

#include <stdlib.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "cmd/report_html.h"
#include "cmd/report_text.h"
#include "lib/local_time.h"
#include "tests/temp_dir.h"
#include "tests/tz_guard.h"
#include "tests/local_at.h"

namespace fs = std::filesystem;
namespace json = boost::json;

namespace move {
namespace {

using move::test::TempDir;

using test::at;

constexpr const char* kPlan = R"(
[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"

[[routine]]
id = "core"
title = "Core <exercises> & \"more\""
times_per_week = 3
duration = "15m"

[[routine]]
id = "pilates"
at = ["18:00"]
on = ["tue"]

[[routine]]
id = "new"
every = "1d"
)";

struct Fixture {
  test::TzGuard tz{"Europe/Berlin"};
  TempDir dir;
  History history{dir.path / "history.db"};
  Plan plan = parse_plan(kPlan, "plan.toml");

  void add(const char* routine, EventKind kind, const char* when, std::optional<int> minutes = std::nullopt,
           std::optional<std::string> note = std::nullopt, std::optional<int> value = std::nullopt) {
    history.append(Event{0, routine, kind, at(when), minutes, std::move(note), value});
  }
  void pain(const char* when, int level) { add("", EventKind::pain, when, std::nullopt, std::nullopt, level); }
};

const json::object& routine(const json::object& report, std::string_view id) {
  for (const json::value& r : report.at("routines").as_array())
    if (r.at("id").as_string() == id) return r.as_object();
  FAIL("no routine " << id);
  throw std::logic_error("unreachable");
}

json::array ints(std::initializer_list<int> v) {
  json::array a;
  for (int i : v) a.push_back(i);
  return a;
}

// The week of 19 Oct 2026 ends with the end of summer time in Berlin (Sunday
// 25 Oct, 03:00 CEST -> 02:00 CET): 169 hours, 7 local days.
TEST_CASE("report: per ISO week across the end of DST, skips, days and pain", "[report]") {
  Fixture f;
  f.add("walk", EventKind::due, "2026-10-01 09:00");  // the routine was there before the period
  f.add("walk", EventKind::done, "2026-10-20 18:00", 40);
  f.add("walk", EventKind::done, "2026-10-22 07:30", 30);
  f.add("walk", EventKind::skipped, "2026-10-23 18:00", std::nullopt, "knee hurt");
  f.add("walk", EventKind::skipped, "2026-10-24 18:00");
  f.add("walk", EventKind::done, "2026-10-25 02:30", 30);  // in the repeated hour
  f.add("walk", EventKind::done, "2026-10-25 18:00", 45);
  f.add("walk", EventKind::done, "2026-10-27 08:00", 35);
  f.add("walk", EventKind::done, "2026-10-29 08:00", 35);  // after now: ignored
  f.add("core", EventKind::done, "2026-09-30 19:00", 15);
  f.add("core", EventKind::done, "2026-10-21 19:00", 15);
  f.add("core", EventKind::natural, "2026-10-26 19:00", 20);
  f.add("pilates", EventKind::snoozed, "2026-10-21 09:00", std::nullopt, std::nullopt, 600);
  f.pain("2026-10-19 09:00", 3);
  f.pain("2026-10-21 20:00", 4);
  f.pain("2026-10-28 12:00", 6);  // at now: counts
  f.pain("2026-10-29 08:00", 9);  // after now: ignored
  const Instant now = at("2026-10-28 12:00");

  const json::object r = report_json(f.plan, f.history, now, 2);
  CHECK(r.at("ok") == true);
  CHECK(r.at("from") == "2026-10-19T00:00:00+02:00");
  CHECK(r.at("to") == "2026-10-28T12:00:00+01:00");

  const json::array& weeks = r.at("weeks").as_array();
  REQUIRE(weeks.size() == 2);
  CHECK(weeks[0].at("monday") == "2026-10-19");
  CHECK(weeks[0].at("to") == "2026-10-26T00:00:00+01:00");
  CHECK(weeks[0].at("days_elapsed") == 7);
  CHECK(weeks[0].at("pain_avg") == 3.5);
  CHECK(weeks[0].at("pain_count") == 2);
  CHECK(weeks[1].at("monday") == "2026-10-26");
  CHECK(weeks[1].at("to") == "2026-10-28T12:00:00+01:00");
  CHECK(weeks[1].at("days_elapsed") == 3);
  CHECK(weeks[1].at("pain_avg") == 6.0);
  CHECK(weeks[1].at("pain_count") == 1);

  SECTION("every 2d: elapsed time, 169 hours in the DST week") {
    const json::object& walk = routine(r, "walk");
    CHECK(walk.at("title") == "Brisk walk");
    CHECK(walk.at("schedule") == "every 2d");
    CHECK(walk.at("dose") == "30–60 min");
    CHECK(walk.at("target_minutes_week") == json::object{{"min", 105}, {"max", 210}});
    const json::array& w = walk.at("weeks").as_array();
    REQUIRE(w.size() == 2);
    CHECK(w[0].at("monday") == "2026-10-19");
    CHECK(w[0].at("done") == 4);
    CHECK(w[0].at("expected") == 3.52);  // 169 h / 48 h
    CHECK(w[0].at("adherence") == 1.0);
    CHECK(w[0].at("minutes") == 145);
    CHECK(w[0].at("target_minutes") == json::object{{"min", 106}, {"max", 211}});
    CHECK(w[0].at("days") == ints({0, 1, 0, 1, 0, 0, 2}));
    const json::array& skips = w[0].at("skips").as_array();
    REQUIRE(skips.size() == 2);
    CHECK(skips[0].at("at") == "2026-10-23T18:00:00+02:00");
    CHECK(skips[0].at("note") == "knee hurt");
    CHECK(skips[1].at("at") == "2026-10-24T18:00:00+02:00");
    CHECK(skips[1].at("note").is_null());

    CHECK(w[1].at("done") == 1);
    CHECK(w[1].at("expected") == 1.25);  // Monday 00:00 to Wednesday 12:00 = 60 h
    CHECK(w[1].at("adherence") == 0.8);
    CHECK(w[1].at("minutes") == 35);
    CHECK(w[1].at("days") == ints({0, 1, 0, 0, 0, 0, 0}));
    CHECK(w[1].at("skips").as_array().empty());
  }

  SECTION("times_per_week: local days, so the DST week expects exactly N; natural breaks count") {
    const json::object& core = routine(r, "core");
    CHECK(core.at("title") == "Core <exercises> & \"more\"");
    CHECK(core.at("target_minutes_week") == json::object{{"min", 45}, {"max", 45}});
    const json::array& w = core.at("weeks").as_array();
    CHECK(w[0].at("done") == 1);
    CHECK(w[0].at("expected") == 3.0);
    CHECK(w[0].at("adherence") == 0.33);
    CHECK(w[0].at("days") == ints({0, 0, 1, 0, 0, 0, 0}));
    CHECK(w[1].at("done") == 1);
    CHECK(w[1].at("expected") == 1.07);  // 2.5 of 7 days x 3
    CHECK(w[1].at("minutes") == 20);
  }

  SECTION("a routine counts from its earliest event inside the period") {
    const json::object& pilates = routine(r, "pilates");
    CHECK(pilates.at("title") == "pilates");  // no title: the id
    CHECK(pilates.at("dose").is_null());
    CHECK(pilates.at("target_minutes_week").is_null());
    const json::array& w = pilates.at("weeks").as_array();
    // First seen Wednesday 21 Oct: Tuesday 20 Oct 18:00 was before its time.
    CHECK(w[0].at("expected") == 0.0);
    CHECK(w[0].at("adherence").is_null());
    CHECK(w[1].at("expected") == 1.0);  // Tuesday 27 Oct 18:00
    CHECK(w[1].at("done") == 0);
    CHECK(w[1].at("adherence") == 0.0);
    CHECK(w[1].at("target_minutes").is_null());
  }

  SECTION("a routine with no event at all expects nothing") {
    const json::array& w = routine(r, "new").at("weeks").as_array();
    for (const json::value& week : w) {
      CHECK(week.at("expected") == 0.0);
      CHECK(week.at("adherence").is_null());
      CHECK(week.at("days") == ints({0, 0, 0, 0, 0, 0, 0}));
    }
  }

  SECTION("pain_average: both ends inclusive, nullopt without ratings") {
    auto all = pain_average(f.history, at("2026-10-19 00:00"), now);
    REQUIRE(all);
    CHECK(*all == Approx(13.0 / 3));
    CHECK(pain_average(f.history, at("2026-10-21 20:00"), at("2026-10-21 20:00")) == 4.0);
    CHECK_FALSE(pain_average(f.history, at("2026-10-22 00:00"), at("2026-10-28 11:59")));
    CHECK_FALSE(pain_average(f.history, now, at("2026-10-01 00:00")));
  }
}

TEST_CASE("report: weeks are clamped and the current week ends with now", "[report]") {
  Fixture f;
  f.add("walk", EventKind::done, "2026-11-26 12:00", 30);  // at now
  const Instant now = at("2026-11-26 12:00");
  json::object r = report_json(f.plan, f.history, now, 0);
  CHECK(r.at("weeks").as_array().size() == 1);
  CHECK(routine(r, "walk").at("weeks").at(0).at("done") == 1);
  CHECK(routine(r, "walk").at("weeks").at(0).at("days") == ints({0, 0, 0, 1, 0, 0, 0}));
  r = report_json(f.plan, f.history, now, 1000);
  CHECK(r.at("weeks").as_array().size() == static_cast<std::size_t>(kReportMaxWeeks));
  CHECK(r.at("weeks").as_array().back().at("monday") == "2026-11-23");
  // Spring forward: the week of 23 Mar 2026 has 167 hours.
  r = report_json(f.plan, f.history, now, 36);
  CHECK(r.at("weeks").at(0).at("monday") == "2026-03-23");
}

constexpr const char* kSmallPlan = R"(
[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"
)";

TEST_CASE("report: the terminal text, without colour", "[report]") {
  Fixture f;
  f.plan = parse_plan(kSmallPlan, "plan.toml");
  f.add("walk", EventKind::due, "2026-11-01 09:00");
  f.add("walk", EventKind::done, "2026-11-17 18:00", 45);
  f.add("walk", EventKind::done, "2026-11-19 07:30");
  f.add("walk", EventKind::done, "2026-11-19 18:00", 30);
  f.add("walk", EventKind::skipped, "2026-11-21 10:00", std::nullopt, "knee\x1b[31m hurt");
  f.add("walk", EventKind::done, "2026-11-24 18:00", 60);
  f.pain("2026-11-18 08:00", 4);
  f.pain("2026-11-20 08:00", 3);
  const json::object r = report_json(f.plan, f.history, at("2026-11-26 12:00"), 2);

  std::ostringstream out;
  print_report(r, out, false);
  CHECK(out.str() ==
        "Activity report, Mon 16 Nov 2026 to Thu 26 Nov 2026 (2 weeks; as of Thu 26 Nov 12:00)\n"
        "\n"
        "  Brisk walk: 4 of 5.5 sessions, 135 min (target 158–315); last week 57% of prescribed, the week before 86%\n"
        "  Pain: too few weeks with ratings to compare the first two with the last two\n"
        "  Flares: none\n"
        "  Function scores: none recorded\n"
        "  Barriers: 1 skip — no reason given 1\n"
        "  Prescription changes: none\n"
        "\n"
        "WEEK        PAIN 0-10        walk\n"
        "W47 16 Nov  3.5 (2 ratings)  3 of 3.5\n"
        "W48 23 Nov  -                1 of 2\n"
        "\n"
        "Brisk walk (walk): every 2d, 30–60 min a time; target 105–210 min a week\n"
        "WEEK        DONE      ADHERENCE  MINUTES  TARGET   M T W T F S S  SKIPS\n"
        "W47 16 Nov  3 of 3.5  86%        75       105–210  · 1 · 2 · · ·  1\n"
        "W48 23 Nov  1 of 2    57%        60       53–105   · 1 · ·\n"
        "  skipped Sat 21 Nov 10:00: knee [31m hurt\n"
        "\n"
        "The last week runs to Thu 26 Nov 12:00; its expected counts are pro rata. Days: · none, 1-9 done that "
        "often, + ten times or more.\n");
  CHECK(out.str().find('\x1b') == std::string::npos);

  std::ostringstream coloured;
  print_report(r, coloured, true);
  CHECK(coloured.str().find("\x1b[1mBrisk walk\x1b[0m") != std::string::npos);
  CHECK(coloured.str().find("\x1b[32m86%\x1b[0m") != std::string::npos);
}

TEST_CASE("report: how long reminders were paused in each week", "[report]") {
  Fixture f;
  f.plan = parse_plan(kSmallPlan, "plan.toml");
  auto pause = [&](const char* when, std::optional<int> seconds) {
    f.add("", EventKind::paused, when, std::nullopt, std::nullopt, seconds);
  };
  pause("2026-11-15 22:00", 4 * 3600);                // into W47: 2 h of it
  pause("2026-11-18 09:00", std::nullopt);            // until resumed...
  f.add("", EventKind::resumed, "2026-11-19 09:00");  // ...a day later
  pause("2026-11-20 12:00", 2 * 3600);                // replaced after 1 h
  pause("2026-11-20 13:00", 3600);
  pause("2026-11-26 11:30", std::nullopt);  // still paused at now
  const json::object r = report_json(f.plan, f.history, at("2026-11-26 12:00"), 2);
  const auto& weeks = r.at("weeks").as_array();
  CHECK(weeks.at(0).at("paused_s") == 2 * 3600 + 24 * 3600 + 3600 + 3600);
  CHECK(weeks.at(1).at("paused_s") == 30 * 60);

  std::ostringstream out;
  print_report(r, out, false);
  CHECK_THAT(out.str(), Catch::Contains("W47 16 Nov (paused 1d 4h)"));
  CHECK_THAT(out.str(), Catch::Contains("W48 23 Nov (paused 30m)"));
  CHECK_THAT(report_html(r), Catch::Contains("<span class=\"muted paused\">paused 1d 4h</span>"));
}

TEST_CASE("report: colour only on a terminal and never with NO_COLOR", "[report]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  CHECK_FALSE(use_colour(fds[1]));
  ::close(fds[0]);
  ::close(fds[1]);
  const char* old = std::getenv("NO_COLOR");
  std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  ::setenv("NO_COLOR", "1", 1);
  CHECK_FALSE(use_colour(STDOUT_FILENO));
  CHECK_FALSE(use_colour(STDERR_FILENO));
  if (saved)
    ::setenv("NO_COLOR", saved->c_str(), 1);
  else
    ::unsetenv("NO_COLOR");
}

TEST_CASE("report: HTML escapes all text and fetches nothing", "[report]") {
  CHECK(html_escape("<a href=\"x\">Tom & Jerry's</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  CHECK(html_escape("a\x01"
                    "b\tc\nd\x7f") == "a b\tc\nd ");
  CHECK(html_escape("Rücken – 3×") == "Rücken – 3×");

  Fixture f;
  f.add("core", EventKind::done, "2026-11-24 19:00", 15);
  f.add("core", EventKind::skipped, "2026-11-25 19:00", std::nullopt, "<script>alert(1)</script> & \"so\"");
  f.pain("2026-11-24 08:00", 5);
  const json::object r = report_json(f.plan, f.history, at("2026-11-26 12:00"), 4);
  const std::string page = report_html(r);
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;so&quot;") != std::string::npos);
  CHECK(page.find("Core &lt;exercises&gt; &amp; &quot;more&quot;") != std::string::npos);
  CHECK(page.find("Core <exercises>") == std::string::npos);
  for (const char* fetch : {"src=", "href=", "url(", "@import", "<link", "<img", "<iframe"})
    CHECK(page.find(fetch) == std::string::npos);
  CHECK(page.find("@media print") != std::string::npos);
  CHECK(page.find("size: A4") != std::string::npos);
  // Page one's chart and one per routine, one week row per week in the overview and per routine.
  std::size_t svgs = 0, rows = 0;
  for (auto p = page.find("<svg"); p != std::string::npos; p = page.find("<svg", p + 1)) ++svgs;
  for (auto p = page.find("<tr class=\"week\""); p != std::string::npos; p = page.find("<tr class=\"week\"", p + 1))
    ++rows;
  CHECK(svgs == 1 + 4);
  CHECK(rows == 4 * (1 + 4));
  CHECK(page.find("<td class=\"pain\">5.0") != std::string::npos);
}

TEST_CASE("report --html: a link planted at FILE.tmp is not written through", "[report][atomic]") {
  TempDir dir;
  const fs::path victim = dir.path / "victim";
  { std::ofstream(victim) << "precious\n"; }
  const fs::path out = dir.path / "report.html";
  fs::create_symlink(victim, out.string() + ".tmp");
  Fixture f;
  REQUIRE(write_report_html(report_json(f.plan, f.history, at("2026-11-26 12:00"), 4), out.string()));
  std::ifstream in(victim);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "precious\n");
  CHECK(fs::is_symlink(out.string() + ".tmp"));  // not ours: left alone
  CHECK(fs::file_size(out) > 0);
  CHECK_FALSE(fs::is_symlink(out));
}

TEST_CASE("report: notes of done and pain beside their week", "[report]") {
  Fixture f;
  f.add("walk", EventKind::done, "2026-11-17 18:00", 40, "hilly, with Anna");
  f.add("walk", EventKind::done, "2026-11-19 18:00", 30);
  f.add("", EventKind::pain, "2026-11-18 08:00", std::nullopt, "after gardening", 6);
  f.pain("2026-11-24 08:00", 3);
  const json::object r = report_json(f.plan, f.history, at("2026-11-26 12:00"), 2);
  const json::array& weeks = routine(r, "walk").at("weeks").as_array();
  REQUIRE(weeks.at(0).at("notes").as_array().size() == 1);
  CHECK(weeks.at(0).at("notes").at(0).at("note") == "hilly, with Anna");
  CHECK(weeks.at(1).at("notes").as_array().empty());
  const json::array& pains = r.at("weeks").at(0).at("pain_notes").as_array();
  REQUIRE(pains.size() == 1);
  CHECK(pains.at(0).at("level") == 6);
  CHECK(pains.at(0).at("note") == "after gardening");
  CHECK(r.at("weeks").at(1).at("pain_notes").as_array().empty());

  std::ostringstream out;
  print_report(r, out, false);
  CHECK_THAT(out.str(), Catch::Contains("  pain 6/10 Wed 18 Nov 08:00: after gardening\n"));
  CHECK_THAT(out.str(), Catch::Contains("  done Tue 17 Nov 18:00: hilly, with Anna\n"));
  const std::string html = report_html(r);
  CHECK_THAT(html, Catch::Contains("<li>Pain 6/10, Wed 18 Nov 08:00 — after gardening</li>"));
  CHECK_THAT(html, Catch::Contains("<li>Done Tue 17 Nov 18:00 — hilly, with Anna</li>"));
}

}  // namespace
}  // namespace move
