// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/wall_timer.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <system_error>

namespace move {

namespace asio = boost::asio;

struct WallTimer::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, std::function<void(Why)> cb) : fd(io), on_wake(std::move(cb)) {
    int raw = ::timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    if (raw < 0) throw std::system_error(errno, std::generic_category(), "timerfd_create");
    fd.assign(raw);
  }

  void set(std::optional<Instant> deadline) {
    // Without a deadline, one far away still reports clock changes.
    Instant when = deadline.value_or(Instant{std::chrono::floor<Seconds>(std::chrono::system_clock::now())} +
                                     std::chrono::days(365));
    itimerspec spec{};
    spec.it_value.tv_sec = std::max<std::time_t>(1, static_cast<std::time_t>(when.time_since_epoch().count()));
    if (::timerfd_settime(fd.native_handle(), TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, nullptr) < 0)
      throw std::system_error(errno, std::generic_category(), "timerfd_settime");
  }

  void wait() {
    fd.async_wait(asio::posix::stream_descriptor::wait_read,
                  [self = weak_from_this()](const boost::system::error_code& ec) {
                    auto me = self.lock();
                    if (!me || ec) return;
                    std::uint64_t expirations = 0;
                    ssize_t n = ::read(me->fd.native_handle(), &expirations, sizeof expirations);
                    Why why = n < 0 && errno == ECANCELED ? Why::clock_changed : Why::deadline;
                    bool spurious = n < 0 && errno == EAGAIN;
                    me->wait();
                    if (!spurious) me->on_wake(why);
                  });
  }

  asio::posix::stream_descriptor fd;
  std::function<void(Why)> on_wake;
};

WallTimer::WallTimer(asio::io_context& io, std::function<void(Why)> on_wake)
    : impl_(std::make_shared<Impl>(io, std::move(on_wake))) {
  impl_->set(std::nullopt);
  impl_->wait();
}

WallTimer::~WallTimer() {
  boost::system::error_code ec;
  impl_->fd.cancel(ec);
}

void WallTimer::arm(std::optional<Instant> deadline) { impl_->set(deadline); }

}  // namespace move
