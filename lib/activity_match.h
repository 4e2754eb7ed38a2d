// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which routine an imported activity belongs to: each routine
// may name the sports it accepts (plan key `import = ["walking", "hiking"]`);
// the first routine, in plan order, that names the activity's sport takes
// it. Sports compare without regard to ASCII case, and "_", "-" and " " are
// alike, so "Cross-country skiing" matches FIT's "cross_country_skiing". An
// activity without a sport ("") matches no routine: `--routine ID` then.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace move {

struct RoutineSports {
  std::string routine;              // the routine's id
  std::vector<std::string> sports;  // its `import` list
};

/// Whether two sport names are the same as described above.
bool same_sport(std::string_view a, std::string_view b);

/// The id of the routine that accepts `sport`, nullopt when none does.
std::optional<std::string> match_routine(const std::vector<RoutineSports>& routines, std::string_view sport);

}  // namespace move
