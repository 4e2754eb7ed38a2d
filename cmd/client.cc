// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/client.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "lib/i18n.h"
#include "lib/private_folder.h"
#include "lib/protocol.h"

namespace move {

namespace {

/// Before anything is sent: the socket's folder must be ours and closed to
/// others, as moved makes it, or someone else may be listening there (e.g. a
/// /tmp/move-$UID made first by another user). A missing folder is left to
/// connect() to report.
void check_folder(const std::filesystem::path& socket) {
  const std::filesystem::path dir = socket.has_parent_path() ? socket.parent_path() : ".";
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return;
  if (auto problem = private_folder_problem(dir, st, ::geteuid(), N_("socket folder"));
      problem && problem->kind != FolderProblem::Kind::not_a_folder)
    throw UntrustedSocket(problem->message + _("; refusing to talk to a moved there"));
}

/// After connect(): the listener must run as us (SO_PEERCRED).
void check_peer(int fd, const std::filesystem::path& socket) {
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
    throw UntrustedSocket(strprintf(_("cannot tell who listens on %1$s: %2$s"), socket.c_str(), std::strerror(errno)));
  const uid_t me = ::geteuid();
  if (cred.uid != me)
    throw UntrustedSocket(strprintf(_("the server on %1$s runs as uid %2$u (pid %3$d), not as you (uid %4$u); refusing "
                                      "to send it anything"),
                                    socket.c_str(), static_cast<unsigned>(cred.uid), static_cast<int>(cred.pid),
                                    static_cast<unsigned>(me)));
}

}  // namespace

Client::Client(const std::filesystem::path& socket) : socket_(socket) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string path = socket.string();
  if (path.size() >= sizeof addr.sun_path) throw NoDaemon(strprintf(_("socket path too long: %s"), path.c_str()));
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  check_folder(socket);
  fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw NoDaemon(strprintf(_("cannot make a socket: %s"), std::strerror(errno)));
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw NoDaemon(strprintf(_("moved is not running (no answer on %1$s: %2$s); start it with `systemctl --user start "
                               "moved` or `moved &`"),
                             path.c_str(), std::strerror(err)));
  }
  try {
    check_peer(fd_, socket);
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

Client::~Client() {
  if (fd_ >= 0) ::close(fd_);
}

bool Client::read_line(std::string& line) {
  for (;;) {
    auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return true;
    }
    char chunk[65536];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

boost::json::object Client::call(const boost::json::object& request) {
  std::string out = encode(request);
  for (std::size_t sent = 0; sent < out.size();) {
    ssize_t n = ::send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw NoDaemon(strprintf(_("lost the connection to moved on %s"), socket_.c_str()));
    sent += static_cast<std::size_t>(n);
  }
  std::string line;
  if (!read_line(line)) throw NoDaemon(strprintf(_("moved closed the connection on %s"), socket_.c_str()));
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  if (ec || !v.is_object())
    throw NoDaemon(strprintf(_("moved sent something that is not JSON on %s"), socket_.c_str()));
  return v.as_object();
}

}  // namespace move
