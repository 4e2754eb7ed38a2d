// SPDX-License-Identifier: GPL-3.0-or-later
// GNOME's do-not-disturb: org.gnome.desktop.notifications show-banners,
// false while it is on. GSettings tells of a change through its "changed"
// signal (dconf's D-Bus signal, or the keyfile backend's file monitor).
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gio.h>
#include <gio/gsettingsbackend.h>

#include "daemon/dnd.h"
#include "daemon/log.h"

namespace move {

namespace {

constexpr const char* kSchema = "org.gnome.desktop.notifications";
constexpr const char* kKey = "show-banners";

class GnomeDnd final : public DndSource {
 public:
  explicit GnomeDnd(GSettings* settings) : settings_(settings) {
    // Connected before the first read: GSettings emits "changed" only for
    // keys read since a handler was connected.
    handler_ = g_signal_connect(settings_, "changed::show-banners", G_CALLBACK(&GnomeDnd::changed), this);
    on_ = !g_settings_get_boolean(settings_, kKey);
    g_main_context_wakeup(nullptr);  // sources added outside a GLib callback (glib_loop.h)
    if (on_) {
      // Reported from the loop, once the caller has set on_change.
      idle_ = g_idle_add(
          [](gpointer self) -> gboolean {
            auto* me = static_cast<GnomeDnd*>(self);
            me->idle_ = 0;
            if (me->on_change) me->on_change(true);
            return G_SOURCE_REMOVE;
          },
          this);
      g_main_context_wakeup(nullptr);
    }
  }
  ~GnomeDnd() override {
    if (idle_) g_source_remove(idle_);
    g_signal_handler_disconnect(settings_, handler_);
    g_object_unref(settings_);
  }
  std::string_view name() const override { return "gnome"; }

 private:
  static void changed(GSettings* settings, const gchar*, gpointer self) {
    auto* me = static_cast<GnomeDnd*>(self);
    const bool on = !g_settings_get_boolean(settings, kKey);
    if (on == me->on_) return;
    me->on_ = on;
    if (me->on_change) me->on_change(on);
  }

  GSettings* settings_;
  gulong handler_ = 0;
  guint idle_ = 0;
  bool on_ = false;
};

}  // namespace

std::unique_ptr<DndSource> gnome_dnd() {
  GSettingsSchemaSource* source = g_settings_schema_source_get_default();
  GSettingsSchema* schema = source ? g_settings_schema_source_lookup(source, kSchema, TRUE) : nullptr;
  if (!schema) {
    log::debug(std::string("do not disturb: no GSettings schema ") + kSchema + "; GNOME's setting not followed");
    return nullptr;
  }
  const bool has_key = g_settings_schema_has_key(schema, kKey);
  g_settings_schema_unref(schema);
  if (!has_key) return nullptr;
  // GLib falls back to a memory backend (with a warning) when no real one
  // is there: nothing else could change it, so it is not worth following.
  GSettingsBackend* backend = g_settings_backend_get_default();
  const bool memory = backend && std::string_view(G_OBJECT_TYPE_NAME(backend)) == "GMemorySettingsBackend";
  if (backend) g_object_unref(backend);
  if (memory) return nullptr;
  return std::make_unique<GnomeDnd>(g_settings_new(kSchema));
}

}  // namespace move
