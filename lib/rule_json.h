// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A routine's prescription as data, for the replies that describe it in
// words (list, status, report): the words stay English for scripts, the
// rule lets movectl say them in the user's language (routine_of_rule reads
// it back, cmd/rule.h has the words of tables). docs/design.md, "JSON that scripts read", lists the keys.

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "lib/plan.h"

namespace move {

/// {"kind": "every", "every_s": 3600, "active": true} or {"kind": "at",
/// "at": ["18:00"], "lead_s": 1800} or {"kind": "times_per_week",
/// "times_per_week": 3}, each with "duration": {"min_s", "max_s"} or null,
/// "window": "09:00-17:30" or null and "on": ["mon", "wed"] (all seven when
/// every day). The prescription itself: not r's stages.
boost::json::object rule_json(const Routine& r);

/// rule_json(*r), or null without a routine.
boost::json::value rule_or_null(const Routine* r);

/// The day codes of "on", Monday first.
inline constexpr const char* kDayCodes[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/// The routine a rule prescribes (schedule, dose, window, days); nullopt
/// when v is not a rule movectl can read.
std::optional<Routine> routine_of_rule(const boost::json::value& v);

/// o[text_key], a whole prescription, in the user's words from o[rule_key]:
/// a null rule is "not in the plan"; without a readable rule, the text.
std::string prescription_words(const boost::json::object& o, std::string_view rule_key, std::string_view text_key);

}  // namespace move
