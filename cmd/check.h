// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl check [PLAN] [--next N] [--from DATETIME]`: offline validation and
// preview; needs no daemon.

#include <filesystem>
#include <optional>
#include <string>

#include "lib/plan.h"

namespace move {

struct CheckOptions {
  std::optional<std::string> plan;  ///< default: the plan moved would read
  int next = 0;                     ///< reminders to preview per routine
  std::optional<std::string> from;  ///< local date-time; default now
  bool json = false;
};

/// load_plan(file), and for a file that is not there a PlanError that says
/// where the example plan is (and, unless the path was `given` by the user,
/// that moved writes it there at its first start).
Plan load_existing_plan(const std::filesystem::path& file, bool given);

/// Runs the check, prints to stdout (errors to stderr), returns the exit status.
int run_check(const CheckOptions& options);

}  // namespace move
