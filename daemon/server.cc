// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/write.hpp>
#include <systemd/sd-daemon.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daemon/log.h"
#include "daemon/mono_timer.h"
#include "lib/protocol.h"

namespace move {
namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::local::stream_protocol;
using boost::system::error_code;

namespace {

// ---- Setting up the listening socket (plain POSIX; handed to Asio after) ----

std::string errno_text(int err) { return std::strerror(err); }

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

/// Closes a file descriptor on scope exit unless released.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

sockaddr_un unix_address(const fs::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string& s = path.native();
  if (s.size() >= sizeof addr.sun_path)
    throw std::runtime_error("socket path " + s + " is too long (" + std::to_string(s.size()) + " bytes, at most " +
                             std::to_string(sizeof addr.sun_path - 1) + ")");
  std::memcpy(addr.sun_path, s.c_str(), s.size() + 1);
  return addr;
}

/// Creates `dir` (and missing parents) 0700 and makes sure it is ours and
/// closed to others; refuses it otherwise.
void prepare_folder(const fs::path& dir) {
  fs::path partial;
  for (const fs::path& part : dir) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
      throw std::runtime_error("cannot create socket folder " + partial.string() + ": " + errno_text(errno));
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0)
    throw std::runtime_error("cannot use socket folder " + dir.string() + ": " + errno_text(errno));
  if (!S_ISDIR(st.st_mode)) throw std::runtime_error("socket folder " + dir.string() + " is not a folder");
  const uid_t me = ::geteuid();
  if (st.st_uid != me)
    throw std::runtime_error("socket folder " + dir.string() + " belongs to uid " + std::to_string(st.st_uid) +
                             ", not to uid " + std::to_string(me) + "; refusing to listen there");
  if (st.st_mode & S_ISVTX)
    throw std::runtime_error("socket folder " + dir.string() + " is a shared folder (sticky bit, mode " +
                             octal_mode(st.st_mode) + "); use a folder of its own");
  // A folder we did not make may be the user's own (a home folder given
  // with --socket): never change its mode, say what to do.
  if (st.st_mode & 077)
    throw std::runtime_error("socket folder " + dir.string() + " is open to other users (mode " +
                             octal_mode(st.st_mode) + "); make it 0700 (chmod 700 " + dir.string() +
                             ") or choose another --socket");
}

/// Holds "<socket>.lock" (flock) for the server's life, so two servers
/// starting at the same moment cannot both take the socket path.
Fd take_lock(const fs::path& socket) {
  const std::string lock_path = socket.native() + ".lock";
  Fd fd(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (fd.get() < 0) throw std::runtime_error("cannot open " + lock_path + ": " + errno_text(errno));
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) throw AlreadyRunning(socket);
    throw std::runtime_error("cannot lock " + lock_path + ": " + errno_text(errno));
  }
  return fd;
}

/// A socket file already at `socket`: AlreadyRunning when something accepts
/// connections on it, removed when nothing does (left by a crash).
void clear_stale(const fs::path& socket, const sockaddr_un& addr) {
  struct stat st {};
  if (::lstat(socket.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw std::runtime_error("cannot check " + socket.string() + ": " + errno_text(errno));
  }
  if (!S_ISSOCK(st.st_mode))
    throw std::runtime_error(socket.string() + " exists and is not a socket; refusing to replace it");
  Fd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (probe.get() < 0) throw std::runtime_error("socket: " + errno_text(errno));
  if (::connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) throw AlreadyRunning(socket);
  const int err = errno;
  if (err == EAGAIN || err == EINPROGRESS) throw AlreadyRunning(socket);  // a listener with a full backlog
  if (err != ECONNREFUSED) throw std::runtime_error("cannot check " + socket.string() + ": " + errno_text(err));
  log::info("removing stale socket " + socket.string());
  if (::unlink(socket.c_str()) != 0 && errno != ENOENT)
    throw std::runtime_error("cannot remove stale socket " + socket.string() + ": " + errno_text(errno));
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
    throw std::runtime_error("cannot bind " + socket.string() + ": " + errno_text(err));
  }
  if (::chmod(socket.c_str(), 0600) != 0)
    throw std::runtime_error("cannot chmod " + socket.string() + ": " + errno_text(errno));
  if (::listen(fd.get(), SOMAXCONN) != 0)
    throw std::runtime_error("cannot listen on " + socket.string() + ": " + errno_text(errno));
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
  if (n > 1) log::warning("systemd passed " + std::to_string(n) + " sockets; using the first");
  const int fd = SD_LISTEN_FDS_START;
  if (::sd_is_socket_unix(fd, SOCK_STREAM, 1, nullptr, 0) <= 0)
    throw std::runtime_error("the socket systemd passed (fd " + std::to_string(fd) +
                             ") is not a listening Unix stream socket");
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

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

}  // namespace

