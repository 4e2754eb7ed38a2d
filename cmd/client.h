// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// movectl's side of the wire: one connection to moved, one JSON line out,
// one back (docs/design.md, "Wire protocol").

#include <boost/json/object.hpp>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace move {

/// No daemon answered at the socket; what() says where it looked.
class NoDaemon : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Something listens at the socket that may not be moved of this user: the
/// socket's folder is another user's or open to others, or the listener runs
/// as another uid. Nothing was sent. A NoDaemon: no trusted daemon answered.
class UntrustedSocket : public NoDaemon {
 public:
  using NoDaemon::NoDaemon;
};

class Client {
 public:
  /// Connects; throws NoDaemon, UntrustedSocket (before sending anything).
  explicit Client(const std::filesystem::path& socket);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Sends one request and waits for its reply. Throws NoDaemon when the
  /// connection breaks.
  boost::json::object call(const boost::json::object& request);
  /// Reads the next line (for `watch`); false at end of stream.
  bool read_line(std::string& line);

 private:
  std::filesystem::path socket_;
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace move
