// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/time_of_day.h"

#include <cstdio>

namespace move {
namespace {

int digit(char c) { return c >= '0' && c <= '9' ? c - '0' : -1; }

std::optional<int> parse_hhmm(std::string_view t, bool allow_24) {
  if (t.size() != 5 || t[2] != ':') return std::nullopt;
  int d[4] = {digit(t[0]), digit(t[1]), digit(t[3]), digit(t[4])};
  for (int x : d)
    if (x < 0) return std::nullopt;
  int h = d[0] * 10 + d[1], m = d[2] * 10 + d[3];
  if (m > 59) return std::nullopt;
  if (h == 24 && m == 0 && allow_24) return kMinutesPerDay;
  if (h > 23) return std::nullopt;
  return h * 60 + m;
}

}  // namespace

std::optional<int> parse_time_of_day(std::string_view text) { return parse_hhmm(text, false); }

std::optional<Window> parse_window(std::string_view text) {
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  auto start = parse_hhmm(text.substr(0, 5), false);
  auto end = parse_hhmm(text.substr(6), true);
  if (!start || !end || *start == *end) return std::nullopt;
  return Window{*start, *end};
}

std::string format_time_of_day(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
  return buf;
}

std::string format_window(const Window& w) { return format_time_of_day(w.start) + "-" + format_time_of_day(w.end); }

}  // namespace move
