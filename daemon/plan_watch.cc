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
  Impl(asio::io_context& io, const std::filesystem::path& plan) : fd(io), plan(plan) {
    int raw = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (raw < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
    fd.assign(raw);
    link = watch(plan);
    follow_link();
  }

  /// One watched name: the plan's, or the file a symbolic plan points to.
  struct Watched {
    int wd = -1;
    std::string name;
  };

  Watched watch(const std::filesystem::path& file) {
    std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    int wd = ::inotify_add_watch(fd.native_handle(), dir.c_str(),
                                 IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM);
    if (wd < 0) throw std::system_error(errno, std::generic_category(), "inotify_add_watch " + dir.string());
    return {wd, file.filename().string()};
  }

  /// A plan that is a symbolic link (dotfiles): the file it points to is
  /// watched too, so that editing it is seen; again after every change, in
  /// case the link now points elsewhere.
  void follow_link() {
    const Watched old = target;
    target = {};
    std::error_code ec;
    if (std::filesystem::is_symlink(std::filesystem::symlink_status(plan, ec))) {
      std::filesystem::path real = std::filesystem::weakly_canonical(plan, ec);
      try {
        if (!ec && !real.empty()) target = watch(real);
      } catch (const std::system_error&) {
        target = {};  // the target's folder is gone: the link is watched still
      }
    }
    // A folder watched twice has one watch: drop the old one only if unshared.
    if (old.wd >= 0 && old.wd != link.wd && old.wd != target.wd) ::inotify_rm_watch(fd.native_handle(), old.wd);
  }

  bool is_plan(const inotify_event& ev) const {
    if (ev.len == 0) return false;
    return (ev.wd == link.wd && link.name == ev.name) || (ev.wd == target.wd && target.name == ev.name);
  }

  void wait() {
    fd.async_wait(asio::posix::stream_descriptor::wait_read,
                  [self = weak_from_this()](const boost::system::error_code& ec) {
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
        if (is_plan(*ev)) {
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
    if (changed || gone) follow_link();  // (a watch added again for the same folder keeps its number)
    if (changed && on_change) on_change();
    if (gone && on_gone) on_gone();
  }

  asio::posix::stream_descriptor fd;
  std::filesystem::path plan;
  Watched link, target;
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
