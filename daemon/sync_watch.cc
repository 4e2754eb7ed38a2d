// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/sync_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <cstring>

#include "lib/i18n.h"
#include "lib/sync.h"

namespace move {

namespace asio = boost::asio;

struct SyncWatch::Impl : std::enable_shared_from_this<Impl> {
  explicit Impl(asio::io_context& io) : fd(io) {}

  void wait() {
    fd.async_wait(asio::posix::stream_descriptor::wait_read,
                  [self = weak_from_this()](const boost::system::error_code& ec) {
                    auto me = self.lock();
                    if (!me || ec) return;
                    const bool alive = me->drain();
                    if (alive && self.lock()) me->wait();
                  });
  }

  /// False once the folder is gone (the watch then ends).
  bool drain() {
    alignas(inotify_event) char buf[8192];
    bool changed = false, gone = false;
    for (;;) {
      const ssize_t n = ::read(fd.native_handle(), buf, sizeof buf);
      if (n <= 0) break;
      for (char* p = buf; p < buf + n;) {
        auto* ev = reinterpret_cast<inotify_event*>(p);
        if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) gone = true;
        if (ev->len > 0 && (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) && journal_name(ev->name, own_host))
          changed = true;
        p += sizeof(inotify_event) + ev->len;
      }
    }
    // Copy the callbacks: either may replace this watch.
    auto change = on_change;
    auto lost = on_gone;
    if (changed && change) change();
    if (gone && lost) lost();
    return !gone;
  }

  asio::posix::stream_descriptor fd;
  std::string own_host;
  std::function<void()> on_change, on_gone;
};

SyncWatch::SyncWatch(asio::io_context& io, std::function<void()> on_change, std::function<void()> on_gone)
    : io_(io), on_change_(std::move(on_change)), on_gone_(std::move(on_gone)) {}

SyncWatch::~SyncWatch() { stop(); }

void SyncWatch::stop() {
  if (!impl_) return;
  boost::system::error_code ec;
  impl_->fd.cancel(ec);
  impl_.reset();
}

std::optional<std::string> SyncWatch::watch(const std::filesystem::path& dir, const std::string& own_host) {
  stop();
  const int raw = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (raw < 0) return std::string("inotify: ") + std::strerror(errno);
  auto impl = std::make_shared<Impl>(io_);
  impl->fd.assign(raw);
  if (::inotify_add_watch(raw, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR) <
      0)
    return strprintf(_("cannot watch %1$s: %2$s"), dir.c_str(), std::strerror(errno));
  impl->own_host = own_host;
  impl->on_change = on_change_;
  impl->on_gone = [this] {
    impl_.reset();  // the watch ends with its folder
    if (on_gone_) on_gone_();
  };
  impl->wait();
  impl_ = std::move(impl);
  return std::nullopt;
}

}  // namespace move
