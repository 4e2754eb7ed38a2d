// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/report_range.h"

#include <boost/json.hpp>
#include <chrono>
#include <string>

#include "lib/engine_args.h"
#include "lib/local_time.h"
#include "lib/protocol.h"
#include "lib/report.h"

namespace move {

using std::chrono::days;

namespace {

/// The ISO week count from Monday first to Monday last, both included.
int weeks_between(LocalDays first, LocalDays last) { return static_cast<int>((last - first).count() / 7) + 1; }

/// Whether anything at all was recorded before t.
bool anything_before(const History& history, Instant t) {
  HistoryQuery q;
  q.until = t;
  q.limit = 1;
  return !history.list(q).empty();
}

/// The earliest event at or after t, if any.
std::optional<Instant> earliest_since(const History& history, Instant t, Instant now) {
  HistoryQuery q;
  q.since = t;
  q.until = now + Seconds{1};
  for (const Event& e : history.list(q)) return e.at;  // ordered by `at`
  return std::nullopt;
}

}  // namespace

ReportRange report_range(const History& history, const boost::json::object& request, Instant now) {
  const std::optional<Instant> since = time_arg(request, "since"), until = time_arg(request, "until");
  const std::optional<std::int64_t> weeks = get_optional_int(request, "weeks");
  const std::string max = std::to_string(kReportMaxWeeks);
  if (weeks && (since || until))
    throw ProtocolError(code::kBadRequest, "argument \"weeks\" goes with neither \"since\" nor \"until\"");
  if (until && !since) throw ProtocolError(code::kBadRequest, "argument \"until\" needs \"since\"");
  if (since) {
    // until is exclusive; the report's end is inclusive (a completion at `now`
    // counts): its last second, so that the end of a Sunday is not a new week.
    const Instant end = until ? std::min(*until - Seconds{1}, now) : now;
    if (*since > now)
      throw ProtocolError(code::kBadRequest, "argument \"since\" is in the future: " + format_iso8601(*since));
    if (end < *since)
      throw ProtocolError(code::kBadRequest, "argument \"until\" (" + format_iso8601(*until) +
                                                 ") is not after \"since\" (" + format_iso8601(*since) + ")");
    const LocalDays last = iso_week_start(local_day(end));
    const int n = weeks_between(iso_week_start(local_day(*since)), last);
    if (n > kReportMaxWeeks)
      throw ProtocolError(code::kBadRequest, "the range is " + std::to_string(n) + " weeks: a report covers at most " +
                                                 max + " (" + format_iso8601(*since) + " to " + format_iso8601(end) +
                                                 ")");
    return {end, n};
  }
  if (weeks && (*weeks < kReportMinWeeks || *weeks > kReportMaxWeeks))
    throw ProtocolError(code::kBadRequest,
                        "argument \"weeks\" must be " + std::to_string(kReportMinWeeks) + " to " + max);
  const int n = weeks ? static_cast<int>(*weeks) : kReportDefaultMaxWeeks;
  const LocalDays current = iso_week_start(local_day(now));
  // One week more than n, looked at only to keep the programme's first week.
  const LocalDays before = current - days(7 * n);
  const Instant before_start = at_local(before, 0);
  if (anything_before(history, before_start)) return {now, n};  // the programme began earlier
  const std::optional<Instant> first = earliest_since(history, before_start, now);
  if (!first) return {now, weeks ? n : 1};
  const LocalDays first_week = iso_week_start(local_day(*first));
  // The current week is never whole (it runs to now): it does not push the first week out.
  if (first_week == before) return {now, std::min(n + 1, kReportMaxWeeks)};
  return {now, weeks ? n : weeks_between(first_week, current)};
}

boost::json::object report_reply(const Plan& plan, const History& history, const boost::json::object& request,
                                 Instant now) {
  const ReportRange range = report_range(history, request, now);
  boost::json::object reply = report_json(plan, history, range.end, range.weeks);
  // The name on the report: --name, else the plan's [settings] name.
  std::optional<std::string> name = get_optional_string(request, "name");
  if (!name && !plan.settings.name.empty()) name = plan.settings.name;
  reply["name"] = name ? boost::json::value(*name) : boost::json::value(nullptr);
  return reply;
}

}  // namespace move
