// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/glib_loop.h"

#include <glib.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/system/system_error.hpp>
#include <cerrno>
#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "daemon/log.h"
#include "daemon/mono_timer.h"
#include "lib/i18n.h"

namespace move {

namespace asio = boost::asio;

// One turn of GLib's loop is spread over Asio handlers:
//   arm():  prepare + query, then watch the fds and arm the timer;
//   (Asio waits: an fd is ready, or the timer fires)
//   step(): poll(2) with timeout 0 fills revents, check, dispatch, arm().
//
// The descriptors are made afresh at every arm(): GLib may close an fd and
// open another with the same number between two turns, and a registration
// kept from before would watch the old file. Turns happen only on activity,
// so the two epoll_ctl calls a turn cost nothing when idle.
//
// Asio's epoll reactor is edge-triggered, GLib expects level-triggered poll:
// arm() polls once with timeout 0 and steps at once when something is
// already ready, so readiness left over from the last turn is never lost.
struct GlibLoop::State : std::enable_shared_from_this<State> {
  explicit State(asio::io_context& context) : io(context), timer(context) {}

  asio::io_context& io;
  GMainContext* context = g_main_context_default();
  std::vector<GPollFD> fds = std::vector<GPollFD>(4);  ///< capacity for query
  int nfds = 0;                                        ///< used by the last query
  gint max_priority = 0;
  std::vector<std::unique_ptr<asio::posix::stream_descriptor>> watches;
  MonoTimer timer;    // not an asio::steady_timer: see mono_timer.h
  unsigned turn = 0;  ///< bumped by arm(); completions of older turns are stale
  bool step_posted = false;
  bool stopped = false;

  void arm();
  void step();
  void post_step();
  void unwatch();
  bool ready_now();
  void watch(int fd, gushort events);

  /// A completion handler that steps GLib when it is not stale.
  auto waker() {
    return [weak = weak_from_this(), at = turn](const boost::system::error_code& ec) {
      if (ec) return;  // operation_aborted: unwatched
      auto self = weak.lock();
      if (self && self->turn == at) self->post_step();
    };
  }
};

void GlibLoop::State::unwatch() {
  for (auto& w : watches) w->release();  // aborts its waits; GLib owns the fd
  watches.clear();
  timer.cancel();
}

bool GlibLoop::State::ready_now() {
  for (int i = 0; i < nfds; ++i) fds[i].revents = 0;
  int n;
  do n = g_poll(fds.data(), static_cast<guint>(nfds), 0);  // poll(2) on Unix
  while (n < 0 && errno == EINTR);
  return n != 0;  // an error too: let check() sort it out rather than sleep
}

void GlibLoop::State::watch(int fd, gushort events) {
  std::unique_ptr<asio::posix::stream_descriptor> d;
  try {
    d = std::make_unique<asio::posix::stream_descriptor>(io, fd);
  } catch (const boost::system::system_error& e) {
    // TRANSLATORS: GLib's main loop, which moved runs inside its own; fd is a file descriptor.
    log::warning(strprintf(_("glib loop: cannot watch fd %1$d: %2$s"), fd, e.what()));
    return;
  }
  using D = asio::posix::descriptor_base;
  if (events & G_IO_IN) d->async_wait(D::wait_read, waker());
  if (events & G_IO_OUT) d->async_wait(D::wait_write, waker());
  // Error and hang-up complete any wait; wait for them alone only when
  // GLib wants neither input nor output (and for urgent data).
  if ((events & G_IO_PRI) || !(events & (G_IO_IN | G_IO_OUT))) d->async_wait(D::wait_error, waker());
  watches.push_back(std::move(d));
}

void GlibLoop::State::arm() {
  unwatch();
  ++turn;
  g_main_context_prepare(context, &max_priority);
  gint timeout = -1;
  for (;;) {
    nfds = g_main_context_query(context, max_priority, &timeout, fds.data(), static_cast<gint>(fds.size()));
    if (nfds <= static_cast<int>(fds.size())) break;
    fds.resize(static_cast<std::size_t>(nfds));
  }
  if (timeout == 0 || ready_now()) {
    post_step();
    return;
  }
  // One descriptor per fd: GLib may list an fd once per source polling it.
  std::map<int, gushort> wanted;
  for (int i = 0; i < nfds; ++i)
    if (fds[i].fd >= 0 && fds[i].events != 0) wanted[fds[i].fd] |= fds[i].events;
  for (auto [fd, events] : wanted) watch(fd, events);
  if (timeout > 0) timer.start(std::chrono::milliseconds(timeout), [wake = waker()] { wake({}); });
}

void GlibLoop::State::step() {
  auto keep = shared_from_this();  // a GLib callback may destroy the GlibLoop
  ready_now();                     // fills revents as poll(2) would have
  if (g_main_context_check(context, max_priority, fds.data(), nfds)) g_main_context_dispatch(context);
  if (!stopped) arm();
}

void GlibLoop::State::post_step() {
  if (step_posted) return;
  step_posted = true;
  asio::post(io, [weak = weak_from_this()] {
    auto self = weak.lock();
    if (!self || self->stopped) return;
    self->step_posted = false;
    self->step();
  });
}

GlibLoop::GlibLoop(asio::io_context& io) : state_(std::make_shared<State>(io)) {
  if (!g_main_context_acquire(state_->context))
    throw std::runtime_error("GLib's default main context is owned by another thread");
  state_->arm();
}

GlibLoop::~GlibLoop() {
  state_->stopped = true;
  state_->unwatch();
  g_main_context_release(state_->context);
}

}  // namespace move
