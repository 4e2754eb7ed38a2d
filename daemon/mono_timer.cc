// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/mono_timer.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <cstdint>
#include <system_error>

namespace move {

namespace asio = boost::asio;

struct MonoTimer::Impl : std::enable_shared_from_this<Impl> {
  explicit Impl(asio::io_context& io) : fd(io) {
    int raw = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (raw < 0) throw std::system_error(errno, std::generic_category(), "timerfd_create");
    fd.assign(raw);
  }

  void set(std::chrono::nanoseconds after) {
    itimerspec spec{};  // all zero: disarmed
    if (after.count() >= 0) {
      // it_value zero would disarm: "at once" is the smallest step instead.
      const auto ns = std::max<std::int64_t>(1, after.count());
      spec.it_value.tv_sec = static_cast<std::time_t>(ns / 1'000'000'000);
      spec.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
    }
    if (::timerfd_settime(fd.native_handle(), 0, &spec, nullptr) < 0)
      throw std::system_error(errno, std::generic_category(), "timerfd_settime");
  }

  void wait() {
    if (waiting) return;
    waiting = true;
    using Fd = asio::posix::stream_descriptor;
    fd.async_wait(Fd::wait_read, [self = weak_from_this()](const boost::system::error_code& ec) {
      auto me = self.lock();
      if (!me) return;
      me->waiting = false;
      if (ec) return;
      std::uint64_t expirations = 0;
      // EAGAIN: re-armed or disarmed after it became readable; not a fire.
      if (::read(me->fd.native_handle(), &expirations, sizeof expirations) != sizeof expirations) {
        if (me->fire) me->wait();
        return;
      }
      auto fire = std::move(me->fire);
      me->fire = nullptr;
      if (fire) fire();
    });
  }

  asio::posix::stream_descriptor fd;
  std::function<void()> fire;
  bool waiting = false;
};

MonoTimer::MonoTimer(asio::io_context& io) : impl_(std::make_shared<Impl>(io)) {}

MonoTimer::~MonoTimer() {
  boost::system::error_code ec;
  impl_->fire = nullptr;
  impl_->fd.cancel(ec);
}

void MonoTimer::start(std::chrono::milliseconds after, std::function<void()> fire) {
  impl_->fire = std::move(fire);
  impl_->set(std::max(after, std::chrono::milliseconds(0)));
  impl_->wait();
}

void MonoTimer::cancel() {
  impl_->fire = nullptr;
  impl_->set(std::chrono::nanoseconds(-1));
}

}  // namespace move
