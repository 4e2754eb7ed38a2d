// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Whether the active window of an X server is full screen, event driven:
// the root's _NET_ACTIVE_WINDOW and that window's _NET_WM_STATE (does it
// hold _NET_WM_STATE_FULLSCREEN?), both EWMH properties the window manager
// keeps, re-read on their PropertyNotify events only. The connection's fd is
// watched by the Asio loop; between two events nothing runs.

#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace move {

class X11Fullscreen {
 public:
  /// Connects to $DISPLAY; throws std::runtime_error saying why when it
  /// cannot. A full-screen window at start is reported from the loop, after
  /// construction. io must outlive this object.
  explicit X11Fullscreen(boost::asio::io_context& io);
  ~X11Fullscreen();
  X11Fullscreen(const X11Fullscreen&) = delete;
  X11Fullscreen& operator=(const X11Fullscreen&) = delete;

  /// Called on the loop thread when the active window becomes or stops
  /// being full screen (also when the connection breaks: false).
  std::function<void(bool fullscreen)> on_change;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace move