// ---- The server and its connections ----

class Server::Impl : public std::enable_shared_from_this<Server::Impl> {
 public:
  class Connection;

  Impl(asio::io_context& io, fs::path socket, Server::Handler handler, ServerOptions options)
      : path_(std::move(socket)), handler_(std::move(handler)), options_(options), acceptor_(io), retry_(io) {}

  void listen();
  void broadcast(const boost::json::object& event);
  void stop();
  void forget(Connection* c) { connections_.erase(c); }

  const fs::path& path() const { return path_; }
  bool activated() const { return activated_; }
  bool stopped() const { return stopped_; }
  std::size_t count() const { return connections_.size(); }
  const Handler& handler() const { return handler_; }
  const ServerOptions& options() const { return options_; }

 private:
  void accept();
  void on_accept(const error_code& ec, stream_protocol::socket socket);
  void admit(stream_protocol::socket socket);
  void remove_socket_file();

  fs::path path_;
  Handler handler_;
  ServerOptions options_;
  stream_protocol::acceptor acceptor_;
  MonoTimer retry_;  // pause after accept fails for lack of descriptors (not an Asio timer: mono_timer.h)
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections_;
  std::uint64_t next_id_ = 1;
  bool activated_ = false;
  bool stopped_ = false;
  Fd lock_;
  dev_t dev_ = 0;  // identity of the socket file we bound, to remove only ours
  ino_t ino_ = 0;
};

/// One client. Kept alive by the server's table and by its pending
/// operations; every completion first checks closed_.
class Server::Impl::Connection final : public Session, public std::enable_shared_from_this<Connection> {
 public:
  Connection(std::shared_ptr<Impl> server, stream_protocol::socket socket, const ucred& cred, std::uint64_t id)
      : server_(std::move(server)), socket_(std::move(socket)), cred_(cred), id_(id) {}

  void start() { read(); }

  void subscribe() override { subscribed_ = true; }
  bool subscribed() const override { return subscribed_; }
  uid_t peer_uid() const override { return cred_.uid; }
  pid_t peer_pid() const override { return cred_.pid; }

  std::string name() const { return "client " + std::to_string(id_) + " (pid " + std::to_string(cred_.pid) + ")"; }
  /// Bytes queued and not yet written.
  std::size_t queued() const { return outbox_.size() + wire_.size(); }
  /// When it last sent a whole request (or connected).
  std::chrono::steady_clock::time_point last_request() const { return last_request_; }

  /// Queues one encoded line.
  void send(std::string_view line) {
    if (closed_) return;
    outbox_ += line;
    if (!writing_) write();
  }

  /// Closes at once. The caller holds a reference: forget() may drop the last other one.
  void close() {
    if (closed_) return;
    closed_ = true;
    error_code ignored;
    socket_.close(ignored);
    server_->forget(this);
    log::debug(name() + " disconnected");
  }

 private:
  void read() {
    if (closed_ || closing_ || reading_) return;
    if (queued() > server_->options().max_queue) return;  // it doesn't read its replies; on_write resumes
    reading_ = true;
    socket_.async_read_some(asio::buffer(buf_), [self = shared_from_this()](const error_code& ec, std::size_t n) {
      self->on_read(ec, n);
    });
  }

  void on_read(const error_code& ec, std::size_t n) {
    reading_ = false;
    if (closed_) return;
    if (ec == asio::error::eof) {
      if (!is_blank(in_)) log::debug(name() + " hung up in the middle of a line");
      close_after_write();
      return;
    }
    if (ec) {
      log::debug(name() + ": " + ec.message());
      close();
      return;
    }
    in_.append(buf_.data(), n);
    process();
    read();
  }

