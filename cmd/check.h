// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl check [PLAN] [--next N] [--from DATETIME]`: offline validation and
// preview; needs no daemon.

#include <optional>
#include <string>

namespace move {

struct CheckOptions {
  std::optional<std::string> plan;  ///< default: the plan moved would read
  int next = 0;                     ///< reminders to preview per routine
  std::optional<std::string> from;  ///< local date-time; default now
  bool json = false;
};

/// Runs the check, prints to stdout (errors to stderr), returns the exit status.
int run_check(const CheckOptions& options);

}  // namespace move
