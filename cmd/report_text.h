// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl report` in the terminal: the daemon's report reply (lib/report.h)
// as tables, with a heat map of the done days. Also the small formatting
// helpers report_html shares.

#include <boost/json/object.hpp>
#include <iosfwd>
#include <string>
#include <string_view>

namespace move {

/// Colour on fd only when it is a terminal, TERM is not "dumb" and NO_COLOR
/// is unset or empty (https://no-color.org).
bool use_colour(int fd);

/// Writes the report; ANSI colour only when `colour`.
void print_report(const boost::json::object& reply, std::ostream& out, bool colour);

namespace report_format {

/// "2026-11-02" (the model's Monday) -> "W45  2 Nov": ISO week number and
/// the Monday's day and month. The text as is when it is no date.
std::string week_label(std::string_view monday);

/// "2026-11-02" -> "W45": the ISO week number.
std::string week_number(std::string_view monday);

/// "2026-11-02" -> "2 Nov".
std::string day_month(std::string_view date);

/// The week of a Monday: "2–8 Nov", "30 Nov – 6 Dec".
std::string week_range(std::string_view monday);

/// "2026-11-02" -> "Mon 2 Nov 2026"; ISO 8601 "2026-11-26T12:00:00+01:00" ->
/// "Thu 26 Nov 2026" (the date as the daemon wrote it, its local time).
std::string long_date(std::string_view iso);

/// ISO 8601 -> "Thu 26 Nov 12:00" (local time as the daemon wrote it).
std::string short_time(std::string_view iso);

/// "paused 2d 4h" for a report week whose reminders were paused; "" when
/// they were not (or the reply is of a moved without paused_s).
std::string paused_text(const boost::json::object& week);

/// Done against expected as people write it, expected to the nearest half:
/// "3 of 3.5", "1 of 1" (for 1.08), "8 of 14000"; never an exponent.
std::string fraction(long long done, double expected);

/// A day's completions in one column: "·" none, "1" to "9" how many, "+"
/// ten or more (desk breaks).
std::string day_glyph(long long count);

}  // namespace report_format

}  // namespace move
