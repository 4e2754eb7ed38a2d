// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// GPX 1.1 (and 1.0) tracks as activities, read with expat. Each
// <trk> is one activity:
// - sport: its <type> ("walking" as OpenTracks writes it), "" without one;
// - start: its earliest <trkpt><time>; elapsed: to the latest;
// - moving: the TrackStats extension's MovingTime when the track has it
//   (Garmin's TrackStatsExtension/v1, which OpenTracks writes), else the sum
//   of the gaps between consecutive timed points of a segment that are at
//   most kGpxPauseGap long: a longer gap, or a new <trkseg>, is a pause;
// - distance: great-circle (haversine) along the points of each segment.
// Elements of other namespaces (extensions) are ignored. A track without any
// <time> refuses the whole file ("no timestamps"), as does a file without
// tracks, a point with a bad lat/lon or a bad time. Pure. See docs/import.md.

#include <string_view>
#include <vector>

#include "lib/activity.h"

namespace move {

inline constexpr Seconds kGpxPauseGap{60};

/// The great-circle distance in metres between two points in degrees
/// (mean Earth radius 6371008.8 m).
double haversine_m(double lat1, double lon1, double lat2, double lon2);

std::vector<Activity> parse_gpx(std::string_view text, std::string_view name);

}  // namespace move
