// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/weekdays.h"
#include "lib/time_of_day.h"

#include <catch2/catch.hpp>

using namespace move;

TEST_CASE("times of day", "[daytime]") {
  REQUIRE(parse_time_of_day("00:00") == 0);
  REQUIRE(parse_time_of_day("18:00") == 18 * 60);
  REQUIRE(parse_time_of_day("23:59") == 23 * 60 + 59);
  auto bad = GENERATE("24:00", "7:30", "07:60", "0730", "07:30:00", "ab:cd", "");
  CAPTURE(bad);
  REQUIRE_FALSE(parse_time_of_day(bad));
  REQUIRE(format_time_of_day(7 * 60 + 5) == "07:05");
}

TEST_CASE("windows, including ones that cross midnight", "[daytime]") {
  auto day = parse_window("09:00-17:30");
  REQUIRE(day == Window{540, 1050});
  REQUIRE_FALSE(day->crosses_midnight());
  auto night = parse_window("22:00-07:30");
  REQUIRE(night == Window{1320, 450});
  REQUIRE(night->crosses_midnight());
  REQUIRE(parse_window("20:00-24:00") == Window{1200, 1440});
  REQUIRE_FALSE(parse_window("24:00-07:00"));
  REQUIRE_FALSE(parse_window("09:00-09:00"));
  REQUIRE_FALSE(parse_window("09:00 - 17:00"));
  REQUIRE(format_window(*night) == "22:00-07:30");
}

TEST_CASE("day sets", "[daytime]") {
  using namespace std::chrono;
  auto weekdays = parse_day_list("weekdays");
  REQUIRE(weekdays);
  REQUIRE(weekdays->contains(Monday));
  REQUIRE(weekdays->contains(Friday));
  REQUIRE_FALSE(weekdays->contains(Saturday));
  auto some = parse_day_list("tue, sat");
  REQUIRE(some->contains(Tuesday));
  REQUIRE(some->contains(Saturday));
  REQUIRE_FALSE(some->contains(Sunday));
  REQUIRE(format_days(*some) == "tue, sat");
  REQUIRE(format_days(*parse_day_list("weekends")) == "weekends");
  REQUIRE(format_days(DaySet::all()) == "every day");
  REQUIRE_FALSE(parse_day_list("tuesday"));
  REQUIRE_FALSE(parse_day_list(""));
}
