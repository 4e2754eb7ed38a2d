// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Notifier over libnotify: desktop notifications with Done / Snooze / Skip
// buttons through the session bus' org.freedesktop.Notifications server.
//
// Thread: the one thread that runs GLib's default main context (GlibLoop);
// action and closed callbacks, and those of the watch on the server's bus
// name, arrive only while that context is iterated.
//
// Blocking: show() and withdraw() make synchronous D-Bus calls (libnotify's
// Notify or CloseNotification with D-Bus' 25 s default, and before a show
// GetCapabilities with a 5 s timeout when no capabilities are cached): a hung
// server stalls the calling thread that long. Reminders are rare, so this is
// accepted.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/notifier.h"

typedef struct _NotifyNotification NotifyNotification;

namespace move {

class LibnotifyNotifier final : public Notifier {
 public:
  /// Calls notify_init("move") and starts watching the server's bus name.
  /// Needs no server yet: one may come later.
  LibnotifyNotifier();
  /// Stops the watch, closes the notifications still visible (their buttons
  /// would be dead) and calls notify_uninit().
  ~LibnotifyNotifier() override;

  LibnotifyNotifier(const LibnotifyNotifier&) = delete;
  LibnotifyNotifier& operator=(const LibnotifyNotifier&) = delete;

  /// Follows the server's capabilities: without "actions" the body ends
  /// with n.fallback_hint and no buttons are sent; with "body-markup" the
  /// text is escaped. They are asked (GetCapabilities) at the first show and
  /// kept until the server can have changed: its bus name vanished or got an
  /// owner (each report of the watch, the first one included), or a show
  /// failed. A server replaced just before a show may still get that show
  /// with its predecessor's capabilities if the report is not handled yet.
  /// A repeat for a routine whose notification is still open re-shows that
  /// one (same id: the server replaces it). false when no server answered:
  /// logged once as a warning until a show works again ("notification server
  /// is back").
  bool show(const Notification& n) override;
  void withdraw(std::string_view routine) override;

 private:
  struct Glue;  // the GLib callbacks, in the .cc
  struct Caps {
    bool body = false;
    bool markup = false;
    bool actions = false;
  };
  /// The server's capabilities (GetCapabilities, synchronous); nullopt (and
  /// why in error) when none answered.
  static std::optional<Caps> server_caps(std::string& error);
  bool failed(const std::string& error);  ///< forgets caps_; logs once per outage; false
  void forget(NotifyNotification* n);     ///< drops it from open_ and unrefs

  /// Open notifications, one per routine, each holding one reference until
  /// the server closes it (libnotify drops the signals of unreferenced ones).
  std::map<std::string, NotifyNotification*, std::less<>> open_;
  /// Actions waiting for an idle callback: on_action runs outside
  /// libnotify's signal handler, which must not see its notification freed.
  std::vector<std::pair<std::string, std::string>> pending_;
  unsigned idle_source_ = 0;  ///< GLib source id of the pending dispatch
  /// The capabilities of the server, cached until it can have changed (see
  /// show()); empty when they are to be asked again.
  std::optional<Caps> caps_;
  unsigned watch_id_ = 0;  ///< g_bus_watch_name's id, for the server's name
  bool server_missing_ = false;
};

}  // namespace move
