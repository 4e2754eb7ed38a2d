// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/idle_logind.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "daemon/idle_gdbus.h"
#include "daemon/clock.h"
#include "daemon/log.h"
#include "lib/i18n.h"

namespace move {

namespace {

constexpr const char* kName = "org.freedesktop.login1";
constexpr const char* kManagerPath = "/org/freedesktop/login1";
constexpr const char* kManager = "org.freedesktop.login1.Manager";
constexpr const char* kSession = "org.freedesktop.login1.Session";
constexpr const char* kUser = "org.freedesktop.login1.User";
constexpr const char* kProperties = "org.freedesktop.DBus.Properties";

/// logind's IdleSinceHint: µs of CLOCK_REALTIME, 0 when unknown.
Instant from_usec(guint64 usec, Instant now) {
  if (usec == 0) return now;
  Instant t{std::chrono::floor<Seconds>(std::chrono::microseconds(usec))};
  return t > now ? now : t;
}

std::string object_path(const gdbus::Variant& reply) {
  const char* path = nullptr;
  g_variant_get(reply.get(), "(&o)", &path);
  return path;
}

}  // namespace

struct LogindIdle::Impl : std::enable_shared_from_this<Impl> {
  explicit Impl(LogindIdle* source);
  ~Impl();

  LogindIdle* owner;
  gdbus::Connection bus;
  std::string session;  ///< object path; empty when none was found
  std::vector<guint> subscriptions;
  bool sleeping = false;
  bool locked = false;
  bool idle = false;
  Instant idle_since{};
  Presence reported = Presence::active;
  guint initial = 0;  ///< GLib idle source reporting the state at start

