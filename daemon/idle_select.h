// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Picks the idle source at run time, the first that works of:
//   WAYLAND_DISPLAY set  -> wayland (the compositor has ext_idle_notifier_v1)
//   org.gnome.Mutter.IdleMonitor on the session bus -> gnome
//   DISPLAY set          -> x11 (the server has XSync's IDLETIME counter)
//   org.freedesktop.login1 on the system bus -> logind
//   none                 -> nullptr: the daemon counts wall-clock time.
// MOVE_IDLE_SOURCE=wayland|gnome|x11|logind|none forces one (for tests);
// if the forced one fails, none. Each failed probe is logged at debug with
// the reason; the choice is logged at info.

#include <memory>

#include "lib/duration.h"
#include "lib/presence.h"

namespace boost::asio {
class io_context;
}

namespace move {

/// Call on the loop thread after the GlibLoop is made (the D-Bus sources
/// need it). threshold: how long without input counts as idle. The D-Bus
/// probes block for at most a few seconds each when a bus does not answer.
std::unique_ptr<IdleSource> choose_idle_source(boost::asio::io_context& io, Seconds threshold);

}  // namespace move
