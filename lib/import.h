// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The `import` request (lib/engine_import.cc) built from the activities of
// tracker files: one builder for `movectl import` and moved's import folder
// (daemon/import_watch.h), so both record the same. See docs/import.md.
//
//   {"cmd": "import", "dry_run": false, "activities": [
//     {"at": "2026-11-30T07:12:03Z", "minutes": 42, "distance_m": 5230.5 | null,
//      "key": "start:2026-11-30T07:12:03Z", "sport": "walking",
//      "file": "walk.gpx", "routine": "walk" | null}]}
//
// "routine" forces the routine (--routine); null lets the engine match the
// sport against the plan's `import` lists (lib/activity_match.h).

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/activity.h"

namespace move {

/// Activities per request at most; with the file name bounded (below) a
/// request stays far under the protocol's 64 KiB line.
inline constexpr std::size_t kImportBatch = 100;

/// Whole minutes of an activity, rounded: its moving time where the file
/// has it, else its elapsed time; at most a day (1440).
int activity_minutes(const Activity& a);

/// One element of "activities". `file` is shortened to its last 200 bytes.
boost::json::object activity_request(const Activity& a, std::string_view file,
                                     const std::optional<std::string>& routine);

/// The requests carrying `activities`, kImportBatch at most in each.
std::vector<boost::json::object> import_requests(const std::vector<boost::json::object>& activities, bool dry_run);

}  // namespace move
