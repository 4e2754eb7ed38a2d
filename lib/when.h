// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Times as people type them on the command line: "yesterday 18:00",
// "yesterday 6pm", "today 7:30", "18:00", "mon 18:00", "2h ago", "-90m",
// "2026-11-25 18:00", ISO 8601.

#include <optional>
#include <string_view>

#include "lib/duration.h"

namespace move {

/// Which way a time of day without a day leans when it is ambiguous.
enum class Lean {
  today,   ///< "18:00" is today's, "mon 18:00" the latest Monday (today's on a Monday)
  past,    ///< something that happened: "18:00" typed at 09:00 is yesterday's
  future,  ///< something to come: "14:00" typed at 15:00 is tomorrow's
};

/// Reads text relative to now (local time). A day without a time of day
/// ("yesterday", "mon") is its middle, 12:00; a date alone is its 00:00.
std::optional<Instant> parse_when(std::string_view text, Instant now, Lean lean = Lean::today);

/// For --since and --until: a day alone ("2026-11-01", "today", "yesterday",
/// "mon") means its 00:00, or with end_of_day the 00:00 after it (so that an
/// exclusive --until DAY takes in the whole day); anything else parse_when.
std::optional<Instant> parse_day_bound(std::string_view text, Instant now, bool end_of_day);

}  // namespace move
