// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Times of day ("18:00") and daily windows ("22:00-07:30", may cross midnight).

#include <optional>
#include <string>
#include <string_view>

namespace move {

constexpr int kMinutesPerDay = 24 * 60;

/// A daily window in minutes after local midnight: [start, end). end <= start
/// means it crosses midnight; the whole day is {0, kMinutesPerDay}.
struct Window {
  int start = 0;
  int end = kMinutesPerDay;
  bool crosses_midnight() const { return end <= start; }
  bool operator==(const Window&) const = default;
};

/// "HH:MM", 00:00 to 23:59 -> minutes after midnight.
std::optional<int> parse_time_of_day(std::string_view text);

/// "HH:MM-HH:MM"; the end may also be "24:00". Start and end must differ.
std::optional<Window> parse_window(std::string_view text);

/// "07:05".
std::string format_time_of_day(int minutes);
std::string format_window(const Window& w);

}  // namespace move
