// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/idle_gnome.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "daemon/idle_gdbus.h"
#include "daemon/clock.h"
#include "daemon/log.h"
#include "lib/i18n.h"

namespace move {

namespace {

constexpr const char* kName = "org.gnome.Mutter.IdleMonitor";
constexpr const char* kPath = "/org/gnome/Mutter/IdleMonitor/Core";
constexpr const char* kInterface = "org.gnome.Mutter.IdleMonitor";

}  // namespace

struct GnomeIdle::Impl : std::enable_shared_from_this<Impl> {
  Impl(Seconds threshold, GnomeIdle* source);
  ~Impl();

  GnomeIdle* owner;
  const std::uint64_t threshold_ms;
  gdbus::Connection bus;
  guint subscription = 0;
  guint idle_watch = 0;
  guint active_watch = 0;      ///< the pending one-shot user-active watch
  bool adding_active = false;  ///< AddUserActiveWatch is on its way
  std::unique_ptr<GCancellable, gdbus::ObjectUnref> cancel{g_cancellable_new()};
  guint64 idle_at_start = 0;  ///< ms, from GetIdletime
  guint initial = 0;          ///< GLib idle source reporting the state at start
  guint name_watch = 0;       ///< follows the IdleMonitor's owner (a restart of the shell)
  unsigned generation = 0;    ///< bumped when the IdleMonitor leaves: older replies are stale
  Presence reported = Presence::active;

