// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Times as people type them on the command line: "yesterday 18:00",
// "today 7:30", "18:00", "2026-11-25 18:00", ISO 8601.

#include <optional>
#include <string_view>

#include "lib/duration.h"

namespace move {

/// Reads text relative to now (local time). A bare "HH:MM" is today.
std::optional<Instant> parse_when(std::string_view text, Instant now);

}  // namespace move
