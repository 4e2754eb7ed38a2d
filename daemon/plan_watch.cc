// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/plan_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <system_error>

namespace move {

namespace asio = boost::asio;

struct PlanWatch::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, const std::filesystem::path& plan) : fd(io), name(plan.filename().string()) {
    int raw = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (raw < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
    fd.assign(raw);
    std::filesystem::path dir = plan.has_parent_path() ? plan.parent_path() : std::filesystem::path(".");
    if (::inotify_add_watch(raw, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM) < 0)
      throw std::system_error(errno, std::generic_category(), "inotify_add_watch " + dir.string());
  }

  void wait() {
    fd.async_wait(asio::posix::stream_descriptor::wait_read, [self = weak_from_this()](const boost::system::error_code& ec) {
      auto me = self.lock();
      if (!me || ec) return;
      me->drain();
      me->wait();
    });
  }

  void drain() {
    alignas(inotify_event) char buf[8192];
    bool changed = false, gone = false;
    for (;;) {
      ssize_t n = ::read(fd.native_handle(), buf, sizeof buf);
      if (n <= 0) break;
      for (char* p = buf; p < buf + n;) {
        auto* ev = reinterpret_cast<inotify_event*>(p);
        if (ev->len > 0 && name == ev->name) {
          if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) gone = true;
          // IN_CREATE alone may be an empty file about to be written: wait
          // for its IN_CLOSE_WRITE.
          if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
            changed = true;
            gone = false;
          }
        }
        p += sizeof(inotify_event) + ev->len;
      }
    }
    if (changed && on_change) on_change();
    if (gone && on_gone) on_gone();
  }

  asio::posix::stream_descriptor fd;
  std::string name;
  std::function<void()> on_change, on_gone;
};

PlanWatch::PlanWatch(asio::io_context& io, const std::filesystem::path& plan, std::function<void()> on_change,
                     std::function<void()> on_gone)
    : impl_(std::make_shared<Impl>(io, plan)) {
  impl_->on_change = std::move(on_change);
  impl_->on_gone = std::move(on_gone);
  impl_->wait();
}

PlanWatch::~PlanWatch() {
  boost::system::error_code ec;
  impl_->fd.cancel(ec);
}

}  // namespace move
