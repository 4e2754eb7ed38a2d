// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <chrono>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daemon/listen_socket.h"
#include "daemon/log.h"
#include "daemon/mono_timer.h"
#include "lib/error_reply.h"
#include "lib/i18n.h"
#include "lib/protocol.h"

namespace move {
namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::local::stream_protocol;
using boost::system::error_code;

namespace {

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
  bool activated() const { return socket_.activated; }
  bool stopped() const { return stopped_; }
  std::size_t count() const { return connections_.size(); }
  std::size_t watchers() const;
  std::size_t queued() const;
  const Handler& handler() const { return handler_; }
  const ServerOptions& options() const { return options_; }

 private:
  void accept();
  void on_accept(const error_code& ec, stream_protocol::socket socket);
  void admit(stream_protocol::socket socket);
  bool refuse_for_lack_of_descriptors();

  fs::path path_;
  Handler handler_;
  ServerOptions options_;
  stream_protocol::acceptor acceptor_;
  MonoTimer retry_;  // pause after accept fails for lack of descriptors (not an Asio timer: mono_timer.h)
  Fd reserve_;       // an open /dev/null, given up to answer "busy" when descriptors run out
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections_;
  std::uint64_t next_id_ = 1;
  ListenSocket socket_;  // its fd belongs to acceptor_ once listening
  bool stopped_ = false;
};

/// One client. Kept alive by the server's table and by its pending
/// operations; every completion first checks closed_.
class Server::Impl::Connection final : public Session, public std::enable_shared_from_this<Connection> {
 public:
  Connection(std::shared_ptr<Impl> server, stream_protocol::socket socket, const ucred& cred, std::uint64_t id)
      : server_(std::move(server)), socket_(std::move(socket)), cred_(cred), id_(id) {}

  void start() { read(); }

  bool subscribe() override {
    if (subscribed_) return true;
    if (server_->watchers() >= server_->options().max_watchers) return false;
    subscribed_ = true;
    return true;
  }
  bool subscribed() const override { return subscribed_; }
  uid_t peer_uid() const override { return cred_.uid; }
  pid_t peer_pid() const override { return cred_.pid; }

  std::string name() const {
    // TRANSLATORS: a client of moved in the log: %1$llu counts them from 1, %2$d is its process id.
    return strprintf(_("client %1$llu (pid %2$d)"), static_cast<unsigned long long>(id_), cred_.pid);
  }
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
    socket_.async_read_some(asio::buffer(buf_),
                            [self = shared_from_this()](const error_code& ec, std::size_t n) { self->on_read(ec, n); });
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

