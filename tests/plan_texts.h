// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Plans and helpers the plan-reading tests share.

#include <string>

#include "lib/plan.h"

namespace move::test {

/// What parse_plan says of text named "plan.toml": the error's
/// "file:line:col: message", or "(no error)".
inline std::string plan_error_of(const std::string& text) {
  try {
    parse_plan(text, "plan.toml");
  } catch (const PlanError& e) {
    return e.what();
  }
  return "(no error)";
}

/// The evidence's example of a walk that builds up: 15-20 minutes every
/// second day from 2026-12-07, 20-30 from 2026-12-21, then five 30-minute
/// walks a week from 2027-01-18.
inline constexpr const char* kStagedWalk = R"([[routine]]
id = "walk"
every = "2d"
duration = "15-20m"
start = "2026-12-07"
[[routine.stage]]
after = "2w"
duration = "20-30m"
[[routine.stage]]
after = "6w"
times_per_week = 5
duration = "30m"
)";

}  // namespace move::test
