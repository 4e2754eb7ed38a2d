// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/libnotify_notifier.h"

#include <gio/gio.h>
#include <libnotify/notify.h>

#include <optional>

#include "daemon/log.h"
#include "lib/i18n.h"

namespace move {

namespace {

constexpr const char* kAppName = "move";
// move's own icon (share/icons/hicolor/scalable/apps/move.svg) and desktop
// entry (share/applications/move.desktop): GNOME and KDE show the name and
// icon of the entry and list move in their notification settings.
constexpr const char* kIcon = "move";
constexpr const char* kDesktopEntry = "move";
constexpr const char* kCategory = "x-move.reminder";
constexpr const char* kRoutineKey = "move-routine";
constexpr const char* kServerName = "org.freedesktop.Notifications";
// Shorter than D-Bus' 25 s: a hung server should not stall the daemon long.
constexpr int kCapsTimeoutMs = 5000;

struct Action {
  const char* key;
  const char* label;
};
// The labels are marked here and translated when shown.
constexpr Action kActions[] = {{"done", N_("Done")}, {"snooze", N_("Snooze")}, {"skip", N_("Skip")}};

std::string take_message(GError* err) {
  std::string m = err ? err->message : "unknown error";
  if (err) g_error_free(err);
  return m;
}

std::string escape_markup(const std::string& text) {
  gchar* e = g_markup_escape_text(text.c_str(), static_cast<gssize>(text.size()));
  std::string out = e;
  g_free(e);
  return out;
}

int notification_id(NotifyNotification* n) {
  gint id = 0;
  g_object_get(n, "id", &id, nullptr);
  return id;
}

}  // namespace

struct LibnotifyNotifier::Glue {
  static void action(NotifyNotification* n, char* key, gpointer self) {
    auto* me = static_cast<LibnotifyNotifier*>(self);
    const auto* routine = static_cast<const char*>(g_object_get_data(G_OBJECT(n), kRoutineKey));
    if (!routine) return;
    me->pending_.emplace_back(routine, key);
    // Called from inside libnotify, which still uses n after this returns:
    // the handler (which may withdraw and so free n) runs from an idle
    // callback instead.
    if (me->idle_source_ == 0) me->idle_source_ = g_idle_add(&Glue::run_pending, me);
  }

  static gboolean run_pending(gpointer self) {
    auto* me = static_cast<LibnotifyNotifier*>(self);
    me->idle_source_ = 0;
    auto batch = std::move(me->pending_);
    me->pending_.clear();
    for (const auto& [routine, key] : batch)
      if (me->on_action) me->on_action(routine, key);
    return G_SOURCE_REMOVE;
  }

  // libnotify holds a reference while it emits "closed".
  static void closed(NotifyNotification* n, gpointer self) { static_cast<LibnotifyNotifier*>(self)->forget(n); }

  // The watch reports the name's owner when it starts, then each change (a
  // replacement is a vanish then an appear). Every report forgets the cached
  // capabilities, the first one too: a show may have asked them before it.
  static void name_appeared(GDBusConnection*, const gchar*, const gchar* owner, gpointer self) {
    static_cast<LibnotifyNotifier*>(self)->caps_.reset();
    log::debug(std::string("notification server ") + owner + " on the bus; capabilities to be asked again");
  }

  static void name_vanished(GDBusConnection*, const gchar*, gpointer self) {
    static_cast<LibnotifyNotifier*>(self)->caps_.reset();
    log::debug("no notification server on the bus; capabilities forgotten");
  }
};

// libnotify has notify_get_server_caps(), but it cannot say why it failed
// and warns through g_warning when no server is there.
std::optional<LibnotifyNotifier::Caps> LibnotifyNotifier::server_caps(std::string& error) {
  GError* err = nullptr;
  GDBusConnection* bus = g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &err);
  if (!bus) {
    error = take_message(err);
    return std::nullopt;
  }
  GVariant* reply = g_dbus_connection_call_sync(
      bus, kServerName, "/org/freedesktop/Notifications", "org.freedesktop.Notifications", "GetCapabilities", nullptr,
      G_VARIANT_TYPE("(as)"), G_DBUS_CALL_FLAGS_NONE, kCapsTimeoutMs, nullptr, &err);
  g_object_unref(bus);
  if (!reply) {
    error = take_message(err);
    return std::nullopt;
  }
  Caps caps;
  GVariant* list = g_variant_get_child_value(reply, 0);
  gsize n = 0;
  const gchar** names = g_variant_get_strv(list, &n);
  for (gsize i = 0; i < n; ++i) {
    std::string_view cap = names[i];
    if (cap == "body") caps.body = true;
    if (cap == "body-markup") caps.markup = true;
    if (cap == "actions") caps.actions = true;
  }
  g_free(names);
  g_variant_unref(list);
  g_variant_unref(reply);
  return caps;
}

