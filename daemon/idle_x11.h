// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Idle time of an X server, event driven: the XSync extension's IDLETIME
// system counter (ms since the last input) with one alarm that the server
// raises when the counter crosses the threshold (person gone) and, once
// idle, when it falls back below it (input again). The connection's fd is
// watched by the Asio loop; between the two alarms nothing runs: no query,
// no timer.

#include <memory>
#include <string_view>

#include "lib/duration.h"
#include "lib/presence.h"

namespace boost::asio {
class io_context;
}

namespace move {

class X11Idle final : public IdleSource {
 public:
  /// Connects to $DISPLAY. Throws std::runtime_error saying why when there
  /// is no display or it lacks XSync's IDLETIME counter. If the person is
  /// already idle, on_change reports it from the loop, after construction.
  /// io must outlive this object; threshold is at least 1 s.
  X11Idle(boost::asio::io_context& io, Seconds threshold);
  ~X11Idle() override;
  X11Idle(const X11Idle&) = delete;
  X11Idle& operator=(const X11Idle&) = delete;

  std::string_view name() const override { return "x11"; }

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace move
