// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which ISO weeks a report covers, from the `report` request:
//
// - "since" (an instant; movectl sends the day's 00:00) and optionally
//   "until" (exclusive; movectl sends the end of the day): the ISO weeks
//   from since's Monday to the one holding the end, the report made as of
//   min(until, now);
// - "weeks": N weeks, the current one last;
// - neither: since the programme's first event, at most 12 weeks.
//
// With "weeks" or by default, when the week just before the N is the
// programme's first one (no event of any
// kind before it), that week is taken too: the first week of a programme is
// never dropped for the current partial one.

#include <boost/json/object.hpp>

#include "lib/duration.h"
#include "lib/history.h"
#include "lib/plan.h"

namespace move {

/// Weeks of the default report: since the first event, at most this many.
inline constexpr int kReportDefaultMaxWeeks = 12;

struct ReportRange {
  Instant end;  ///< the report is made as of this instant (`now` of report_json)
  int weeks;    ///< ISO weeks, the one holding `end` last
};

/// The range of request at now. Throws ProtocolError bad-request for a
/// range that is reversed, in the future or longer than kReportMaxWeeks, and
/// HistoryError.
ReportRange report_range(const History& history, const boost::json::object& request, Instant now);

/// The `report` reply: report_json over report_range, with "name" (the
/// request's, else null).
boost::json::object report_reply(const Plan& plan, const History& history, const boost::json::object& request,
                                 Instant now);

}  // namespace move