  std::string find_session();
  void follow_session(const char* path);
  void subscribe(const char* path, const char* interface, const char* member, const char* arg0,
                 void (*handle)(Impl&, GVariant*));
  void unsubscribe(std::size_t from);
  void read(GVariant* properties, Instant now);
  void start();
  void update();
  void report(Presence p, Instant since);
};

// Each signal is subscribed to before its state is read, and the read (a
// call on the same connection, after the AddMatch) returns once the bus
// has the match: no change is lost in between.
LogindIdle::Impl::Impl(LogindIdle* source) : owner(source), bus(gdbus::bus(G_BUS_TYPE_SYSTEM)) {
  // Only moved uses the system bus: losing it must not end the daemon.
  g_dbus_connection_set_exit_on_close(bus.get(), FALSE);
  subscribe(kManagerPath, kManager, "PrepareForSleep", nullptr, [](Impl& self, GVariant* args) {
    gboolean going = FALSE;
    g_variant_get(args, "(b)", &going);
    self.sleeping = going;
    self.update();
  });
  try {
    auto sleep = gdbus::call(bus.get(), kName, kManagerPath, kProperties, "Get",
                             g_variant_new("(ss)", kManager, "PreparingForSleep"), "(v)");
    gdbus::Variant value(g_variant_get_child_value(sleep.get(), 0));
    gdbus::Variant inner(g_variant_get_variant(value.get()));
    if (g_variant_is_of_type(inner.get(), G_VARIANT_TYPE_BOOLEAN)) sleeping = g_variant_get_boolean(inner.get());
    session = find_session();
  } catch (...) {
    unsubscribe(0);
    throw;
  }
}

void LogindIdle::Impl::follow_session(const char* path) {
  subscribe(path, kProperties, "PropertiesChanged", kSession, [](Impl& self, GVariant* args) {
    GVariant* changed = nullptr;
    g_variant_get(args, "(&s@a{sv}@as)", nullptr, &changed, nullptr);
    gdbus::Variant owned(changed);
    self.read(changed, wall_now());
    self.update();
  });
  subscribe(path, kSession, "Lock", nullptr, [](Impl& self, GVariant*) {
    self.locked = true;
    self.update();
  });
  subscribe(path, kSession, "Unlock", nullptr, [](Impl& self, GVariant*) {
    self.locked = false;
    self.update();
  });
}

void LogindIdle::Impl::unsubscribe(std::size_t from) {
  for (std::size_t i = from; i < subscriptions.size(); ++i)
    g_dbus_connection_signal_unsubscribe(bus.get(), subscriptions[i]);
  subscriptions.resize(from);
}

LogindIdle::Impl::~Impl() {
  if (initial) g_source_remove(initial);
  unsubscribe(0);
}

// The first candidate (in the order of idle_logind.h) whose properties can
// be read is ours; they are the state at start. Throws only bad_alloc.
std::string LogindIdle::Impl::find_session() {
  std::vector<std::pair<std::string, std::string>> candidates;  // how, path
  std::string why;
  auto ask = [&](const char* how, auto&& path_of) {
    try {
      candidates.emplace_back(how, path_of());
    } catch (const std::exception& e) {
      why += std::string("; ") + how + ": " + e.what();
    }
  };
  if (const char* id = std::getenv("XDG_SESSION_ID"); id && *id)
    ask("XDG_SESSION_ID", [&] {
      return object_path(
          gdbus::call(bus.get(), kName, kManagerPath, kManager, "GetSession", g_variant_new("(s)", id), "(o)"));
    });
  ask("our pid", [&] {
    return object_path(gdbus::call(bus.get(), kName, kManagerPath, kManager, "GetSessionByPID",
                                   g_variant_new("(u)", static_cast<guint32>(::getpid())), "(o)"));
  });
  ask("the user's display", [&] {
    std::string user = object_path(gdbus::call(bus.get(), kName, kManagerPath, kManager, "GetUser",
                                               g_variant_new("(u)", static_cast<guint32>(::getuid())), "(o)"));
    auto reply =
        gdbus::call(bus.get(), kName, user.c_str(), kProperties, "Get", g_variant_new("(ss)", kUser, "Display"), "(v)");
    const char* path = nullptr;
    gdbus::Variant v(g_variant_get_child_value(reply.get(), 0));
    gdbus::Variant display(g_variant_get_variant(v.get()));
    if (!g_variant_is_of_type(display.get(), G_VARIANT_TYPE("(so)"))) throw std::runtime_error("no Display");
    g_variant_get(display.get(), "(&s&o)", nullptr, &path);
    if (std::strcmp(path, "/") == 0) throw std::runtime_error("no display session");
    return std::string(path);
  });
  // logind's "auto" object stands for a session but signals come from the
  // session's own path: ask for it by Id.
  ask("auto", [&] {
    auto reply = gdbus::call(bus.get(), kName, "/org/freedesktop/login1/session/auto", kProperties, "Get",
                             g_variant_new("(ss)", kSession, "Id"), "(v)");
    gdbus::Variant v(g_variant_get_child_value(reply.get(), 0));
    gdbus::Variant id(g_variant_get_variant(v.get()));
    if (!g_variant_is_of_type(id.get(), G_VARIANT_TYPE_STRING)) throw std::runtime_error("no Id");
    return object_path(gdbus::call(bus.get(), kName, kManagerPath, kManager, "GetSession",
                                   g_variant_new("(s)", g_variant_get_string(id.get(), nullptr)), "(o)"));
  });

  for (const auto& [how, path] : candidates) {
    std::size_t mark = subscriptions.size();
    follow_session(path.c_str());
    try {
      auto all =
          gdbus::call(bus.get(), kName, path.c_str(), kProperties, "GetAll", g_variant_new("(s)", kSession), "(a{sv})");
      GVariant* props = nullptr;
      g_variant_get(all.get(), "(@a{sv})", &props);
      gdbus::Variant owned(props);
      read(props, wall_now());
      log::debug("logind idle: session " + path + " (" + how + ")");
      return path;
    } catch (const std::exception& e) {
      unsubscribe(mark);
      why += "; " + how + " " + path + ": " + e.what();
    }
  }
  // TRANSLATORS: %1$s lists the sessions tried and why each failed ("; HOW PATH: ERROR" each).
  log::info(strprintf(_("logind idle: no session found, following sleep only%1$s"), why.c_str()));
  return {};
}

void LogindIdle::Impl::subscribe(const char* path, const char* interface, const char* member, const char* arg0,
                                 void (*handle)(Impl&, GVariant*)) {
  // GLib passes one pointer: the handler travels in a small heap struct.
  struct Handler {
    Impl* self;
    void (*handle)(Impl&, GVariant*);
  };
  subscriptions.push_back(g_dbus_connection_signal_subscribe(
      bus.get(), kName, interface, member, path, arg0, G_DBUS_SIGNAL_FLAGS_NONE,
      [](GDBusConnection*, const char*, const char*, const char*, const char*, GVariant* args, gpointer data) {
        auto* h = static_cast<Handler*>(data);
        h->handle(*h->self, args);
      },
      new Handler{this, handle}, [](gpointer data) { delete static_cast<Handler*>(data); }));
}

// Reads what it knows of a{sv} session properties (GetAll or changed ones).
void LogindIdle::Impl::read(GVariant* properties, Instant now) {
  gboolean b = FALSE;
  guint64 usec = 0;
  bool had_since = g_variant_lookup(properties, "IdleSinceHint", "t", &usec);
  if (g_variant_lookup(properties, "IdleHint", "b", &b)) {
    idle = b;
    if (idle) idle_since = had_since ? from_usec(usec, now) : now;
  } else if (had_since && idle) {
    idle_since = from_usec(usec, now);
  }
  if (g_variant_lookup(properties, "LockedHint", "b", &b)) locked = b;
}

void LogindIdle::Impl::update() {
  Instant now = wall_now();
  if (sleeping) return report(Presence::asleep, now);
  if (locked) return report(Presence::locked, now);
  if (idle) return report(Presence::idle, idle_since);
  report(Presence::active, now);
}

void LogindIdle::Impl::report(Presence p, Instant since) {
  if (p == reported) return;
  reported = p;
  if (owner && owner->on_change) owner->on_change(p, since);
}

// A state other than active at start is reported from the loop, once the
// caller has set on_change.
void LogindIdle::Impl::start() {
  if (!sleeping && !locked && !idle) return;
  initial = g_idle_add_full(
      G_PRIORITY_DEFAULT_IDLE,
      [](gpointer data) -> gboolean {
        if (auto self = static_cast<std::weak_ptr<Impl>*>(data)->lock()) {
          self->initial = 0;
          self->update();
        }
        return G_SOURCE_REMOVE;
      },
      new std::weak_ptr<Impl>(weak_from_this()), [](gpointer data) { delete static_cast<std::weak_ptr<Impl>*>(data); });
  g_main_context_wakeup(nullptr);  // added outside a GLib callback (glib_loop.h)
}

LogindIdle::LogindIdle() : impl_(std::make_shared<Impl>(this)) { impl_->start(); }

LogindIdle::~LogindIdle() {
  impl_->owner = nullptr;
  impl_.reset();
}

}  // namespace move
