// SPDX-License-Identifier: GPL-3.0-or-later
// parse_when: times as people type them, relative to a fixed now.

#include "lib/when.h"

#include <catch2/catch.hpp>

#include "lib/local_time.h"
#include "tests/tz_guard.h"

using namespace move;

namespace {

std::string when(std::string_view text, const char* now) {
  auto t = parse_when(text, *parse_datetime(now));
  return t ? format_iso8601(*t) : "none";
}

}  // namespace

TEST_CASE("parse_when reads what people type, relative to now", "[when]") {
  test::TzGuard tz("Europe/Berlin");
  struct Case {
    const char* text;
    const char* expected;
  };
  const char* now = "2026-11-26T09:15:00+01:00";
  auto c = GENERATE(values<Case>({
      {"now", "2026-11-26T09:15:00+01:00"},
      {"18:00", "2026-11-26T18:00:00+01:00"},
      {"7:30", "2026-11-26T07:30:00+01:00"},
      {"today 7:30", "2026-11-26T07:30:00+01:00"},
      {"yesterday 18:00", "2026-11-25T18:00:00+01:00"},
      {"yesterday", "2026-11-25T12:00:00+01:00"},
      {"today", "2026-11-26T12:00:00+01:00"},
      {"2026-11-25 18:00", "2026-11-25T18:00:00+01:00"},
      {"2026-11-25T18:00:00+01:00", "2026-11-25T18:00:00+01:00"},
      {"2026-11-25T17:00:00Z", "2026-11-25T18:00:00+01:00"},
      {"tomorrow", "2026-11-27T12:00:00+01:00"},
      {"yesterday 6pm", "2026-11-25T18:00:00+01:00"},
      {"6:30am", "2026-11-26T06:30:00+01:00"},
      {"12am", "2026-11-26T00:00:00+01:00"},
      {"12pm", "2026-11-26T12:00:00+01:00"},
      {"13pm", "none"},
      {"mon 18:00", "2026-11-23T18:00:00+01:00"},
      {"Thursday 8:00", "2026-11-26T08:00:00+01:00"},
      {"2h ago", "2026-11-26T07:15:00+01:00"},
      {"-90m", "2026-11-26T07:45:00+01:00"},
      {"-1h30m", "2026-11-26T07:45:00+01:00"},
      {"90 ago", "none"},
      {"-", "none"},
      {"", "none"},
      {"25:00", "none"},
      {"yesterday 7", "none"},
      {"now 18:00", "none"},
  }));
  INFO(c.text);
  CHECK(when(c.text, now) == c.expected);
}

TEST_CASE("parse_when: yesterday across a month end, a leap day and a DST change", "[when]") {
  test::TzGuard tz("Europe/Berlin");
  CHECK(when("yesterday 18:00", "2026-12-01T08:00:00+01:00") == "2026-11-30T18:00:00+01:00");
  CHECK(when("yesterday 18:00", "2028-03-01T08:00:00+01:00") == "2028-02-29T18:00:00+01:00");
  // 29 March 2026: clocks go forward at 02:00; the day before is still winter time.
  CHECK(when("yesterday 12:00", "2026-03-30T08:00:00+02:00") == "2026-03-29T12:00:00+02:00");
  CHECK(when("yesterday 01:00", "2026-03-30T08:00:00+02:00") == "2026-03-29T01:00:00+01:00");
  // A time inside the skipped hour is a real instant, not an error.
  CHECK(when("02:30", "2026-03-29T12:00:00+02:00") != "none");
}

TEST_CASE("parse_when: a time of day leans to the past or the future when asked", "[when]") {
  test::TzGuard tz("Europe/Berlin");
  auto lean = [](std::string_view text, const char* now, Lean l) {
    auto t = parse_when(text, *parse_datetime(now), l);
    return t ? format_iso8601(*t) : "none";
  };
  const char* morning = "2026-11-26T09:15:00+01:00";  // a Thursday
  // "done --at 18:00" typed in the morning: yesterday's 18:00.
  CHECK(lean("18:00", morning, Lean::past) == "2026-11-25T18:00:00+01:00");
  CHECK(lean("08:00", morning, Lean::past) == "2026-11-26T08:00:00+01:00");
  // "pause --until 08:00" typed at 09:15: tomorrow's.
  CHECK(lean("08:00", morning, Lean::future) == "2026-11-27T08:00:00+01:00");
  CHECK(lean("14:00", morning, Lean::future) == "2026-11-26T14:00:00+01:00");
  // A weekday: the one today is only taken when the time fits the lean.
  CHECK(lean("thu 18:00", morning, Lean::past) == "2026-11-19T18:00:00+01:00");
  CHECK(lean("thu 08:00", morning, Lean::past) == "2026-11-26T08:00:00+01:00");
  CHECK(lean("mon 08:00", morning, Lean::future) == "2026-11-30T08:00:00+01:00");
  // Across a month end and a DST change (25 October 2026: 03:00 back to 02:00).
  CHECK(lean("23:00", "2026-12-01T06:00:00+01:00", Lean::past) == "2026-11-30T23:00:00+01:00");
  CHECK(lean("20:00", "2026-10-25T09:00:00+01:00", Lean::past) == "2026-10-24T20:00:00+02:00");
  CHECK(lean("3h ago", "2026-10-25T03:30:00+01:00", Lean::past) == "2026-10-25T01:30:00+02:00");
  CHECK(lean("sat 20:00", "2026-10-25T09:00:00+01:00", Lean::past) == "2026-10-24T20:00:00+02:00");
}

TEST_CASE("parse_day_bound: a day alone is its 00:00, or the 00:00 after it", "[when]") {
  test::TzGuard tz("Europe/Berlin");
  auto bound = [](std::string_view text, const char* now, bool end) {
    auto t = parse_day_bound(text, *parse_datetime(now), end);
    return t ? format_iso8601(*t) : "none";
  };
  const char* now = "2026-12-02T05:31:26+01:00";
  CHECK(bound("2026-11-01", now, false) == "2026-11-01T00:00:00+01:00");
  CHECK(bound("2026-11-30", now, true) == "2026-12-01T00:00:00+01:00");
  CHECK(bound("yesterday", now, false) == "2026-12-01T00:00:00+01:00");
  CHECK(bound("today", now, true) == "2026-12-03T00:00:00+01:00");
  CHECK(bound("mon", now, false) == "2026-11-30T00:00:00+01:00");
  CHECK(bound("2026-10-25", now, true) == "2026-10-26T00:00:00+01:00");  // a 25-hour day
  CHECK(bound("2026-11-01 18:00", now, true) == "2026-11-01T18:00:00+01:00");
  CHECK(bound("2h ago", now, false) == "2026-12-02T03:31:26+01:00");
  CHECK(bound("2026-13-01", now, false) == "none");
}
