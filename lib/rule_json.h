// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A routine's prescription as data, for the replies that describe it in
// words (list, status, report): the words stay English for scripts, the
// rule lets movectl say them in the user's language (cmd/rule.h reads it
// back). docs/design.md, "JSON that scripts read", lists the keys.

#include <boost/json.hpp>

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

}  // namespace move
