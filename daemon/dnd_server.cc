// SPDX-License-Identifier: GPL-3.0-or-later
// Do not disturb kept by the notification server itself, as properties of
// its /org/freedesktop/Notifications object: KDE Plasma's Inhibited
// (org.freedesktop.Notifications) and dunst's paused
// (org.dunstproject.cmd0). Both are asked (asynchronously) when a server
// takes the bus name and followed through PropertiesChanged; a server
// without them answers an error, which means "never on".
#include <gio/gio.h>

#include <memory>
#include <string>

#include "daemon/dnd.h"
#include "daemon/log.h"

namespace move {

namespace {

constexpr const char* kName = "org.freedesktop.Notifications";
constexpr const char* kPath = "/org/freedesktop/Notifications";

struct Property {
  const char* interface;
  const char* name;
};
constexpr Property kProperties[] = {{"org.freedesktop.Notifications", "Inhibited"},
                                    {"org.dunstproject.cmd0", "paused"}};

class ServerDnd final : public DndSource {
 public:
  ServerDnd() {
    GError* error = nullptr;
    bus_ = g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &error);
    if (!bus_) {
      std::string why = error ? error->message : "no session bus";
      if (error) g_error_free(error);
      throw std::runtime_error("the notification server's state is not followed: " + why);
    }
    subscription_ = g_dbus_connection_signal_subscribe(bus_, kName, "org.freedesktop.DBus.Properties",
                                                       "PropertiesChanged", kPath, nullptr, G_DBUS_SIGNAL_FLAGS_NONE,
                                                       &ServerDnd::properties_changed, this, nullptr);
    watch_ = g_bus_watch_name_on_connection(bus_, kName, G_BUS_NAME_WATCHER_FLAGS_NONE, &ServerDnd::appeared,
                                            &ServerDnd::vanished, this, nullptr);
    g_main_context_wakeup(nullptr);  // sources added outside a GLib callback (glib_loop.h)
  }
  ~ServerDnd() override {
    g_cancellable_cancel(cancel_);
    g_object_unref(cancel_);
    g_bus_unwatch_name(watch_);
    g_dbus_connection_signal_unsubscribe(bus_, subscription_);
    g_object_unref(bus_);
  }
  std::string_view name() const override { return name_; }

 private:
  // The server took the name: ask both properties (old answers of a
  // server gone are dropped by generation).
  static void appeared(GDBusConnection*, const gchar*, const gchar*, gpointer self) {
    auto* me = static_cast<ServerDnd*>(self);
    ++me->generation_;
    for (std::size_t i = 0; i < std::size(kProperties); ++i) me->ask(i);
  }

  static void vanished(GDBusConnection*, const gchar*, gpointer self) {
    auto* me = static_cast<ServerDnd*>(self);
    ++me->generation_;
    for (std::size_t i = 0; i < std::size(kProperties); ++i) me->set(i, false);
  }

  struct Ask {
    ServerDnd* self;
    std::size_t property;
    unsigned generation;
  };

  void ask(std::size_t i) {
    g_dbus_connection_call(
        bus_, kName, kPath, "org.freedesktop.DBus.Properties", "Get",
        g_variant_new("(ss)", kProperties[i].interface, kProperties[i].name), G_VARIANT_TYPE("(v)"),
        G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, cancel_,
        [](GObject* source, GAsyncResult* result, gpointer data) {
          std::unique_ptr<Ask> a(static_cast<Ask*>(data));
          GError* error = nullptr;
          GVariant* reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
          if (!reply) {
            const bool cancelled = g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
            if (!cancelled)
              log::debug(std::string("do not disturb: no ") + kProperties[a->property].name + ": " + error->message);
            g_error_free(error);
            return;  // cancelled: the object may be gone
          }
          GVariant* value = nullptr;
          g_variant_get(reply, "(v)", &value);
          if (a->generation == a->self->generation_ && g_variant_is_of_type(value, G_VARIANT_TYPE_BOOLEAN))
            a->self->set(a->property, g_variant_get_boolean(value));
          g_variant_unref(value);
          g_variant_unref(reply);
        },
        new Ask{this, i, generation_});
  }

  static void properties_changed(GDBusConnection*, const gchar*, const gchar*, const gchar*, const gchar*,
                                 GVariant* parameters, gpointer self) {
    auto* me = static_cast<ServerDnd*>(self);
    const gchar* interface = nullptr;
    GVariant* changed = nullptr;
    GVariant* invalidated = nullptr;
    g_variant_get(parameters, "(&s@a{sv}@as)", &interface, &changed, &invalidated);
    for (std::size_t i = 0; i < std::size(kProperties); ++i) {
      if (std::string_view(interface) != kProperties[i].interface) continue;
      gboolean on = FALSE;
      if (g_variant_lookup(changed, kProperties[i].name, "b", &on)) me->set(i, on);
      const gchar** names = g_variant_get_strv(invalidated, nullptr);
      for (const gchar** n = names; n && *n; ++n)
        if (std::string_view(*n) == kProperties[i].name) me->ask(i);
      g_free(names);
    }
    g_variant_unref(changed);
    g_variant_unref(invalidated);
  }

  void set(std::size_t i, bool on) {
    if (on) name_ = i == 0 ? "kde" : "dunst";
    if (state_[i] == on) return;
    state_[i] = on;
    const bool any = state_[0] || state_[1];
    if (any == reported_) return;
    reported_ = any;
    if (on_change) on_change(any);
  }

  GDBusConnection* bus_ = nullptr;
  GCancellable* cancel_ = g_cancellable_new();
  guint subscription_ = 0;
  guint watch_ = 0;
  unsigned generation_ = 0;
  bool state_[2] = {false, false};
  bool reported_ = false;
  std::string name_ = "server";
};

}  // namespace

std::unique_ptr<DndSource> server_dnd() { return std::make_unique<ServerDnd>(); }

}  // namespace move
