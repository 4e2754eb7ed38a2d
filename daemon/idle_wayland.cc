// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/idle_wayland.h"

#include <wayland-client.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "daemon/clock.h"
#include "daemon/log.h"
#include "lib/i18n.h"
#include "ext-idle-notify-v1-client-protocol.h"

namespace move {

namespace asio = boost::asio;

namespace {}  // namespace

struct WaylandIdle::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, Seconds threshold, WaylandIdle* source);
  ~Impl();

  WaylandIdle* owner;
  const Seconds threshold;
  wl_display* display = nullptr;
  wl_registry* registry = nullptr;
  wl_seat* seat = nullptr;
  ext_idle_notifier_v1* notifier = nullptr;
  ext_idle_notification_v1* notification = nullptr;
  bool reading = false;  ///< between wl_display_prepare_read and read/cancel
  bool lost = false;
  Presence reported = Presence::active;
  asio::posix::stream_descriptor fd;

  void pump();
  void on_readable();
  void disconnected(const char* what);
  void report(Presence p, Instant since);
};

WaylandIdle::Impl::Impl(asio::io_context& io, Seconds limit, WaylandIdle* source)
    : owner(source), threshold(std::max(limit, Seconds{1})), fd(io) {
  // wl_display_connect(nullptr) would try "wayland-0" without either.
  const char* name = std::getenv("WAYLAND_DISPLAY");
  if ((!name || !*name) && !std::getenv("WAYLAND_SOCKET")) throw std::runtime_error("WAYLAND_DISPLAY is not set");
  display = wl_display_connect(nullptr);
  if (!display)
    throw std::runtime_error(std::string("cannot connect to Wayland display ") + (name ? name : "") + ": " +
                             std::strerror(errno));
  static constexpr wl_registry_listener registry_listener{
      [](void* data, wl_registry* r, uint32_t id, const char* interface, uint32_t) {
        auto* self = static_cast<Impl*>(data);
        if (std::strcmp(interface, wl_seat_interface.name) == 0 && !self->seat)
          self->seat = static_cast<wl_seat*>(wl_registry_bind(r, id, &wl_seat_interface, 1));
        else if (std::strcmp(interface, ext_idle_notifier_v1_interface.name) == 0 && !self->notifier)
          self->notifier =
              static_cast<ext_idle_notifier_v1*>(wl_registry_bind(r, id, &ext_idle_notifier_v1_interface, 1));
      },
      [](void*, wl_registry*, uint32_t) {},
  };
  registry = wl_display_get_registry(display);
  wl_registry_add_listener(registry, &registry_listener, this);
  std::string why;
  if (wl_display_roundtrip(display) < 0)
    why = "the compositor closed the connection";
  else if (!notifier)
    why = "the compositor advertises no ext_idle_notifier_v1";
  else if (!seat)
    why = "the compositor advertises no wl_seat";
  if (!why.empty()) {
    if (notifier) ext_idle_notifier_v1_destroy(notifier);
    if (seat) wl_seat_destroy(seat);
    wl_registry_destroy(registry);
    wl_display_disconnect(display);
    throw std::runtime_error(why);
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(threshold).count();
  notification = ext_idle_notifier_v1_get_idle_notification(
      notifier, static_cast<uint32_t>(std::min<std::int64_t>(ms, UINT32_MAX)), seat);
  static constexpr ext_idle_notification_v1_listener notification_listener{
      [](void* data, ext_idle_notification_v1*) {
        auto* self = static_cast<Impl*>(data);
        self->report(Presence::idle, wall_now() - self->threshold);
      },
      [](void* data, ext_idle_notification_v1*) { static_cast<Impl*>(data)->report(Presence::active, wall_now()); },
  };
  ext_idle_notification_v1_add_listener(notification, &notification_listener, this);
  wl_display_flush(display);
  fd.assign(wl_display_get_fd(display));
}

WaylandIdle::Impl::~Impl() {
  fd.release();  // libwayland owns the fd
  if (reading) wl_display_cancel_read(display);
  ext_idle_notification_v1_destroy(notification);
  ext_idle_notifier_v1_destroy(notifier);
  wl_seat_destroy(seat);
  wl_registry_destroy(registry);
  if (!lost) wl_display_flush(display);
  wl_display_disconnect(display);
}

// libwayland's way for an external loop: dispatch what is queued, prepare
// to read, flush, wait for the fd, read, and again.
void WaylandIdle::Impl::pump() {
  while (wl_display_prepare_read(display) != 0)
    if (wl_display_dispatch_pending(display) < 0) return disconnected("dispatch");
  reading = true;
  if (wl_display_flush(display) < 0 && errno != EAGAIN) return disconnected("flush");
  fd.async_wait(asio::posix::stream_descriptor::wait_read,
                [weak = weak_from_this()](const boost::system::error_code& ec) {
                  auto self = weak.lock();
                  if (self && !ec) self->on_readable();
                });
}

void WaylandIdle::Impl::on_readable() {
  reading = false;
  if (wl_display_read_events(display) < 0) return disconnected("read");
  if (wl_display_dispatch_pending(display) < 0) return disconnected("dispatch");
  pump();
}

void WaylandIdle::Impl::disconnected(const char* what) {
  if (reading) wl_display_cancel_read(display);
  reading = false;
  lost = true;
  fd.release();
  // TRANSLATORS: %1$s is what failed (read, dispatch), %2$s the system's error text.
  log::warning(strprintf(_("wayland idle: lost the compositor (%1$s: %2$s); counting wall-clock time from now"), what,
                         std::strerror(errno)));
  report(Presence::active, wall_now());
}

void WaylandIdle::Impl::report(Presence p, Instant since) {
  if (p == reported) return;
  reported = p;
  if (owner && owner->on_change) owner->on_change(p, since);
}

WaylandIdle::WaylandIdle(asio::io_context& io, Seconds threshold) : impl_(std::make_shared<Impl>(io, threshold, this)) {
  // Events reach on_change from the loop, once the caller has set it.
  asio::post(io, [weak = std::weak_ptr<Impl>(impl_)] {
    if (auto self = weak.lock()) self->pump();
  });
}

WaylandIdle::~WaylandIdle() {
  impl_->owner = nullptr;
  impl_.reset();
}

}  // namespace move