  void start();
  void fired(guint id);
  void went_idle(Instant since);
  void appeared();
  void vanished();
  void add_watch(const char* method, GVariant* parameters, void (*done)(Impl&, guint id));
  void report(Presence p, Instant since);
};

GnomeIdle::Impl::Impl(Seconds threshold, GnomeIdle* source)
    : owner(source),
      threshold_ms(static_cast<std::uint64_t>(std::max<Seconds::rep>(1, threshold.count())) * 1000),
      bus(gdbus::bus(G_BUS_TYPE_SESSION)) {
  // Probes first: a missing service answers ServiceUnknown.
  auto idletime = gdbus::call(bus.get(), kName, kPath, kInterface, "GetIdletime", nullptr, "(t)");
  subscription = g_dbus_connection_signal_subscribe(
      bus.get(), kName, kInterface, "WatchFired", kPath, nullptr, G_DBUS_SIGNAL_FLAGS_NONE,
      [](GDBusConnection*, const char*, const char*, const char*, const char*, GVariant* parameters, gpointer self) {
        guint id = 0;
        g_variant_get(parameters, "(u)", &id);
        static_cast<Impl*>(self)->fired(id);
      },
      this, nullptr);
  try {
    auto reply =
        gdbus::call(bus.get(), kName, kPath, kInterface, "AddIdleWatch", g_variant_new("(t)", threshold_ms), "(u)");
    g_variant_get(reply.get(), "(u)", &idle_watch);
  } catch (...) {
    g_dbus_connection_signal_unsubscribe(bus.get(), subscription);
    throw;
  }
  g_variant_get(idletime.get(), "(t)", &idle_at_start);
}

// After construction (weak_from_this works): follows the IdleMonitor's
// owner, and reports an idle state at start from the loop, once the caller
// has set on_change, through a GLib idle source removed if we go first.
void GnomeIdle::Impl::start() {
  using Weak = std::weak_ptr<Impl>;
  name_watch = g_bus_watch_name_on_connection(
      bus.get(), kName, G_BUS_NAME_WATCHER_FLAGS_NONE,
      [](GDBusConnection*, const char*, const char*, gpointer data) {
        if (auto self = static_cast<Weak*>(data)->lock()) self->appeared();
      },
      [](GDBusConnection*, const char*, gpointer data) {
        if (auto self = static_cast<Weak*>(data)->lock()) self->vanished();
      },
      new Weak(weak_from_this()), [](gpointer data) { delete static_cast<Weak*>(data); });
  g_main_context_wakeup(nullptr);  // sources added outside a GLib callback (glib_loop.h)
  if (idle_at_start < threshold_ms) return;
  struct Start {
    std::weak_ptr<Impl> impl;
    Instant since;
  };
  auto* data =
      new Start{weak_from_this(), wall_now() - std::chrono::floor<Seconds>(std::chrono::milliseconds(idle_at_start))};
  initial = g_idle_add_full(
      G_PRIORITY_DEFAULT_IDLE,
      [](gpointer p) -> gboolean {
        auto* start = static_cast<Start*>(p);
        if (auto self = start->impl.lock()) {
          self->initial = 0;
          self->went_idle(start->since);
        }
        return G_SOURCE_REMOVE;
      },
      data, [](gpointer p) { delete static_cast<Start*>(p); });
  g_main_context_wakeup(nullptr);  // added outside a GLib callback (glib_loop.h)
}

GnomeIdle::Impl::~Impl() {
  if (initial) g_source_remove(initial);
  if (name_watch) g_bus_unwatch_name(name_watch);
  g_cancellable_cancel(cancel.get());
  g_dbus_connection_signal_unsubscribe(bus.get(), subscription);
  for (guint id : {idle_watch, active_watch})
    if (id) gdbus::send(bus.get(), kName, kPath, kInterface, "RemoveWatch", g_variant_new("(u)", id));
  g_dbus_connection_flush_sync(bus.get(), nullptr, nullptr);
}

void GnomeIdle::Impl::fired(guint id) {
  if (id == 0) return;
  if (id == idle_watch) {
    went_idle(wall_now() - std::chrono::floor<Seconds>(std::chrono::milliseconds(threshold_ms)));
  } else if (id == active_watch) {
    active_watch = 0;  // one-shot: mutter has removed it
    report(Presence::active, wall_now());
  }
}

// Idle: report, then wait for the person with a one-shot active watch.
void GnomeIdle::Impl::went_idle(Instant since) {
  report(Presence::idle, since);
  if (active_watch || adding_active) return;
  adding_active = true;
  add_watch("AddUserActiveWatch", nullptr, [](Impl& self, guint id) {
    self.adding_active = false;
    self.active_watch = id;
  });
}

// The shell restarted (GNOME on X11: Alt+F2 r): its watches are gone.
void GnomeIdle::Impl::vanished() {
  if (!idle_watch && !active_watch && !adding_active) return;
  ++generation;
  idle_watch = active_watch = 0;
  adding_active = false;
  // TRANSLATORS: IdleMonitor is GNOME's service that tells moved whether someone is at the computer; without it,
  // desk breaks count the time on the clock.
  log::warning(_("gnome idle: the IdleMonitor left the session bus; counting wall-clock time until it is back"));
  report(Presence::active, wall_now());
}

void GnomeIdle::Impl::appeared() {
  if (idle_watch) return;  // the first call, at start
  log::info(_("gnome idle: the IdleMonitor is back"));
  add_watch("AddIdleWatch", g_variant_new("(t)", threshold_ms), [](Impl& self, guint id) { self.idle_watch = id; });
}

// An Add*Watch call; done gets the id unless we are gone or the monitor
// left meanwhile (mutter drops the watches of a client that leaves, and
// its own when it restarts).
void GnomeIdle::Impl::add_watch(const char* method, GVariant* parameters, void (*done)(Impl&, guint id)) {
  struct Call {
    std::weak_ptr<Impl> impl;
    unsigned generation;
    std::string method;
    void (*done)(Impl&, guint);
  };
  g_dbus_connection_call(
      bus.get(), kName, kPath, kInterface, method, parameters, G_VARIANT_TYPE("(u)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
      -1, cancel.get(),
      [](GObject* source, GAsyncResult* result, gpointer data) {
        std::unique_ptr<Call> call(static_cast<Call*>(data));
        GError* error = nullptr;
        gdbus::Variant reply(g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error));
        std::string why = reply ? std::string() : gdbus::take_message(error);
        auto self = call->impl.lock();
        if (!self || self->generation != call->generation) return;
        if (!reply) {
          // TRANSLATORS: %1$s is a D-Bus method (AddIdleWatch, AddUserActiveWatch), %2$s the error.
          log::warning(strprintf(_("gnome idle: %1$s failed: %2$s; counting wall-clock time"), call->method.c_str(),
                                 why.c_str()));
          self->adding_active = false;
          self->report(Presence::active, wall_now());
          return;
        }
        guint id = 0;
        g_variant_get(reply.get(), "(u)", &id);
        call->done(*self, id);
      },
      new Call{weak_from_this(), generation, method, done});
}

void GnomeIdle::Impl::report(Presence p, Instant since) {
  if (p == reported) return;
  reported = p;
  if (owner && owner->on_change) owner->on_change(p, since);
}

GnomeIdle::GnomeIdle(Seconds threshold) : impl_(std::make_shared<Impl>(threshold, this)) { impl_->start(); }

GnomeIdle::~GnomeIdle() {
  impl_->owner = nullptr;
  impl_.reset();
}

}  // namespace move
