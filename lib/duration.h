// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Lengths of time as the plan writes them: "90s", "10m", "1h30m", "2d", "1w",
// and dose ranges "30-60m", "30m-1h".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace move {

using Seconds = std::chrono::seconds;
/// A point in time, UTC, whole seconds.
using Instant = std::chrono::sys_seconds;

/// A prescribed dose: one length (min == max) or a range, min <= max.
struct DurationRange {
  Seconds min{0};
  Seconds max{0};
  bool operator==(const DurationRange&) const = default;
};

/// Parses one or more number+unit parts (s, m, h, d, w) in descending unit
/// order, e.g. "1h30m". nullopt when malformed or over 10 years.
std::optional<Seconds> parse_duration(std::string_view text);

/// Parses "15m", "30-60m" (the unit of the upper bound applies to both) or
/// "30m-1h". nullopt when malformed, zero, or min > max.
std::optional<DurationRange> parse_duration_range(std::string_view text);

/// For people: "45s", "10m", "2h 10m", "3d 4h" (the two largest units).
std::string format_duration(Seconds s);

/// For the plan file: the exact compact form parse_duration reads, "1h30m".
std::string format_duration_compact(Seconds s);

/// "30-60m" form of a range, as a person reads it: "30–60 min", "15 min".
std::string format_dose(const DurationRange& d);

}  // namespace move
