#pragma once
// Notifier over libnotify: desktop notifications with Done / Snooze / Skip
// buttons through the session bus' org.freedesktop.Notifications server.
//
// Thread: the one thread that runs GLib's default main context (GlibLoop);
// action and closed callbacks arrive only while that context is iterated.
//
// Blocking: show() and withdraw() make synchronous D-Bus calls
// (GetCapabilities with a 5 s timeout, then libnotify's Notify or
// CloseNotification with D-Bus' 25 s default): a hung server stalls the
// calling thread that long. Reminders are rare, so this is accepted.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/notifier.h"

typedef struct _NotifyNotification NotifyNotification;

namespace move {

class LibnotifyNotifier final : public Notifier {
 public:
  /// Calls notify_init("move"). Needs no server yet: one may come later.
  LibnotifyNotifier();
  /// Closes the notifications still visible (their buttons would be dead)
  /// and calls notify_uninit().
  ~LibnotifyNotifier() override;

  LibnotifyNotifier(const LibnotifyNotifier&) = delete;
  LibnotifyNotifier& operator=(const LibnotifyNotifier&) = delete;

  /// Asks the server for its capabilities each time: without "actions" the
  /// body ends with n.fallback_hint and no buttons are sent; with
  /// "body-markup" the text is escaped. A repeat for a routine whose
  /// notification is still open re-shows that one (same id: the server
  /// replaces it). false when no server answered: logged once as a warning
  /// until a show works again ("notification server is back").
  bool show(const Notification& n) override;
  void withdraw(std::string_view routine) override;

 private:
  struct Glue;  // the GLib callbacks, in the .cc
  bool failed(const std::string& error);  ///< logs once per outage; false
  void forget(NotifyNotification* n);      ///< drops it from open_ and unrefs

  /// Open notifications, one per routine, each holding one reference until
  /// the server closes it (libnotify drops the signals of unreferenced ones).
  std::map<std::string, NotifyNotification*, std::less<>> open_;
  /// Actions waiting for an idle callback: on_action runs outside
  /// libnotify's signal handler, which must not see its notification freed.
  std::vector<std::pair<std::string, std::string>> pending_;
  unsigned idle_source_ = 0;  ///< GLib source id of the pending dispatch
  bool server_missing_ = false;
};

}  // namespace move
