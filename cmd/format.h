// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The daemon's JSON values as people read them, one way everywhere: the
// status and history tables, the terminal report and the HTML page.

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace move {

/// A string as is, null as "", any other value as its JSON text (3.5, not 3.5E0).
std::string str(const boost::json::value& v);
/// A number as a double, 0 for anything else.
double number(const boost::json::value& v);
/// A count as people write it: at most two decimals, no trailing zeros and
/// never an exponent ("14", "3.5", "1.75", "14000").
std::string number_text(double v);
/// 0.857 -> "86%"; `missing` when v is not a number.
std::string percent(const boost::json::value& v, std::string_view missing = "-");
/// {"min": 105, "max": 210} -> "105–210", {"min": 15, "max": 15} -> "15";
/// `missing` when band is not an object.
std::string band_text(const boost::json::value& band, std::string_view missing = "-");
/// done and expected as "3/3.5".
std::string fraction(const boost::json::value& done, const boost::json::value& expected);

}  // namespace move
