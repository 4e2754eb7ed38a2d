// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Do not disturb, as the desktop says it, event driven (no polling):
//   gnome   org.gnome.desktop.notifications show-banners = false (GSettings,
//           its "changed" signal; daemon/dnd_gnome.cc)
//   kde     the Inhibited property of org.freedesktop.Notifications
//   dunst   the paused property of org.dunstproject.cmd0
//           (both on the server's /org/freedesktop/Notifications, followed
//           through PropertiesChanged; daemon/dnd_server.cc)
// DoNotDisturb runs every source that applies and reports on while any of
// them says so. Thread: the one that iterates GLib's default main context
// (GlibLoop), where every callback arrives.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace move {

/// One place the desktop keeps do-not-disturb.
class DndSource {
 public:
  virtual ~DndSource() = default;
  virtual std::string_view name() const = 0;
  /// Called with the new state when it changes (the first report too, when
  /// it is on at start).
  std::function<void(bool on)> on_change;
};

/// GSettings, when the schema is installed and the backend is not GLib's
/// memory one (nothing outside moved could change that); nullptr otherwise.
std::unique_ptr<DndSource> gnome_dnd();
/// The notification server's properties (KDE Plasma, dunst); always.
std::unique_ptr<DndSource> server_dnd();

class DoNotDisturb {
 public:
  /// Starts every source that applies.
  DoNotDisturb();
  /// Called with true when a source turns it on, false when the last one
  /// turns it off; why names the sources ("dunst", "gnome").
  std::function<void(bool on, const std::string& why)> on_change;
  bool on() const;
  /// "gnome, server": the sources followed.
  std::string sources() const;

 private:
  void changed();
  std::vector<std::unique_ptr<DndSource>> sources_;
  std::vector<bool> state_;
  bool reported_ = false;
};

}  // namespace move
