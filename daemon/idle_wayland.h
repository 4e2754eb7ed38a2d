// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Idle time from a Wayland compositor through ext-idle-notify-v1: one idle
// notification object with the threshold as its timeout; the compositor
// sends `idled` and `resumed`. The display's fd is watched by the Asio
// loop; nothing runs between two events.

#include <memory>
#include <string_view>

#include "lib/duration.h"
#include "lib/presence.h"

namespace boost::asio {
class io_context;
}

namespace move {

class WaylandIdle final : public IdleSource {
 public:
  /// Connects to $WAYLAND_DISPLAY. Throws std::runtime_error saying why when
  /// there is no compositor, or it advertises no ext_idle_notifier_v1 or no
  /// wl_seat. Events, the first `idled` included, reach on_change from the
  /// loop, after construction. io must outlive this object.
  WaylandIdle(boost::asio::io_context& io, Seconds threshold);
  ~WaylandIdle() override;
  WaylandIdle(const WaylandIdle&) = delete;
  WaylandIdle& operator=(const WaylandIdle&) = delete;

  std::string_view name() const override { return "wayland"; }

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace move
