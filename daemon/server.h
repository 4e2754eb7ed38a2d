// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// moved's Unix stream socket server (docs/design.md, "Wire protocol").
///
/// The server frames lines, decodes them (lib/protocol.h), calls the Handler,
/// encodes its reply and queues it. Handlers never touch the transport. On one
/// connection requests are answered in order; every socket operation is
/// asynchronous, so a stalled client slows no one else.
///
/// Thread: everything runs on the io_context's thread. Server's methods and
/// the Handler must only be called / run there. Not copyable or movable.

#include <boost/json/object.hpp>

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "daemon/listen_socket.h"

namespace boost::asio {
class io_context;
}

namespace move {

/// One client connection, as handlers see it. Owned by the server; valid
/// during the Handler call only (do not keep the reference).
class Session {
 public:
  virtual ~Session() = default;
  /// Makes this connection a watcher: Server::broadcast reaches it from now
  /// on. False when ServerOptions::max_watchers are watching already.
  virtual bool subscribe() = 0;
  virtual bool subscribed() const = 0;
  /// The peer's credentials (SO_PEERCRED); always our own uid, others are refused.
  virtual uid_t peer_uid() const = 0;
  virtual pid_t peer_pid() const = 0;
};

struct ServerOptions {
  /// Adopt a listening socket passed by systemd (sd_listen_fds) when there is one.
  bool socket_activation = true;
  /// Connections beyond this get a "busy" error reply and are closed, after
  /// the quietest non-watcher was dropped to make room.
  std::size_t max_clients = 256;
  /// At most this many of them may watch (fewer than max_clients, so that
  /// watchers can never lock the others out); `watch` beyond is "busy".
  std::size_t max_watchers = 64;
  /// Bytes of unsent output a watcher may have before it is dropped; also the
  /// point at which a client that sends requests without reading replies
  /// stops being read until it catches up.
  std::size_t max_queue = 1024 * 1024;
};

class Server {
 public:
  /// Computes the reply to one decoded request (it has a string "cmd").
  /// What it throws becomes an error reply in reply_to_current_exception
  /// (an unexpected exception also a log line). Runs on the io thread.
  using Handler = std::function<boost::json::object(const boost::json::object& request, Session& session)>;

  /// Starts listening at once. Without socket activation it creates the
  /// socket's folder (0700, must be ours), replaces a stale socket file and
  /// binds the socket 0600. Throws AlreadyRunning when another process
  /// answers on `socket`, std::runtime_error (with the path and reason) for
  /// anything else that keeps it from listening.
  Server(boost::asio::io_context& io, std::filesystem::path socket, Handler handler, ServerOptions options = {});
  /// stop()s. Destroy the Server before its io_context.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Writes `event` as one line to every subscribed session. A watcher whose
  /// unsent output would exceed ServerOptions::max_queue is dropped.
  void broadcast(const boost::json::object& event);

  /// Closes the listener and every connection and removes the socket file
  /// (only when this server bound it, not with socket activation). Idempotent.
  void stop();

  /// The path bound (made absolute); with socket activation, the path of the
  /// socket systemd passed.
  const std::filesystem::path& socket_path() const;
  bool socket_activated() const;
  /// Open client connections.
  std::size_t connection_count() const;
  /// Bytes of replies and events queued for all connections, not yet written.
  std::size_t queued_bytes() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace move
