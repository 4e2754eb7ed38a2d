// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl report --html FILE`: the daemon's report reply (lib/report.h) as
// one self-contained HTML page to show a physiotherapist: inline CSS, one
// inline SVG chart per routine, no scripts, nothing fetched; A4 when printed.

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace move {

/// Text for HTML content and attribute values: & < > " ' as entities; control
/// characters other than tab and newline (not allowed in HTML) as spaces.
std::string html_escape(std::string_view text);

/// The whole page.
std::string report_html(const boost::json::object& reply);

/// Writes report_html(reply) to file ("-": stdout), replacing it whole (a
/// temporary file renamed over it). On failure says why on stderr and
/// returns false.
bool write_report_html(const boost::json::object& reply, const std::string& file);

}  // namespace move
