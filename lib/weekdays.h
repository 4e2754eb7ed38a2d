// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Sets of weekdays: "mon".."sun", "weekdays", "weekends".

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace move {

/// Bit i is ISO weekday i+1 (bit 0 Monday ... bit 6 Sunday).
struct DaySet {
  std::uint8_t bits = 0x7f;
  static constexpr DaySet all() { return {0x7f}; }
  bool contains(std::chrono::weekday d) const { return bits & (1u << (d.iso_encoding() - 1)); }
  bool empty() const { return bits == 0; }
  bool operator==(const DaySet&) const = default;
};

/// Adds one name to the set; false when it is not a day name.
bool add_day_name(DaySet& set, std::string_view name);

/// "mon,tue" or "weekdays" (comma separated, as on the command line).
std::optional<DaySet> parse_day_list(std::string_view text);

/// "weekdays", "tue", "mon, wed, fri", "every day".
std::string format_days(DaySet set);

}  // namespace move
