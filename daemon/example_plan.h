// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The example plan (etc/move/plan.toml), built into moved so that a first
// start can always write it.

#include <string_view>

namespace move {

extern const std::string_view kExamplePlan;

}  // namespace move
