// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The check-up parts of the HTML report (lib/report_summary.h): the summary
// lines, the flares and the function scores, and the prescription changes of
// one routine.

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace move {

/// <section class="summary">: one <li> per summary line; "" when the reply
/// has no summary (a moved of an older release).
std::string summary_html(const boost::json::object& reply);

/// <section class="health">: the flares and the scores over time; "" when
/// there are none.
std::string health_html(const boost::json::object& reply);

/// The prescription changes of routine id in the range, as <p> lines; "".
std::string prescriptions_html(const boost::json::object& reply, std::string_view id);

/// <section class="chart">: the weekly minutes of all routines (bars) beside
/// the weekly pain (a line), the weeks with a flare shaded: page one's chart.
std::string checkup_chart_html(const boost::json::object& reply);

/// A week's flare mark for the overview: " ⚑" (limiting: class "flare
/// limiting"); "" for a week without a flare.
std::string flare_mark(const boost::json::object& week);

}  // namespace move
