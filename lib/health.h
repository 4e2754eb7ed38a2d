// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Flare-ups and function scores: what a physiotherapist follows besides
// sessions and pain. A flare is recorded with whether it limited activity
// and whether care was sought; a score is the total of a questionnaire
// taken on paper or with the physiotherapist (move ships no questionnaire
// texts): the Roland-Morris Disability Questionnaire (RMDQ, 0-24) or the
// Oswestry Disability Index (ODI, 0-100).

#include <optional>
#include <string_view>

#include "lib/duration.h"
#include "lib/history.h"

namespace move {

/// A function scale: its name in the history ("rmdq", "odi"), its range and
/// the change below which a difference is within the scale's measurement
/// error (minimal detectable change: RMDQ 5 points, ODI 10 points, values
/// commonly used in the literature).
struct Scale {
  std::string_view name;
  std::string_view title;
  int max;
  int mdc;
};

inline constexpr Scale kScales[] = {
    {"odi", "ODI", 100, 10},
    {"rmdq", "RMDQ", 24, 5},
};

/// The scale called name, nullptr for any other.
const Scale* find_scale(std::string_view name) noexcept;

/// Whole local days from the latest activity-limiting flare to now (0: today),
/// looking back kLookbackDays; nullopt without one. Throws HistoryError.
std::optional<int> days_since_limiting_flare(const History& history, Instant now);

}  // namespace move
