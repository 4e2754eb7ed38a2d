// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Why a reminder was skipped (`movectl skip --reason`): the barriers the
// report counts. Stored in the history as written here: never rename one.

#include <string_view>

namespace move {

/// pain, time, weather, ill, other: sorted.
inline constexpr std::string_view kSkipReasons[] = {"ill", "other", "pain", "time", "weather"};

}  // namespace move
