// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An activity read from a tracker file (GPX, TCX, FIT), and the
// error that refuses a file. Pure: no clock, no I/O. See docs/import.md.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "lib/duration.h"
#include "lib/local_time.h"  // format_utc

namespace move {

struct Activity {
  /// As the file names it: FIT sport ("walking"), TCX Sport ("Other"), GPX
  /// <type> ("walking"); "" when the file has none. Matched case-insensitively
  /// (lib/activity_match.h).
  std::string sport;
  /// The first timestamp of the activity, UTC, to the second (fractions cut).
  Instant start{};
  /// Wall-clock length, start to end, pauses included.
  Seconds elapsed{0};
  /// Time in motion where the file has it (FIT total_moving_time or
  /// total_timer_time, TCX sum of lap TotalTimeSeconds, GPX TrackStats
  /// MovingTime) or it can be derived (GPX: see lib/gpx.h).
  std::optional<Seconds> moving;
  /// Metres, where the file has it or it can be derived from positions.
  std::optional<double> distance_m;
  /// The dedup key: activity_key(start). See there.
  std::string key;
  bool operator==(const Activity&) const = default;
};

/// The stable key an activity is recorded under so that importing it twice
/// records it once: "start:" and the UTC start to the second,
/// "start:2026-11-30T07:12:03Z".
///
/// Neither the format nor the sport is part of it, on purpose: the same walk
/// exported from a watch as FIT (sport "walking") and from a phone app as GPX
/// (often no <type>, sport "") or TCX ("Other") has the same first
/// timestamp, and must count once. One person does not start two activities
/// in the same second, so the start alone identifies an activity.
std::string activity_key(Instant start);

/// xsd:dateTime as GPX and TCX write it: "2026-11-30T07:12:03Z",
/// "2026-11-30T07:12:03.250Z", "2026-11-30T08:12:03+01:00", and without a
/// zone (taken as UTC, as GPX prescribes). Fractions of a second are cut.
/// nullopt when malformed or outside years 1970..9999.
std::optional<Instant> parse_xml_time(std::string_view text);

/// A file refused: what() is "NAME: REASON", e.g. "walk.gpx: no timestamps".
class ImportError : public std::runtime_error {
 public:
  ImportError(std::string_view file, std::string_view reason);
  const std::string& file() const { return file_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string file_;
  std::string reason_;
};

}  // namespace move
