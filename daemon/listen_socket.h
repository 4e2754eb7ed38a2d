// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// moved's listening socket, before Asio sees it (plain POSIX): the one
/// systemd passed (socket activation, as MPD's Listen.cxx tries first), or
/// one bound at the socket path with the folder and file permissions that
/// keep other users out.

#include <sys/types.h>

#include <filesystem>
#include <stdexcept>

#include "daemon/fd.h"

#include "lib/i18n.h"

namespace move {

/// Thrown when another moved already listens on the socket path.
class AlreadyRunning : public std::runtime_error {
 public:
  explicit AlreadyRunning(const std::filesystem::path& socket)
      : std::runtime_error(strprintf(_("moved is already running on %s"), socket.c_str())) {}
};

struct ListenSocket {
  Fd fd;                       ///< listening, SOCK_CLOEXEC
  std::filesystem::path path;  ///< absolute; with activation, what systemd bound
  bool activated = false;      ///< passed by systemd: never remove its file
  Fd lock;                     ///< "<path>.lock", held (flock) while listening
  dev_t dev = 0;               ///< identity of the file bound, to remove only ours
  ino_t ino = 0;
};

/// With socket_activation and a socket from systemd (sd_listen_fds): adopts
/// it. Otherwise creates the socket's folder (0700; an existing one must be
/// ours, not sticky, closed to others), takes the lock, removes a stale
/// socket file, binds 0600 and listens. Throws AlreadyRunning when another
/// process answers at `path`, std::runtime_error naming the path and the
/// reason for anything else.
ListenSocket open_listen_socket(const std::filesystem::path& path, bool socket_activation);

/// Removes the socket file when it is still the one `socket` bound (never
/// with activation); says in the log when it is not.
void remove_socket_file(const ListenSocket& socket);

}  // namespace move