  /// Handles every complete line in in_.
  void process() {
    std::size_t start = 0;
    while (!closed_ && !closing_) {
      const std::size_t nl = in_.find('\n', scan_);
      if (nl == std::string::npos) {
        scan_ = in_.size();
        if (in_.size() - start > kMaxLine) too_long();
        break;
      }
      scan_ = nl + 1;
      if (nl - start > kMaxLine) {
        too_long();
        break;
      }
      handle(std::string_view(in_).substr(start, nl - start));
      start = nl + 1;
    }
    in_.erase(0, start);
    scan_ -= start;
  }

  /// One request line -> one reply line. Blank lines are ignored.
  void handle(std::string_view line) {
    last_request_ = std::chrono::steady_clock::now();
    if (is_blank(line)) return;
    boost::json::object reply;
    try {
      boost::json::object request = decode_request(line);
      reply = server_->handler()(request, *this);
    } catch (const ProtocolError& e) {
      reply = error_reply(e);
    } catch (const std::exception& e) {
      log::warning(name() + ": internal error: " + e.what());
      reply = error_reply(code::kInternal, std::string("internal error: ") + e.what());
    }
    send(encode(reply));
  }

  void too_long() {
    log::info(name() + " sent a line over " + std::to_string(kMaxLine) + " bytes; closing it");
    send(encode(error_reply(code::kLineTooLong, "request line too long (over " + std::to_string(kMaxLine) + " bytes)")));
    close_after_write();
  }

  /// Reads no more; closes once what is queued has been written.
  void close_after_write() {
    closing_ = true;
    if (!writing_) finish();
  }

  void finish() {
    error_code ignored;
    socket_.shutdown(stream_protocol::socket::shutdown_send, ignored);
    close();
  }