  /// Handles the complete lines in in_, until the replies it has not read
  /// pass max_queue: the rest waits for on_write (memory stays bounded by
  /// max_queue and one reply, however many requests it sends).
  void process() {
    std::size_t start = 0;
    while (!closed_ && !closing_ && queued() <= server_->options().max_queue) {
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
    std::string cmd;
    try {
      boost::json::object request = decode_request(line);
      cmd = request.at("cmd").as_string();
      reply = server_->handler()(request, *this);
    } catch (...) {
      reply = reply_to_current_exception(cmd, [this](const std::string& m) { log::error(name() + ": " + m); });
    }
    send(encode(reply));
  }

  void too_long() {
    log::info(strprintf(
        P_("%1$s sent a line over %2$zu byte; closing it", "%1$s sent a line over %2$zu bytes; closing it", kMaxLine),
        name().c_str(), kMaxLine));
    send(
        encode(error_reply(code::kLineTooLong, "request line too long (over " + std::to_string(kMaxLine) + " bytes)")));
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
    process();  // requests held back while its replies were unread
    read();
  }

  std::shared_ptr<Impl> server_;
  stream_protocol::socket socket_;
  ucred cred_;
  std::uint64_t id_;
  std::array<char, 4096> buf_{};
  std::string in_;        // received, not yet handled
  std::size_t scan_ = 0;  // in_ before this has no '\n'
  std::string outbox_;    // queued, not yet handed to async_write
  std::string wire_;      // being written
  bool reading_ = false;
  bool writing_ = false;
  bool closing_ = false;  // close once the output is written
  bool closed_ = false;
  bool subscribed_ = false;
  std::chrono::steady_clock::time_point last_request_ = std::chrono::steady_clock::now();
};

void Server::Impl::listen() {
  socket_ = open_listen_socket(path_, options_.socket_activation);
  reserve_ = Fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  path_ = socket_.path;
  acceptor_.assign(stream_protocol(), socket_.fd.release());
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
    // TRANSLATORS: accept is the system call; %1$s the socket, %2$s the error.
    log::warning(strprintf(_("accept on %1$s: %2$s"), path_.c_str(), ec.message().c_str()));
    if (ec == asio::error::no_descriptors && refuse_for_lack_of_descriptors()) {
      accept();
      return;
    }
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

namespace {

/// Writes a busy reply to a socket that was just accepted (its buffer is
/// empty: this small write cannot block).
void tell_busy(int fd, const std::string& why) {
  const std::string line = encode(error_reply(code::kBusy, why));
  [[maybe_unused]] auto n = ::send(fd, line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

}  // namespace

bool Server::Impl::refuse_for_lack_of_descriptors() {
  // The classic reserve: give up the spare descriptor, accept the waiting
  // client with it, take the spare back; if that leaves none, tell the
  // client "busy" and close it. Without it, it would wait unanswered in the
  // backlog. One client a call: accept() comes back here for the next.
  if (reserve_.get() < 0) return false;
  reserve_.reset();
  Fd client(::accept4(acceptor_.native_handle(), nullptr, nullptr, SOCK_CLOEXEC));
  reserve_ = Fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (client.get() < 0) return false;  // nobody waiting: the retry timer takes over
  if (reserve_.get() >= 0) {
    // Descriptors came back meanwhile (a client left): serve it as usual.
    error_code ec;
    stream_protocol::socket socket(acceptor_.get_executor());
    socket.assign(stream_protocol(), client.get(), ec);
    if (!ec) {
      client.release();
      admit(std::move(socket));
      return true;
    }
  }
  tell_busy(client.get(), "moved has no file descriptors left (" + std::to_string(connections_.size()) +
                              " clients); try again later");
  // TRANSLATORS: the client got the reply "busy" (a protocol word).
  log::warning(_("told a client busy: no file descriptors left"));
  client.reset();
  reserve_ = Fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));  // the one it used
  return true;
}

void Server::Impl::admit(stream_protocol::socket socket) {
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
    log::warning(strprintf(_("refused a client: %1$s: %2$s"), "SO_PEERCRED", std::strerror(errno)));
    return;  // the socket closes as it goes out of scope
  }
  if (cred.uid != ::geteuid()) {
    log::warning(strprintf(_("refused a client of uid %1$u (pid %2$d): moved serves uid %3$u only"), cred.uid, cred.pid,
                           ::geteuid()));
    return;
  }
  if (connections_.size() >= options_.max_clients) {
    // Make room by dropping the client that has been quiet the longest (a
    // stalled half line, a forgotten connection), never a watcher.
    Connection* quietest = nullptr;
    for (const auto& [raw, conn] : connections_)
      if (!conn->subscribed() && (!quietest || conn->last_request() < quietest->last_request())) quietest = raw;
    if (quietest) {
      log::info(
          strprintf(_("dropped %1$s, quiet the longest, to make room for a new client"), quietest->name().c_str()));
      auto keep = connections_.at(quietest);
      keep->close();
    }
  }
  if (connections_.size() >= options_.max_clients) {
    log::warning(strprintf(P_("refused a client (pid %1$d): already %2$zu client",
                              "refused a client (pid %1$d): already %2$zu clients", connections_.size()),
                           cred.pid, connections_.size()));
    tell_busy(socket.native_handle(), "too many clients (" + std::to_string(options_.max_clients) + ")");
    return;
  }
  auto c = std::make_shared<Connection>(shared_from_this(), std::move(socket), cred, next_id_++);
  connections_.emplace(c.get(), c);
  log::debug(c->name() + " connected");
  c->start();
}

std::size_t Server::Impl::watchers() const {
  std::size_t n = 0;
  for (const auto& [_, c] : connections_) n += c->subscribed() ? 1 : 0;
  return n;
}

std::size_t Server::Impl::queued() const {
  std::size_t n = 0;
  for (const auto& [_, c] : connections_) n += c->queued();
  return n;
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
    // TRANSLATORS: a watcher is a client that follows moved's events (movectl watch, a status bar).
    log::warning(strprintf(P_("dropping watcher %1$s: over %2$zu byte of events unread",
                              "dropping watcher %1$s: over %2$zu bytes of events unread", options_.max_queue),
                           c->name().c_str(), options_.max_queue));
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
  remove_socket_file(socket_);
  socket_.lock.reset();
  log::info(strprintf(_("stopped listening on %1$s"), path_.c_str()));
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
std::size_t Server::queued_bytes() const { return impl_->queued(); }

}  // namespace move
