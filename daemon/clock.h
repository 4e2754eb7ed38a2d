// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one reading of the wall clock. lib/ never reads it: the daemon (and
// movectl) read it once per wake-up, or per command, and pass `now` down.

#include <chrono>

#include "lib/duration.h"

namespace move {

/// Now, to the whole second (the resolution of the plan and the history).
inline Instant wall_now() { return std::chrono::floor<Seconds>(std::chrono::system_clock::now()); }

}  // namespace move
