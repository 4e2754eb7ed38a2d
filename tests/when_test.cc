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
      {"tomorrow", "none"},
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
