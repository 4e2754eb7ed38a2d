// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The words of a schedule and a prescription (lib/plan.h describe_schedule,
// lib/prescription.h describe_prescription). Words::fixed is the English the
// JSON carries, the same in every locale: scripts read it. Words::local is
// for people, in their language (lib/i18n.h); its msgids are the fixed
// words, so that English reads the same either way.

#include <string>

#include "lib/duration.h"
#include "lib/weekdays.h"

namespace move {

enum class Words { fixed, local };

/// "every 2d" in the user's language ("alle 2 Tage", "stündlich").
std::string every_words(Seconds every);

/// A length as the plan writes it, "30m", in the user's language
/// ("30 Minuten"); one of several units ("1h30m") stays as written.
std::string duration_words(Seconds s);

/// format_days in the user's language: "mon, wed" ("Mo, Mi"), "weekdays",
/// "weekends", "every day".
std::string day_words(DaySet set);

}  // namespace move