  void write() {
    wire_.swap(outbox_);  // wire_ is empty while not writing
    writing_ = true;
    asio::async_write(socket_, asio::buffer(wire_),
                      [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(const error_code& ec) {
    writing_ = false;
    wire_.clear();
    if (closed_) return;
    if (ec) {
      log::debug(name() + ": " + ec.message());
      close();
      return;
    }
    if (!outbox_.empty()) write();
    if (closing_) {
      if (!writing_) finish();
      return;
    }
    read();
  }

  std::shared_ptr<Impl> server_;
  stream_protocol::socket socket_;
  ucred cred_;
  std::uint64_t id_;
  std::array<char, 4096> buf_{};
  std::string in_;         // received, not yet handled
  std::size_t scan_ = 0;   // in_ before this has no '\n'
  std::string outbox_;     // queued, not yet handed to async_write
  std::string wire_;       // being written
  bool reading_ = false;
  bool writing_ = false;
  bool closing_ = false;   // close once the output is written
  bool closed_ = false;
  bool subscribed_ = false;
  std::chrono::steady_clock::time_point last_request_ = std::chrono::steady_clock::now();
};

void Server::Impl::listen() {
  if (options_.socket_activation) {
    if (const int fd = activated_socket(); fd >= 0) {
      acceptor_.assign(stream_protocol(), fd);
      activated_ = true;
      if (fs::path bound = bound_path(fd); !bound.empty()) path_ = std::move(bound);
      log::info("listening on " + path_.string() + " (socket activation)");
      accept();
      return;
    }
  }
  path_ = fs::absolute(path_);
  const sockaddr_un addr = unix_address(path_);
  prepare_folder(path_.parent_path());
  lock_ = take_lock(path_);
  clear_stale(path_, addr);
  Fd fd = bind_socket(path_, addr);
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    dev_ = st.st_dev;
    ino_ = st.st_ino;
  }
  acceptor_.assign(stream_protocol(), fd.get());
  fd.release();
  log::info("listening on " + path_.string());
  accept();
}

void Server::Impl::accept() {
  acceptor_.async_accept([self = shared_from_this()](const error_code& ec, stream_protocol::socket socket) {
    self->on_accept(ec, std::move(socket));
  });
}

void Server::Impl::on_accept(const error_code& ec, stream_protocol::socket socket) {
  if (stopped_) return;
  if (ec) {
    log::warning("accept on " + path_.string() + ": " + ec.message());
    if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
      // Retrying at once would spin; give descriptors a moment to come back.
      retry_.start(std::chrono::milliseconds(100), [weak = weak_from_this()] {
        if (auto self = weak.lock(); self && !self->stopped_) self->accept();
      });
      return;
    }
    accept();
    return;
  }
  admit(std::move(socket));
  accept();
}

void Server::Impl::admit(stream_protocol::socket socket) {
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
    log::warning("refused a client: SO_PEERCRED: " + errno_text(errno));
    return;  // the socket closes as it goes out of scope
  }
  if (cred.uid != ::geteuid()) {
    log::warning("refused a client of uid " + std::to_string(cred.uid) + " (pid " + std::to_string(cred.pid) +
                 "): moved serves uid " + std::to_string(::geteuid()) + " only");
    return;
  }
  if (connections_.size() >= options_.max_clients) {
    // Make room by dropping the client that has been quiet the longest (a
    // stalled half line, a forgotten connection), never a watcher.
    Connection* quietest = nullptr;
    for (const auto& [raw, conn] : connections_)
      if (!conn->subscribed() && (!quietest || conn->last_request() < quietest->last_request())) quietest = raw;
    if (quietest) {
      log::info("dropped " + quietest->name() + ", quiet the longest, to make room for a new client");
      auto keep = connections_.at(quietest);
      keep->close();
    }
  }
  if (connections_.size() >= options_.max_clients) {
    log::warning("refused a client (pid " + std::to_string(cred.pid) + "): already " +
                 std::to_string(connections_.size()) + " clients");
    // The socket is new, its buffer empty: this small write cannot block.
    const std::string line =
        encode(error_reply(code::kBusy, "too many clients (" + std::to_string(options_.max_clients) + ")"));
    [[maybe_unused]] auto n = ::send(socket.native_handle(), line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    return;
  }
  auto c = std::make_shared<Connection>(shared_from_this(), std::move(socket), cred, next_id_++);
  connections_.emplace(c.get(), c);
  log::debug(c->name() + " connected");
  c->start();
}

void Server::Impl::broadcast(const boost::json::object& event) {
  if (stopped_) return;
  const std::string line = encode(event);
  std::vector<std::shared_ptr<Connection>> dropped;
  for (const auto& [_, c] : connections_) {
    if (!c->subscribed()) continue;
    if (c->queued() + line.size() > options_.max_queue) {
      dropped.push_back(c);
      continue;
    }
    c->send(line);
  }
  for (const auto& c : dropped) {
    log::warning("dropping watcher " + c->name() + ": over " + std::to_string(options_.max_queue) +
                 " bytes of events unread");
    c->close();
  }
}

void Server::Impl::stop() {
  if (stopped_) return;
  stopped_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  retry_.cancel();
  auto connections = std::move(connections_);
  connections_.clear();
  for (const auto& [_, c] : connections) c->close();
  if (!activated_) remove_socket_file();
  lock_.reset();
  log::info("stopped listening on " + path_.string());
}

void Server::Impl::remove_socket_file() {
  struct stat st {};
  if (::lstat(path_.c_str(), &st) != 0) return;
  if (st.st_dev != dev_ || st.st_ino != ino_) {
    log::warning("not removing " + path_.string() + ": it is no longer the socket this server bound");
    return;
  }
  if (::unlink(path_.c_str()) != 0) log::warning("cannot remove " + path_.string() + ": " + errno_text(errno));
}

// ---- Server ----

Server::Server(asio::io_context& io, fs::path socket, Handler handler, ServerOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(socket), std::move(handler), options)) {
  impl_->listen();
}

Server::~Server() { stop(); }

void Server::broadcast(const boost::json::object& event) { impl_->broadcast(event); }
void Server::stop() { impl_->stop(); }
const fs::path& Server::socket_path() const { return impl_->path(); }
bool Server::socket_activated() const { return impl_->activated(); }
std::size_t Server::connection_count() const { return impl_->count(); }

}  // namespace move
