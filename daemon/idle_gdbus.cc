// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/idle_gdbus.h"

#include <stdexcept>

namespace move::gdbus {

namespace {
constexpr int kProbeTimeoutMs = 3000;
}

std::string take_message(GError* error) {
  if (!error) return "unknown error";
  if (g_dbus_error_is_remote_error(error)) g_dbus_error_strip_remote_error(error);
  std::string m = error->message;
  g_error_free(error);
  // A service in Python (a mock) sends its traceback: its last line says it.
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  if (auto nl = m.rfind('\n'); nl != std::string::npos) m.erase(0, nl + 1);
  return m;
}

Connection bus(GBusType type) {
  GError* error = nullptr;
  GDBusConnection* c = g_bus_get_sync(type, nullptr, &error);
  if (!c) throw std::runtime_error(take_message(error));
  return Connection(c);
}

Variant call(GDBusConnection* connection, const char* name, const char* path, const char* interface, const char* method,
             GVariant* parameters, const char* reply_type) {
  GError* error = nullptr;
  GVariant* reply = g_dbus_connection_call_sync(connection, name, path, interface, method, parameters,
                                                reply_type ? G_VARIANT_TYPE(reply_type) : nullptr,
                                                G_DBUS_CALL_FLAGS_NO_AUTO_START, kProbeTimeoutMs, nullptr, &error);
  if (!reply) throw std::runtime_error(std::string(method) + ": " + take_message(error));
  return Variant(reply);
}

void send(GDBusConnection* connection, const char* name, const char* path, const char* interface, const char* method,
          GVariant* parameters) {
  g_dbus_connection_call(connection, name, path, interface, method, parameters, nullptr,
                         G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, nullptr, nullptr, nullptr);
}

}  // namespace move::gdbus
