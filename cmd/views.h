// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How movectl shows the daemon's replies to people. Each takes the reply
// object as the daemon sent it (see docs/design.md) and writes text.

#include <boost/json/object.hpp>
#include <iosfwd>
#include <string>

namespace move {

/// `movectl status`: one row per routine, then the pause line.
void print_status(const boost::json::object& reply, std::ostream& out);

/// `movectl next --format table|plain|waybar`.
void print_next(const boost::json::object& reply, const std::string& format, std::ostream& out);

/// `movectl history --format table|csv` (json is the daemon's array as is).
void print_history(const boost::json::object& reply, const std::string& format, std::ostream& out);

/// `movectl list`.
void print_list(const boost::json::object& reply, std::ostream& out);

}  // namespace move
