// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Whether the person is at the computer: the seam between idle sources
// (daemon/idle_*.{h,cc}: X11, Wayland, GNOME, logind) and the engine.

#include <functional>
#include <string>
#include <string_view>

#include "lib/duration.h"

namespace move {

enum class Presence {
  active,  ///< at the computer
  idle,    ///< no input for the idle threshold
  locked,  ///< the screen is locked
  asleep,  ///< the machine is suspending or asleep
};

std::string_view to_string(Presence p);

/// An idle source reports changes of presence, event driven: no polling.
/// Implementations live in daemon/; the engine only sees this.
class IdleSource {
 public:
  virtual ~IdleSource() = default;
  /// "x11", "wayland", "gnome" or "logind": shown as status' idle_source.
  virtual std::string_view name() const = 0;
  /// Called on the loop thread with the new presence and the instant it
  /// began (an idle stretch began `threshold` before it was noticed).
  std::function<void(Presence presence, Instant since)> on_change;
};

}  // namespace move
