// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The prescriptions of moved's replies in the user's words: each reply that
// says a schedule or a prescription in English (for scripts) carries its
// rule beside it (lib/rule_json.h), which movectl reads back into a Routine
// and describes with Words::local. A reply without the rule (an older moved)
// keeps its English text.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "lib/plan.h"
#include "lib/rule_json.h"

namespace move {

/// o["schedule"] in the user's words, from o["rule"] when it reads.
std::string schedule_words(const boost::json::object& o);

/// o["on"] (list's days) in the user's words, from o["rule"] when it reads.
std::string days_words(const boost::json::object& o);

}  // namespace move
