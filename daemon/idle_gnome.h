// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Idle time from GNOME Shell (mutter's org.gnome.Mutter.IdleMonitor on the
// session bus), event driven: one idle watch at the threshold stays
// registered; each time it fires a one-shot user-active watch waits for
// the person to come back. Signals arrive through GLib's default context,
// which the daemon runs in its loop (daemon/glib_loop.h).

#include <memory>
#include <string_view>

#include "lib/duration.h"
#include "lib/presence.h"

namespace move {

class GnomeIdle final : public IdleSource {
 public:
  /// Registers the idle watch. Throws std::runtime_error saying why when
  /// there is no session bus or no IdleMonitor on it. If the person is
  /// already idle, on_change reports it from the loop, after construction.
  /// Construct on the loop thread, after the GlibLoop.
  explicit GnomeIdle(Seconds threshold);
  /// Removes the watches.
  ~GnomeIdle() override;
  GnomeIdle(const GnomeIdle&) = delete;
  GnomeIdle& operator=(const GnomeIdle&) = delete;

  std::string_view name() const override { return "gnome"; }

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace move
