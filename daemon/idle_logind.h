// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Presence from systemd-logind on the system bus, event driven: our
// session's IdleHint (since IdleSinceHint), LockedHint and its Lock / Unlock
// signals, and the manager's PrepareForSleep. logind's idle hint is set by
// the desktop (or by logind itself on a text console), so this is the
// source of last resort; it is the only one that sees suspend, though.
//
// The session is $XDG_SESSION_ID's, else the one of this process, else the
// user's display session (a systemd user service has no session of its
// own), else logind's "auto". Signals arrive through GLib's default
// context, which the daemon runs in its loop (daemon/glib_loop.h).

#include <memory>
#include <string_view>

#include "lib/duration.h"
#include "lib/presence.h"

namespace move {

class LogindIdle final : public IdleSource {
 public:
  /// Throws std::runtime_error saying why when there is no system bus or
  /// no logind on it. Without a session it follows sleep only (logged).
  /// A state other than active at start is reported from the loop, after
  /// construction. Construct on the loop thread, after the GlibLoop.
  LogindIdle();
  ~LogindIdle() override;
  LogindIdle(const LogindIdle&) = delete;
  LogindIdle& operator=(const LogindIdle&) = delete;

  std::string_view name() const override { return "logind"; }

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace move
