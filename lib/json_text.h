// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// JSON as text for people and scripts alike: like boost::json::serialize,
// but a number that is not whole is written as 3.5, not 3.5E0.

#include <boost/json/value.hpp>
#include <string>

namespace move {

std::string to_json_text(const boost::json::value& v);

}  // namespace move
