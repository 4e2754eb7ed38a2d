// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/listen_socket.h"

#include <systemd/sd-daemon.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>

#include "daemon/log.h"
#include "lib/i18n.h"
#include "lib/private_folder.h"

namespace move {
namespace fs = std::filesystem;

namespace {

std::string errno_text(int err) { return std::strerror(err); }

sockaddr_un unix_address(const fs::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string& s = path.native();
  if (s.size() >= sizeof addr.sun_path)
    throw std::runtime_error(strprintf(_("socket path %1$s is too long (%2$zu bytes, at most %3$zu)"), s.c_str(),
                                       s.size(), sizeof addr.sun_path - 1));
  std::memcpy(addr.sun_path, s.c_str(), s.size() + 1);
  return addr;
}

/// Creates `dir` (and missing parents) 0700 and makes sure it is ours and
/// closed to others; refuses it otherwise. A folder we did not make may be
/// the user's own (a home folder given with --socket): never change its mode,
/// say what to do.
void prepare_folder(const fs::path& dir) {
  create_private_folders(dir, N_("socket folder"));
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0)
    throw std::runtime_error(
        strprintf(_("cannot use socket folder %1$s: %2$s"), dir.c_str(), errno_text(errno).c_str()));
  const auto problem = private_folder_problem(dir, st, ::geteuid(), N_("socket folder"));
  if (!problem) return;
  switch (problem->kind) {
    case FolderProblem::Kind::not_a_folder: throw std::runtime_error(problem->message);
    case FolderProblem::Kind::foreign: throw std::runtime_error(problem->message + _("; refusing to listen there"));
    case FolderProblem::Kind::shared: throw std::runtime_error(problem->message + _("; use a folder of its own"));
    case FolderProblem::Kind::open:
      throw std::runtime_error(problem->message +
                               strprintf(_("; make it 0700 (chmod 700 %s) or choose another --socket"), dir.c_str()));
  }
}

/// Holds "<socket>.lock" (flock) for the server's life, so two servers
/// starting at the same moment cannot both take the socket path.
Fd take_lock(const fs::path& socket) {
  const std::string lock_path = socket.native() + ".lock";
  Fd fd(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (fd.get() < 0)
    throw std::runtime_error(strprintf(_("cannot open %1$s: %2$s"), lock_path.c_str(), errno_text(errno).c_str()));
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) throw AlreadyRunning(socket);
    throw std::runtime_error(strprintf(_("cannot lock %1$s: %2$s"), lock_path.c_str(), errno_text(errno).c_str()));
  }
  return fd;
}

/// A socket file already at `socket`: AlreadyRunning when something accepts
/// connections on it, removed when nothing does (left by a crash).
void clear_stale(const fs::path& socket, const sockaddr_un& addr) {
  struct stat st {};
  if (::lstat(socket.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw std::runtime_error(strprintf(_("cannot check %1$s: %2$s"), socket.c_str(), errno_text(errno).c_str()));
  }
  if (!S_ISSOCK(st.st_mode))
    throw std::runtime_error(strprintf(_("%s exists and is not a socket; refusing to replace it"), socket.c_str()));
  Fd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (probe.get() < 0) throw std::runtime_error("socket: " + errno_text(errno));
  if (::connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) throw AlreadyRunning(socket);
  const int err = errno;
  if (err == EAGAIN || err == EINPROGRESS) throw AlreadyRunning(socket);  // a listener with a full backlog
  if (err != ECONNREFUSED)
    throw std::runtime_error(strprintf(_("cannot check %1$s: %2$s"), socket.c_str(), errno_text(err).c_str()));
  // TRANSLATORS: a socket file nobody listens on (a moved that ended without removing it).
  log::info(strprintf(_("removing stale socket %1$s"), socket.c_str()));
  if (::unlink(socket.c_str()) != 0 && errno != ENOENT)
    throw std::runtime_error(
        strprintf(_("cannot remove stale socket %1$s: %2$s"), socket.c_str(), errno_text(errno).c_str()));
}

/// Binds and listens; the socket is 0600 from the moment it exists.
Fd bind_socket(const fs::path& socket, const sockaddr_un& addr) {
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) throw std::runtime_error("socket: " + errno_text(errno));
  const mode_t old_mask = ::umask(0177);  // moved is single-threaded while it starts
  const int rc = ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  const int err = errno;
  ::umask(old_mask);
  if (rc != 0) {
    if (err == EADDRINUSE) throw AlreadyRunning(socket);
    throw std::runtime_error(strprintf(_("cannot bind %1$s: %2$s"), socket.c_str(), errno_text(err).c_str()));
  }
  if (::chmod(socket.c_str(), 0600) != 0)
    throw std::runtime_error(
        strprintf(_("cannot make %1$s private (chmod 600): %2$s"), socket.c_str(), errno_text(errno).c_str()));
  if (::listen(fd.get(), SOMAXCONN) != 0)
    throw std::runtime_error(strprintf(_("cannot listen on %1$s: %2$s"), socket.c_str(), errno_text(errno).c_str()));
  return fd;
}