LibnotifyNotifier::LibnotifyNotifier() {
  if (!notify_init(kAppName)) log::warning(strprintf(_("libnotify: %1$s failed"), "notify_init"));
  watch_id_ = g_bus_watch_name(G_BUS_TYPE_SESSION, kServerName, G_BUS_NAME_WATCHER_FLAGS_NONE, &Glue::name_appeared,
                               &Glue::name_vanished, this, nullptr);
  // The watch adds its first GLib source from outside a callback (glib_loop.h).
  g_main_context_wakeup(nullptr);
}

LibnotifyNotifier::~LibnotifyNotifier() {
  // No watch callback runs after this: they all come on this thread.
  g_bus_unwatch_name(watch_id_);
  if (idle_source_ != 0) g_source_remove(idle_source_);
  for (auto& [routine, n] : open_) {
    g_signal_handlers_disconnect_by_data(n, this);
    if (!server_missing_ && notification_id(n) != 0) notify_notification_close(n, nullptr);
    g_object_unref(n);
  }
  open_.clear();
  notify_uninit();
}

bool LibnotifyNotifier::show(const Notification& note) {
  if (!caps_) {
    std::string error;
    caps_ = server_caps(error);
    if (!caps_) return failed(error);
  }
  const Caps caps = *caps_;

  std::string body = note.body;
  if ((!caps.actions || !note.actions) && !note.fallback_hint.empty()) {
    if (!body.empty()) body += '\n';
    body += note.fallback_hint;
  }
  if (caps.markup) body = escape_markup(body);
  // libnotify refuses an empty summary.
  const std::string& summary = note.summary.empty() ? note.routine : note.summary;

  NotifyNotification* n;
  if (auto it = open_.find(note.routine); it != open_.end()) {
    n = it->second;
    notify_notification_update(n, summary.c_str(), body.c_str(), kIcon);
  } else {
    n = notify_notification_new(summary.c_str(), body.c_str(), kIcon);
    notify_notification_set_urgency(n, NOTIFY_URGENCY_NORMAL);
    notify_notification_set_category(n, kCategory);
    notify_notification_set_hint(n, "desktop-entry", g_variant_new_string(kDesktopEntry));
    g_object_set_data_full(G_OBJECT(n), kRoutineKey, g_strdup(note.routine.c_str()), g_free);
    g_signal_connect(n, "closed", G_CALLBACK(&Glue::closed), this);
    open_.emplace(note.routine, n);
  }
  // The freedesktop sound theme name (`sound` in the plan); set on each
  // show, so that a repeat after a plan change follows the plan.
  if (note.sound.empty())
    notify_notification_set_hint(n, "sound-name", nullptr);
  else
    notify_notification_set_hint(n, "sound-name", g_variant_new_string(note.sound.c_str()));
  notify_notification_clear_actions(n);
  if (caps.actions && note.actions)
    for (const auto& a : kActions) notify_notification_add_action(n, a.key, _(a.label), &Glue::action, this, nullptr);

  GError* err = nullptr;
  bool ok = notify_notification_show(n, &err);
  // libnotify may have added GLib sources from outside a GLib callback.
  g_main_context_wakeup(nullptr);
  if (!ok) return failed(take_message(err));
  if (server_missing_) {
    server_missing_ = false;
    log::info(_("notification server is back"));
  }
  return true;
}

void LibnotifyNotifier::withdraw(std::string_view routine) {
  auto it = open_.find(routine);
  if (it == open_.end()) return;
  NotifyNotification* n = it->second;
  GError* err = nullptr;
  if (notification_id(n) != 0 && !notify_notification_close(n, &err))
    log::debug("withdrawing the notification of " + std::string(routine) + ": " + take_message(err));
  forget(n);
  g_main_context_wakeup(nullptr);
}

bool LibnotifyNotifier::failed(const std::string& error) {
  // The server may be gone or another one coming: ask the next one afresh.
  caps_.reset();
  if (!server_missing_) {
    server_missing_ = true;
    log::warning(
        strprintf(_("no notification server answered (%1$s); reminders are not shown until one does"), error.c_str()));
  } else {
    log::debug("still no notification server: " + error);
  }
  return false;
}

void LibnotifyNotifier::forget(NotifyNotification* n) {
  for (auto it = open_.begin(); it != open_.end(); ++it) {
    if (it->second != n) continue;
    open_.erase(it);
    g_signal_handlers_disconnect_by_data(n, this);
    g_object_unref(n);
    return;
  }
}

}  // namespace move
