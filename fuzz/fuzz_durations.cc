// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the little languages of the plan and the command line: durations,
// dose ranges, windows, times of day, day lists, dates and times (lib/
// duration.h, daytime.h, days.h, local_time.h, when.h). Each parser gets the
// whole input; what it accepts must be in range and survive the round trips
// that the plan editor and the JSON output rely on:
//   parse_duration(format_duration_compact(d)) == d
//   parse_duration_range(compact(min) + "-" + compact(max)) == range
//   parse_window(format_window(w)) == w, parse_time_of_day(format(m)) == m
//   parse_day_list(format_days(s)) == s (but "every day", a label for people)
//   parse_datetime(format_iso8601(t)) == t for years 1900..9998
// Runs in a zone with DST (Europe/Berlin) so that from_local's gap and
// overlap paths are exercised.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "lib/weekdays.h"
#include "lib/time_of_day.h"
#include "lib/duration.h"
#include "lib/local_time.h"
#include "lib/when.h"

using namespace move;

namespace {

constexpr std::int64_t kMaxSeconds = 10LL * 366 * 86400;  // parse_duration's bound

void durations(std::string_view text) {
  if (auto d = parse_duration(text)) {
    FUZZ_CHECK(d->count() >= 0 && d->count() <= kMaxSeconds, std::string(text));
    const std::string compact = format_duration_compact(*d);
    FUZZ_CHECK(parse_duration(compact) == d, std::string(text) + " -> " + compact);
    FUZZ_CHECK(!format_duration(*d).empty(), std::string(text));
  }
  if (auto r = parse_duration_range(text)) {
    FUZZ_CHECK(r->min.count() > 0 && r->min <= r->max && r->max.count() <= kMaxSeconds, std::string(text));
    const std::string written = format_duration_compact(r->min) + "-" + format_duration_compact(r->max);
    FUZZ_CHECK(parse_duration_range(written) == r, std::string(text) + " -> " + written);
    FUZZ_CHECK(!format_dose(*r).empty(), std::string(text));
  }
}

void times_of_day(std::string_view text) {
  if (auto m = parse_time_of_day(text)) {
    FUZZ_CHECK(*m >= 0 && *m < kMinutesPerDay, std::string(text));
    FUZZ_CHECK(parse_time_of_day(format_time_of_day(*m)) == m, std::string(text));
  }
  if (auto w = parse_window(text)) {
    FUZZ_CHECK(
        w->start >= 0 && w->start < kMinutesPerDay && w->end >= 0 && w->end <= kMinutesPerDay && w->start != w->end,
        std::string(text));
    FUZZ_CHECK(parse_window(format_window(*w)) == w, std::string(text) + " -> " + format_window(*w));
  }
}

void days(std::string_view text) {
  if (auto s = parse_day_list(text)) {
    FUZZ_CHECK(!s->empty() && s->bits <= 0x7f, std::string(text));
    const std::string shown = format_days(*s);
    if (*s != DaySet::all()) FUZZ_CHECK(parse_day_list(shown) == s, std::string(text) + " -> " + shown);
  }
}

void datetimes(std::string_view text, Instant now) {
  if (auto t = parse_datetime(text)) {
    const std::string iso = format_iso8601(*t);
    const auto year = static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(*t)}.year());
    if (year >= 1900 && year <= 9998) {
      FUZZ_CHECK(parse_datetime(iso) == t, std::string(text) + " -> " + iso);
      FUZZ_CHECK(!format_local(*t).empty(), iso);
    }
  }
  // The relative forms ("yesterday 18:00", "7:30") land near now.
  if (auto t = parse_when(text, now); t && !parse_datetime(text)) {
    const std::string iso = format_iso8601(*t);
    FUZZ_CHECK(parse_datetime(iso) == t, std::string(text) + " -> " + iso);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ::setenv("TZ", "Europe/Berlin", 1);
  ::tzset();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // 2026-03-29 01:30 UTC: the night DST starts in Berlin, so "today 02:30"
  // falls into the gap.
  const Instant now{std::chrono::seconds{1774747800}};
  durations(text);
  times_of_day(text);
  days(text);
  datetimes(text, now);
  return 0;
}