/// The first socket systemd passed (LISTEN_FDS), or -1 when there is none.
int activated_socket() {
  const int n = ::sd_listen_fds(1);
  if (n < 0) {
    log::warning("sd_listen_fds: " + errno_text(-n));
    return -1;
  }
  if (n == 0) return -1;
  if (n > 1)
    log::warning(strprintf(P_("systemd passed %1$d socket; using the first",
                              "systemd passed %1$d sockets; using the first", static_cast<unsigned long>(n)),
                           n));
  const int fd = SD_LISTEN_FDS_START;
  if (::sd_is_socket_unix(fd, SOCK_STREAM, 1, nullptr, 0) <= 0)
    throw std::runtime_error(
        strprintf(_("the socket systemd passed (fd %d) is not a listening Unix stream socket"), fd));
  return fd;
}

/// The path a listening Unix socket is bound to, empty when it has none.
fs::path bound_path(int fd) {
  sockaddr_un addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 || len <= offsetof(sockaddr_un, sun_path) ||
      addr.sun_path[0] == '\0')
    return {};
  return fs::path(std::string(addr.sun_path, strnlen(addr.sun_path, len - offsetof(sockaddr_un, sun_path))));
}

}  // namespace

ListenSocket open_listen_socket(const fs::path& path, bool socket_activation) {
  ListenSocket s;
  if (socket_activation) {
    if (const int fd = activated_socket(); fd >= 0) {
      s.fd = Fd(fd);
      s.activated = true;
      s.path = bound_path(fd);
      if (s.path.empty()) s.path = path;
      log::info(strprintf(_("listening on %1$s (socket activation)"), s.path.c_str()));
      return s;
    }
  }
  s.path = fs::absolute(path);
  const sockaddr_un addr = unix_address(s.path);
  prepare_folder(s.path.parent_path());
  s.lock = take_lock(s.path);
  clear_stale(s.path, addr);
  s.fd = bind_socket(s.path, addr);
  struct stat st {};
  if (::stat(s.path.c_str(), &st) == 0) {
    s.dev = st.st_dev;
    s.ino = st.st_ino;
  }
  log::info(strprintf(_("listening on %1$s"), s.path.c_str()));
  return s;
}

void remove_socket_file(const ListenSocket& s) {
  if (s.activated) return;
  struct stat st {};
  if (::lstat(s.path.c_str(), &st) != 0) return;
  if (st.st_dev != s.dev || st.st_ino != s.ino) {
    log::warning(strprintf(_("not removing %1$s: it is no longer the socket this server bound"), s.path.c_str()));
    return;
  }
  if (::unlink(s.path.c_str()) != 0)
    log::warning(strprintf(_("cannot remove %1$s: %2$s"), s.path.c_str(), errno_text(errno).c_str()));
}

}  // namespace move
