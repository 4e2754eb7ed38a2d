// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl flare` and `movectl score`: a flare-up, a function score
// (lib/health.h), recorded now or back-dated with --at.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cmd/call.h"

namespace move {

struct HealthArgs {
  std::optional<std::string> at, note;
  bool limiting = false, care = false;
  std::string scale, score;
};

void flare_options(CLI::App& c, HealthArgs& a);
int flare_run(const HealthArgs& a, const CallTarget& target);
void score_options(CLI::App& c, HealthArgs& a);
/// Throws BadValue (exit 2) for a total out of the scale's range.
int score_run(const HealthArgs& a, const CallTarget& target);

/// "7: an RMDQ total is a whole number from 0 to 24": the total as the
/// scale allows it. Throws BadValue.
int checked_score(const std::string& scale, const std::string& text);

}  // namespace move
