// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The check-up part of the report model (lib/report.h): flares, function
// scores, barriers and the summary, read in 30 seconds.
//
//   "flares": [{"at": "...", "monday": "2026-11-09", "limiting": true,
//               "care": false, "note": "boxes" | null}],
//   weeks[i] gains "flares": how many began that week, and
//   "limiting_flares": how many of them limited activity;
//   "scores": [{"scale": "rmdq", "title": "RMDQ", "max": 24, "mdc": 5,
//               "points": [{"at": "...", "score": 12}],
//               "first": 12, "last": 9, "change": -3,
//               "within_mdc": true}],           // |change| < mdc
//   "barriers": {"counts": {"pain": 1, "time": 3, "weather": 0, "ill": 0,
//                           "other": 0, "unsaid": 2},
//                "weeks": [{"monday": "...", "counts": {...},
//                           "skips": [{"routine": "walk", "at": "...",
//                                      "reason": "time" | null,
//                                      "note": "..." | null}]}]},
//   "prescriptions": [{"routine", "at", "from", "to"}],   // changes in range
//   "summary": {"routines": [{"id", "title", "done", "expected",
//                             "minutes", "target_minutes": {min, max} | null,
//                             "trend": {"weeks": 4, "last": 0.9,
//                                       "before": 0.7} | null,
//                             "line": "..."}],
//               "pain": {"first": 4.5, "last": 3, "line": "..."} | null,
//               "flares": "...", "scores": ["..."], "barriers": "...",
//               "prescriptions": ["..."],
//               "lines": ["...", ...]}   // every line, in page order
//
// A routine's trend sets the share of prescribed sessions done in its last
// `weeks` weeks against the `weeks` before (4 and 4 when the report has 8
// weeks or more, fewer in a shorter one; null under 2 weeks). The pain trend
// is the average rating of the first two weeks against that of the last two
// (null without ratings in both, or under 3 weeks). A score change smaller
// than the scale's minimal detectable change is said to be so.

#include <boost/json/object.hpp>
#include <string>

#include "lib/duration.h"
#include "lib/history.h"
#include "lib/local_time.h"

namespace move {

/// "2026-11-09".
std::string format_date(LocalDays d);

/// A count as people write it: to the nearest half, "1", "3.5", "12".
std::string count_text(double v);

/// Adds flares (and the weeks' flare counts), scores and barriers to a
/// report model whose weeks and routines are built, for [from, now].
/// Throws HistoryError.
void add_health(boost::json::object& report, const History& history, Instant from, Instant now);

/// The summary of a report model with add_health's fields.
boost::json::object report_summary(const boost::json::object& report);

}  // namespace move
