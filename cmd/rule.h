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

namespace move {

/// The routine a rule prescribes (schedule, dose, window, days); nullopt
/// when v is not a rule movectl can read.
std::optional<Routine> routine_of_rule(const boost::json::value& v);

/// o["schedule"] in the user's words, from o["rule"] when it reads.
std::string schedule_words(const boost::json::object& o);

/// o[text_key], a whole prescription, in the user's words from o[rule_key]:
/// a null rule is "not in the plan"; without a readable rule, the text.
std::string prescription_words(const boost::json::object& o, std::string_view rule_key, std::string_view text_key);

/// o["on"] (list's days) in the user's words, from o["rule"] when it reads.
std::string days_words(const boost::json::object& o);

}  // namespace move
