// SPDX-License-Identifier: GPL-3.0-or-later
// The PDF report's layout: eight weeks of four routines on at most 3 A4
// pages, every text box inside the margins and none overlapping another.

#include "cmd/report_pdf.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "lib/health.h"
#include "lib/local_time.h"
#include "lib/report.h"
#include "tests/temp_dir.h"
#include "tests/tz_guard.h"

namespace json = boost::json;

namespace move {
namespace {

constexpr const char* kPlan = R"(
[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"

[[routine]]
id = "core"
title = "Core and back exercises"
times_per_week = 3
duration = "15m"

[[routine]]
id = "pilates"
title = "Pilates class"
at = ["18:00"]
on = ["tue"]
duration = "45m"

[[routine]]
id = "desk"
title = "Get up from the desk"
every = "1h"
duration = "3-5m"
window = "09:00-17:00"
on = ["weekdays"]
)";

json::object eight_weeks(const Plan& plan, History& history, Instant now) {
  const Instant start = *parse_datetime("2026-10-05T08:00:00+02:00");
  auto add = [&](Event e) { history.append(e); };
  for (const Routine& r : plan.routines)
    add({0, r.id, EventKind::due, start - std::chrono::days(1), std::nullopt, std::nullopt, std::nullopt});
  for (int d = 0; d < 51; ++d) {
    const Instant day = start + std::chrono::days(d);
    if (d % 2 == 0)
      add({0, "walk", EventKind::done, day + std::chrono::hours(10), 35 + d % 20, std::nullopt, std::nullopt});
    if (d % 7 == 1 || d % 7 == 3)
      add({0, "core", EventKind::done, day + std::chrono::hours(11), 15, std::nullopt, std::nullopt});
    if (d % 7 == 1) add({0, "pilates", EventKind::done, day + std::chrono::hours(10), 45, std::nullopt, std::nullopt});
    if (d % 7 < 5)
      for (int h = 1; h < 7; ++h)
        add({0, "desk", EventKind::done, day + std::chrono::hours(h), 4, std::nullopt, std::nullopt});
    if (d % 3 == 0) add({0, "", EventKind::pain, day, std::nullopt, std::nullopt, 6 - d / 10});
    if (d % 9 == 4) {
      Event skip{0,
                 "walk",
                 EventKind::skipped,
                 day + std::chrono::hours(9),
                 std::nullopt,
                 std::string("a long note about why the walk did not happen that day, long enough to wrap"),
                 std::nullopt};
      skip.reason = d % 2 ? "weather" : "time";
      add(skip);
    }
  }
  add({0, "", EventKind::flare, start + std::chrono::days(15), std::nullopt, std::string("lifting boxes"),
       kFlareLimiting | kFlareCare});
  Event s1{0, "", EventKind::score, start, std::nullopt, std::nullopt, 12};
  s1.detail = "rmdq";
  add(s1);
  Event s2{0, "", EventKind::score, start + std::chrono::days(50), std::nullopt, std::nullopt, 9};
  s2.detail = "rmdq";
  add(s2);
  json::object r = report_json(plan, history, now, 8);
  r["name"] = "A. Patient";
  return r;
}

bool overlap(const PdfTextBox& a, const PdfTextBox& b) {
  constexpr double e = 0.01;  // touching is not overlapping
  return a.page == b.page && a.x + a.w > b.x + e && b.x + b.w > a.x + e && a.y + a.h > b.y + e && b.y + b.h > a.y + e;
}

TEST_CASE("report --pdf: eight weeks of four routines on at most 3 A4 pages, nothing overflows or overlaps",
          "[report][pdf]") {
  test::TzGuard tz{"Europe/Berlin"};
  test::TempDir dir;
  History history{dir.path / "history.db"};
  const Plan plan = parse_plan(kPlan, "plan.toml");
  const json::object reply = eight_weeks(plan, history, *parse_datetime("2026-11-25T12:00:00+01:00"));
  const PdfLayout pdf = report_pdf(reply);
  if (const char* keep = std::getenv("MOVE_KEEP_PDF")) std::ofstream(keep, std::ios::binary) << pdf.bytes;

  CHECK(pdf.bytes.rfind("%PDF-", 0) == 0);
  CHECK(pdf.pages >= 2);
  CHECK(pdf.pages <= 3);
  REQUIRE(!pdf.boxes.empty());
  // Page one: the name, the summary lines, the chart's labels.
  bool name = false, summary = false, chart = false;
  for (const PdfTextBox& b : pdf.boxes) {
    if (b.page != 0) continue;
    name = name || b.text == "Activity report — A. Patient";
    summary = summary || b.text.rfind("Brisk walk: ", 0) == 0;
    chart = chart || b.text == "Weekly minutes of activity and weekly pain";
  }
  CHECK(name);
  CHECK(summary);
  CHECK(chart);
  for (const PdfTextBox& b : pdf.boxes) {
    INFO("page " << b.page + 1 << ": \"" << b.text << "\" at " << b.x << "," << b.y << " " << b.w << "x" << b.h);
    CHECK(b.x >= kPdfMargin - 0.01);
    CHECK(b.x + b.w <= kPdfPageWidth - kPdfMargin + 0.01);
    CHECK(b.y >= kPdfMargin - 0.01);
    CHECK(b.y + b.h <= kPdfPageHeight - kPdfMargin + 0.01);
    CHECK(b.page < pdf.pages);
  }
  int overlaps = 0;
  for (std::size_t i = 0; i < pdf.boxes.size(); ++i)
    for (std::size_t j = i + 1; j < pdf.boxes.size(); ++j)
      if (overlap(pdf.boxes[i], pdf.boxes[j])) {
        ++overlaps;
        UNSCOPED_INFO("\"" << pdf.boxes[i].text << "\" overlaps \"" << pdf.boxes[j].text << "\" on page "
                           << pdf.boxes[i].page + 1);
      }
  CHECK(overlaps == 0);
}

}  // namespace
}  // namespace move
