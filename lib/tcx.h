// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Garmin Training Center (TCX v2) activities, read with expat.
// Each <Activities><Activity Sport="Running|Biking|Other"> is one activity:
// - sport: the Sport attribute as written ("Other" for a walk: the TCX
//   schema knows no other sports);
// - start: <Id> (the start time, as Garmin writes it), else the first lap's
//   StartTime, else the first <Trackpoint><Time>;
// - elapsed: from the start to the later of the last <Time> and the end of
//   the last lap (its StartTime plus TotalTimeSeconds);
// - moving: the laps' <TotalTimeSeconds> summed (timer time, pauses out,
//   as Garmin writes it);
// - distance: the laps' <DistanceMeters> summed.
// Multisport sessions and courses are not read. Pure. See docs/import.md.

#include <string_view>
#include <vector>

#include "lib/activity.h"

namespace move {

std::vector<Activity> parse_tcx(std::string_view text, std::string_view name);

}  // namespace move
