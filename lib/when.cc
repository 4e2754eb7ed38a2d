// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/when.h"

#include <array>
#include <cctype>
#include <chrono>
#include <string>

#include "lib/local_time.h"
#include "lib/time_of_day.h"

namespace move {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "18:00", "7:30", "6pm", "6:30pm", "12am": minutes after midnight.
std::optional<int> time_of_day(std::string_view text) {
  std::string t = lower(text);
  int add = -1;  // -1: 24-hour clock
  if (t.size() > 2 && (t.ends_with("am") || t.ends_with("pm"))) {
    add = t.ends_with("pm") ? 12 * 60 : 0;
    t.resize(t.size() - 2);
    if (!t.empty() && t.back() == ' ') t.pop_back();
    if (t.find(':') == std::string::npos) t += ":00";
  }
  if (t.size() == 4 && t[1] == ':') t = "0" + t;  // "7:30"
  auto minutes = parse_time_of_day(t);
  if (!minutes) return std::nullopt;
  if (add >= 0) {
    int hour = *minutes / 60;
    if (hour < 1 || hour > 12) return std::nullopt;  // "13pm", "0am"
    return (hour % 12) * 60 + *minutes % 60 + add;
  }
  return minutes;
}

// "mon".."sun", "monday".."sunday": ISO 1..7.
std::optional<unsigned> weekday(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kNames{"monday", "tuesday",  "wednesday", "thursday",
                                                          "friday", "saturday", "sunday"};
  std::string t = lower(text);
  if (t.size() < 3) return std::nullopt;
  for (unsigned i = 0; i < kNames.size(); ++i)
    if (kNames[i].starts_with(t)) return i + 1;
  return std::nullopt;
}

// A day word: "today", "yesterday", "tomorrow" or a weekday (the latest
// one, or the next with Lean::future).
std::optional<LocalDays> day_word(std::string_view word, LocalDays today, Lean lean) {
  std::string w = lower(word);
  if (w == "today") return today;
  if (w == "yesterday") return today - std::chrono::days(1);
  if (w == "tomorrow") return today + std::chrono::days(1);
  if (auto iso = weekday(w)) {
    const int now_iso = static_cast<int>(std::chrono::weekday{today}.iso_encoding());
    if (lean == Lean::future) return today + std::chrono::days((static_cast<int>(*iso) - now_iso + 7) % 7);
    return today - std::chrono::days((now_iso - static_cast<int>(*iso) + 7) % 7);
  }
  return std::nullopt;
}

// "2h ago", "90m ago", "-90m": now minus a duration.
std::optional<Instant> ago(std::string_view text, Instant now) {
  std::string t = lower(text);
  std::string_view d;
  if (t.size() > 1 && t[0] == '-')
    d = std::string_view(t).substr(1);
  else if (t.ends_with(" ago"))
    d = std::string_view(t).substr(0, t.size() - 4);
  else
    return std::nullopt;
  auto length = parse_duration(d);
  if (!length) return std::nullopt;
  return now - *length;
}

}  // namespace

std::optional<Instant> parse_when(std::string_view text, Instant now, Lean lean) {
  if (auto t = parse_datetime(text)) return t;
  if (auto t = ago(text, now)) return t;
  const LocalDays today = local_day(now);
  auto space = text.find(' ');
  std::string_view word = text.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
  if (lower(word) == "now" && rest.empty()) return now;
  if (auto day = day_word(word, today, lean)) {
    if (rest.empty()) return at_local(*day, 12 * 60);  // a day without a time: its middle
    auto minutes = time_of_day(rest);
    if (!minutes) return std::nullopt;
    Instant t = at_local(*day, *minutes);
    // "mon 18:00" typed on a Monday morning is last week's, or next week's.
    if (weekday(word) && lean == Lean::past && t > now) t = at_local(*day - std::chrono::days(7), *minutes);
    if (weekday(word) && lean == Lean::future && t <= now) t = at_local(*day + std::chrono::days(7), *minutes);
    return t;
  }
  auto minutes = time_of_day(text);
  if (!minutes) return std::nullopt;
  Instant t = at_local(today, *minutes);
  if (lean == Lean::past && t > now) return at_local(today - std::chrono::days(1), *minutes);
  if (lean == Lean::future && t <= now) return at_local(today + std::chrono::days(1), *minutes);
  return t;
}

std::optional<Instant> parse_day_bound(std::string_view text, Instant now, bool end_of_day) {
  std::optional<LocalDays> day;
  if (text.size() == 10) {
    if (auto t = parse_datetime(text)) day = local_day(*t);
  } else if (text.find(' ') == std::string_view::npos && lower(text) != "now") {
    day = day_word(text, local_day(now), Lean::today);
  }
  if (!day) return parse_when(text, now, Lean::past);
  return at_local(*day + std::chrono::days(end_of_day ? 1 : 0), 0);
}

}  // namespace move
