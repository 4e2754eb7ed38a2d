// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs GLib's default main context inside a Boost.Asio io_context, so GLib
// callbacks (libnotify's action and closed signals, GDBus) arrive on the
// daemon's one thread with no second loop and no polling.
//
// How: GLib's prepare/query/check/dispatch. The file descriptors GLib asks
// for are watched by Asio (one posix::stream_descriptor per fd, released,
// never closed: GLib owns them) and GLib's timeout, when it asks for one, is
// one MonoTimer. After each dispatch the context is queried again. Idle,
// it costs nothing: no timer is armed unless a GLib source wants one.

#include <memory>

namespace boost::asio {
class io_context;
}

namespace move {

class GlibLoop {
 public:
  /// Acquires GLib's default main context for the calling thread, which must
  /// be the thread that runs io. Throws std::runtime_error when another
  /// thread owns it. io must outlive this object.
  explicit GlibLoop(boost::asio::io_context& io);
  /// Stops watching and releases the context; handlers still queued in io
  /// become no-ops.
  ~GlibLoop();

  GlibLoop(const GlibLoop&) = delete;
  GlibLoop& operator=(const GlibLoop&) = delete;

  // Code on this thread that adds a GLib source outside a GLib callback must
  // call g_main_context_wakeup(nullptr) afterwards: GLib does not wake its
  // owner thread itself, so the loop would not see the source until the next
  // wakeup. Sources added from other threads or from callbacks need nothing.

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace move
