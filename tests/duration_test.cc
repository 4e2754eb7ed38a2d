// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/duration.h"

#include <catch2/catch.hpp>

using namespace move;
using namespace std::chrono_literals;

TEST_CASE("durations parse in every unit and combination", "[duration]") {
  struct Case {
    const char* text;
    Seconds expected;
  };
  auto c = GENERATE(Case{"90s", 90s}, Case{"10m", 10min}, Case{"1h", 1h}, Case{"1h30m", 90min}, Case{"2d", 48h},
                    Case{"1w", 168h}, Case{"1d12h", 36h}, Case{"0m", 0s}, Case{"1h0m5s", 3605s});
  CAPTURE(c.text);
  REQUIRE(parse_duration(c.text) == c.expected);
}

TEST_CASE("malformed durations are refused", "[duration]") {
  auto text = GENERATE("", "10", "m", "10x", "1m1h", "1h1h", "-5m", "1.5h", " 10m", "10m ", "9999999999s", "20000d");
  CAPTURE(text);
  REQUIRE_FALSE(parse_duration(text));
}

TEST_CASE("ranges take the upper bound's unit for a bare lower bound", "[duration]") {
  REQUIRE(parse_duration_range("30-60m") == DurationRange{30min, 60min});
  REQUIRE(parse_duration_range("30m-1h") == DurationRange{30min, 1h});
  REQUIRE(parse_duration_range("15m") == DurationRange{15min, 15min});
  REQUIRE(parse_duration_range("3-5m") == DurationRange{3min, 5min});
  REQUIRE(parse_duration_range("1-2h") == DurationRange{1h, 2h});
}

TEST_CASE("bad ranges are refused", "[duration]") {
  auto text = GENERATE("60-30m", "0m", "0-5m", "-5m", "5m-", "30-60", "a-5m", "1h-30m");
  CAPTURE(text);
  REQUIRE_FALSE(parse_duration_range(text));
}

TEST_CASE("durations format for people and for the plan", "[duration]") {
  REQUIRE(format_duration(0s) == "0s");
  REQUIRE(format_duration(45s) == "45s");
  REQUIRE(format_duration(130min) == "2h 10m");
  REQUIRE(format_duration(76h) == "3d 4h");
  REQUIRE(format_duration(-90s) == "-1m 30s");
  REQUIRE(format_duration_compact(90min) == "1h30m");
  REQUIRE(format_duration_compact(48h) == "2d");
  REQUIRE(format_duration_compact(168h) == "1w");
  REQUIRE(format_duration_compact(192h) == "8d");
  for (Seconds s : {1s, 59s, 61s, 3600s, 90000s, 604800s, 700000s})
    REQUIRE(parse_duration(format_duration_compact(s)) == s);
  REQUIRE(format_dose({30min, 60min}) == "30–60 min");
  REQUIRE(format_dose({15min, 15min}) == "15 min");
}
