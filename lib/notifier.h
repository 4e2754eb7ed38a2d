// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The seam between the daemon and the desktop's notification server.
// The daemon talks to Notifier; the real one is LibnotifyNotifier
// (daemon/libnotify_notifier.h), tests may use a fake.

#include <functional>
#include <string>
#include <string_view>

namespace move {

/// One reminder as the user sees it.
struct Notification {
  std::string routine;  ///< routine id: at most one visible notification each
  std::string summary;  ///< the routine's title (its id when it has none)
  std::string body;     ///< plain text; dose, suggested exercise, notes
  /// e.g. "movectl done walk": appended to the body as its own line when the
  /// server cannot show buttons, so the user still knows what to do.
  std::string fallback_hint;
  /// Done / Snooze / Skip buttons; false for a message such as a refused plan.
  bool actions = true;
  /// A freedesktop sound theme name for the `sound-name` hint; "" for none.
  std::string sound;
};

/// The key of the one notification about the plan (a refused reload): no
/// routine id can be it, ids being [a-z0-9-]+.
inline constexpr std::string_view kPlanNotification = "(plan)";

class Notifier {
 public:
  virtual ~Notifier() = default;

  /// Shows n; replaces the visible notification of the same routine.
  /// false when no server answered (logged once by the implementation; the
  /// next show retries).
  virtual bool show(const Notification& n) = 0;

  /// Withdraws the routine's visible notification, if any.
  virtual void withdraw(std::string_view routine) = 0;

  /// Called with (routine, action key) for actions "done", "snooze", "skip".
  /// Called from the event loop, never from inside show() or withdraw(), so
  /// the handler may call them.
  std::function<void(const std::string& routine, const std::string& action)> on_action;
};

}  // namespace move
