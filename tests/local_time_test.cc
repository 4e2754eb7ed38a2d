// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/local_time.h"

#include <catch2/catch.hpp>

#include "tests/tz_guard.h"

using namespace move;
using namespace std::chrono;
using move::test::TzGuard;

namespace {
Instant utc(year_month_day d, hours h, minutes m = 0min) { return sys_days{d} + h + m; }
LocalSeconds local(year_month_day d, hours h, minutes m = 0min) { return local_days{d} + h + m; }
}  // namespace

TEST_CASE("Berlin: a skipped hour maps to the end of the gap", "[local_time]") {
  TzGuard tz("Europe/Berlin");
  // 2026-03-29 02:00 CET -> 03:00 CEST; 02:30 does not exist.
  REQUIRE(from_local(local(2026y / 3 / 29, 2h, 30min)) == utc(2026y / 3 / 29, 1h));
  REQUIRE(format_iso8601(from_local(local(2026y / 3 / 29, 2h, 30min))) == "2026-03-29T03:00:00+02:00");
  REQUIRE(from_local(local(2026y / 3 / 29, 1h, 59min)) == utc(2026y / 3 / 29, 0h, 59min));
  REQUIRE(from_local(local(2026y / 3 / 29, 3h)) == utc(2026y / 3 / 29, 1h));
}

TEST_CASE("Berlin: a repeated hour maps to its first instance", "[local_time]") {
  TzGuard tz("Europe/Berlin");
  // 2026-10-25 03:00 CEST -> 02:00 CET; 02:30 happens twice.
  REQUIRE(from_local(local(2026y / 10 / 25, 2h, 30min)) == utc(2026y / 10 / 25, 0h, 30min));
  REQUIRE(format_iso8601(utc(2026y / 10 / 25, 0h, 30min)) == "2026-10-25T02:30:00+02:00");
  REQUIRE(format_iso8601(utc(2026y / 10 / 25, 1h, 30min)) == "2026-10-25T02:30:00+01:00");
}

TEST_CASE("New York: both DST changes", "[local_time]") {
  TzGuard tz("America/New_York");
  // 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
  REQUIRE(format_iso8601(from_local(local(2026y / 3 / 8, 2h, 15min))) == "2026-03-08T03:00:00-04:00");
  REQUIRE(format_iso8601(from_local(local(2026y / 11 / 1, 1h, 30min))) == "2026-11-01T01:30:00-04:00");
  REQUIRE(utc_offset(utc(2026y / 7 / 1, 12h)) == -4h);
  REQUIRE(utc_offset(utc(2026y / 1 / 1, 12h)) == -5h);
}

TEST_CASE("local days, minutes and ISO weeks", "[local_time]") {
  TzGuard tz("Europe/Berlin");
  Instant t = utc(2026y / 12 / 31, 23h, 30min);  // 00:30 on 1 January 2027 in Berlin
  REQUIRE(local_day(t) == local_days{2027y / 1 / 1});
  REQUIRE(minute_of_day(t) == 30);
  REQUIRE(iso_week_start(local_days{2027y / 1 / 1}) == local_days{2026y / 12 / 28});
  REQUIRE(iso_week_start(local_days{2026y / 11 / 30}) == local_days{2026y / 11 / 30});
  REQUIRE(iso_week_start(local_days{2028y / 3 / 5}) == local_days{2028y / 2 / 28});
  REQUIRE(at_local(local_days{2028y / 2 / 29}, 24 * 60) == at_local(local_days{2028y / 3 / 1}, 0));
}

TEST_CASE("date-times parse local or with an offset", "[local_time]") {
  TzGuard tz("Europe/Berlin");
  REQUIRE(parse_datetime("2026-03-28 12:00") == utc(2026y / 3 / 28, 11h));
  REQUIRE(parse_datetime("2026-07-01T12:00") == utc(2026y / 7 / 1, 10h));
  REQUIRE(parse_datetime("2026-07-01T12:00:30Z") == utc(2026y / 7 / 1, 12h) + 30s);
  REQUIRE(parse_datetime("2026-07-01T12:00:00-04:00") == utc(2026y / 7 / 1, 16h));
  REQUIRE(parse_datetime("2028-02-29") == utc(2028y / 2 / 28, 23h));
  auto bad = GENERATE("2026-02-29 10:00", "2026-13-01", "2026-03-28 25:00", "2026-03-28x12:00", "yesterday",
                      "2026-03-28 12:00+1", "");
  CAPTURE(bad);
  REQUIRE_FALSE(parse_datetime(bad));
}
