// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small GDBus helpers shared by the D-Bus idle sources (idle_gnome.cc,
// idle_logind.cc). Loop thread only.

#include <gio/gio.h>

#include <memory>
#include <string>

namespace move::gdbus {

struct VariantUnref {
  void operator()(GVariant* v) const { g_variant_unref(v); }
};
using Variant = std::unique_ptr<GVariant, VariantUnref>;

struct ObjectUnref {
  void operator()(gpointer o) const { g_object_unref(o); }
};
using Connection = std::unique_ptr<GDBusConnection, ObjectUnref>;

/// A reference to GLib's shared connection to the bus (GLib only keeps a
/// weak one). Throws std::runtime_error.
Connection bus(GBusType type);

/// A blocking method call with a short timeout, for probing at start-up.
/// reply_type may be nullptr. Throws std::runtime_error with D-Bus' message.
Variant call(GDBusConnection* connection, const char* name, const char* path, const char* interface, const char* method,
             GVariant* parameters, const char* reply_type);

/// A fire-and-forget call (no reply wanted).
void send(GDBusConnection* connection, const char* name, const char* path, const char* interface, const char* method,
          GVariant* parameters);

/// The message of a GError, and frees it.
std::string take_message(GError* error);

}  // namespace move::gdbus
