// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/weekdays.h"

#include <array>

namespace move {
namespace {

constexpr std::array<std::string_view, 7> kNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::uint8_t kWeekdays = 0x1f, kWeekends = 0x60;

}  // namespace

bool add_day_name(DaySet& set, std::string_view name) {
  if (name == "weekdays") {
    set.bits |= kWeekdays;
    return true;
  }
  if (name == "weekends") {
    set.bits |= kWeekends;
    return true;
  }
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      set.bits |= static_cast<std::uint8_t>(1u << i);
      return true;
    }
  }
  return false;
}

std::optional<DaySet> parse_day_list(std::string_view text) {
  DaySet set{0};
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!add_day_name(set, item)) return std::nullopt;
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (set.empty()) return std::nullopt;
  return set;
}

std::string format_days(DaySet set) {
  if (set.bits == 0x7f) return "every day";
  if (set.bits == kWeekdays) return "weekdays";
  if (set.bits == kWeekends) return "weekends";
  std::string out;
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (!(set.bits & (1u << i))) continue;
    if (!out.empty()) out += ", ";
    out += kNames[i];
  }
  return out;
}

}  // namespace move
