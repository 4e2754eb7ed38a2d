// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <sys/resource.h>

#include <cstring>
#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "lib/protocol.h"

namespace asio = boost::asio;
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace move;
using namespace std::chrono_literals;

namespace {

const std::string kHelloReply = R"({"ok":true,"protocol":1,"version":"test"})";

json::object test_handler(const json::object& req, Session& session) {
  const std::string cmd(req.at("cmd").as_string());
  if (cmd == "hello") return {{"ok", true}, {"protocol", 1}, {"version", "test"}};
  if (cmd == "watch") {
    if (!session.subscribe()) throw ProtocolError(code::kBusy, "too many watchers");
    return ok_reply();
  }
  if (cmd == "big") return {{"ok", true}, {"pad", std::string(256 * 1024, 'p')}};
  if (cmd == "echo") return {{"ok", true}, {"text", get_string(req, "text")}};
  if (cmd == "whoami") return {{"ok", true}, {"uid", session.peer_uid()}, {"watcher", session.subscribed()}};
  if (cmd == "boom") throw std::runtime_error("kaput");
  throw ProtocolError(code::kUnknownCommand, "unknown command \"" + cmd + "\"");
}

struct TempDir {
  fs::path path;
  TempDir() {
    char name[] = "/tmp/move-server-test-XXXXXX";
    REQUIRE(::mkdtemp(name));
    path = name;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode;
}

/// A Server on its own io thread. The server is built here, before the
/// thread starts; everything else goes through call().
class Running {
 public:
  Running(const fs::path& socket, ServerOptions options = {}, Server::Handler handler = test_handler)
      : server_(std::make_unique<Server>(io_, socket, std::move(handler), options)),
        guard_(asio::make_work_guard(io_)),
        thread_([this] { io_.run(); }) {}
  /// Runs f on the io thread and waits for it.
  template <typename F>
  auto call(F f) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    asio::post(io_, [&task] { task(); });
    return result.get();
  }

  ~Running() {
    call([this] { server_.reset(); });
    guard_.reset();
    io_.stop();
    thread_.join();
  }

  Server& server() { return *server_; }

 private:
  asio::io_context io_;
  std::unique_ptr<Server> server_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::thread thread_;
};

sockaddr_un address(const fs::path& p) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, p.c_str(), sizeof addr.sun_path - 1);
  return addr;
}

/// A blocking client with timeouts.
class Client {
 public:
  explicit Client(const fs::path& socket) : fd_(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    const sockaddr_un addr = address(socket);
    REQUIRE(::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      REQUIRE(n > 0);
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  /// The next line without '\n'; "<closed>" at EOF or reset, "<timeout>".
  std::string line(std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (auto nl = buf_.find('\n'); nl != std::string::npos) {
        std::string l = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        return l;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0) return "<timeout>";
      char chunk[65536];
      const ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n <= 0) return "<closed>";
      buf_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  /// Round trip of one request.
  std::string ask(std::string_view request) {
    send(std::string(request) + "\n");
    return line();
  }

  /// Reads and drops everything until EOF; false on timeout.
  bool closes(std::chrono::milliseconds timeout = 5s) {
    for (;;) {
      const std::string l = line(timeout);
      if (l == "<closed>") return true;
      if (l == "<timeout>") return false;
    }
  }

 private:
  int fd_;
  std::string buf_;
};

}  // namespace

TEST_CASE("hello round trip, in order, several per line", "[server]") {
  TempDir tmp;
  Running r(tmp.path / "run" / "moved.sock");
  Client c(tmp.path / "run" / "moved.sock");
  CHECK(c.ask(R"({"cmd":"hello"})") == kHelloReply);
  // Pipelined requests in one write come back in order; blank lines are ignored.
  c.send("{\"cmd\":\"echo\",\"text\":\"1\"}\n\n  \r\n{\"cmd\":\"echo\",\"text\":\"2\"}\n{\"cmd\":\"hello\"}\n");
  CHECK(c.line() == R"({"ok":true,"text":"1"})");
  CHECK(c.line() == R"({"ok":true,"text":"2"})");
  CHECK(c.line() == kHelloReply);
  CHECK(c.ask(R"({"cmd":"whoami"})") == R"({"ok":true,"uid":)" + std::to_string(::geteuid()) + R"(,"watcher":false})");
  // A request split over several writes.
  c.send(R"({"cmd":)");
  std::this_thread::sleep_for(20ms);
  c.send("\"hello\"}\n");
  CHECK(c.line() == kHelloReply);
  CHECK(r.call([&] { return r.server().connection_count(); }) == 1);
}

TEST_CASE("errors are replies and the connection keeps serving", "[server]") {
  TempDir tmp;
  Running r(tmp.path / "s.sock");
  Client c(tmp.path / "s.sock");
  CHECK(c.ask("garbage") == R"({"ok":false,"error":"bad JSON: syntax error","code":"bad-json"})");
  CHECK(c.ask(R"({"cmd":"hello"})") == kHelloReply);
  CHECK(c.ask("[1]") == R"({"ok":false,"error":"a request must be a JSON object","code":"bad-request"})");
  CHECK(c.ask(R"({"cmd":"dance"})") == R"({"ok":false,"error":"unknown command \"dance\"","code":"unknown-command"})");
  CHECK(c.ask(R"({"cmd":"echo"})") == R"({"ok":false,"error":"missing argument \"text\"","code":"bad-request"})");
  CHECK(c.ask(R"({"cmd":"boom"})") == R"({"ok":false,"error":"internal error: kaput","code":"internal"})");
  CHECK(c.ask(R"({"cmd":"hello"})") == kHelloReply);
}

TEST_CASE("a line over 64 KiB is refused and closes only its connection", "[server]") {
  TempDir tmp;
  Running r(tmp.path / "s.sock");
  Client other(tmp.path / "s.sock");
  CHECK(other.ask(R"({"cmd":"hello"})") == kHelloReply);

  SECTION("exactly kMaxLine bytes is fine") {
    Client c(tmp.path / "s.sock");
    const std::string head = R"({"cmd":"echo","text":")";
    const std::string text(kMaxLine - head.size() - 2, 'x');
    const std::string request = head + text + "\"}";
    REQUIRE(request.size() == kMaxLine);
    CHECK(c.ask(request) == R"({"ok":true,"text":")" + text + "\"}");
  }
  SECTION("one byte more") {
    Client c(tmp.path / "s.sock");
    c.send(std::string(kMaxLine + 1, 'x') + "\n");
    CHECK(c.line() == R"x({"ok":false,"error":"request line too long (over 65536 bytes)","code":"line-too-long"})x");
    CHECK(c.closes());
  }
  SECTION("detected before the newline comes") {
    Client c(tmp.path / "s.sock");
    c.send(std::string(kMaxLine + 100, ' '));
    CHECK(c.line() == R"x({"ok":false,"error":"request line too long (over 65536 bytes)","code":"line-too-long"})x");
    CHECK(c.closes());
  }
  CHECK(other.ask(R"({"cmd":"hello"})") == kHelloReply);
}

TEST_CASE("end of input: replies flushed, a half line dropped", "[server]") {
  TempDir tmp;
  Running r(tmp.path / "s.sock");
  Client other(tmp.path / "s.sock");
  Client c(tmp.path / "s.sock");
  c.send("{\"cmd\":\"hello\"}\n{\"cmd\":\"echo\",\"text\":\"a\"}\n{\"cmd\":\"hel");
  c.shutdown_write();
  CHECK(c.line() == kHelloReply);
  CHECK(c.line() == R"({"ok":true,"text":"a"})");
  CHECK(c.closes());
  CHECK(other.ask(R"({"cmd":"hello"})") == kHelloReply);
  CHECK(r.call([&] { return r.server().connection_count(); }) == 1);
}

TEST_CASE("socket file 0600 in a folder 0700", "[server]") {
  TempDir tmp;
  const fs::path dir = tmp.path / "a" / "b";
  Running r(dir / "moved.sock");
  CHECK(S_ISSOCK(mode_of(dir / "moved.sock")));
  CHECK((mode_of(dir / "moved.sock") & 07777) == 0600);
  CHECK((mode_of(dir) & 07777) == 0700);
  CHECK(Client(dir / "moved.sock").ask(R"({"cmd":"hello"})") == kHelloReply);
}

TEST_CASE("folders it refuses", "[server]") {
  TempDir tmp;
  asio::io_context io;
  const fs::path sticky = tmp.path / "shared";
  fs::create_directory(sticky);
  ::chmod(sticky.c_str(), 01777);
  CHECK_THROWS_WITH(
      Server(io, sticky / "moved.sock", test_handler),
      "socket folder " + sticky.string() + " is a shared folder (sticky bit, mode 1777); use a folder of its own");
  const fs::path open_folder = tmp.path / "open";
  fs::create_directory(open_folder);
  ::chmod(open_folder.c_str(), 0755);
  CHECK_THROWS_WITH(Server(io, open_folder / "moved.sock", test_handler),
                    "socket folder " + open_folder.string() +
                        " is open to other users (mode 0755); make it 0700 (chmod 700 " + open_folder.string() +
                        ") or choose another --socket");
  CHECK((mode_of(open_folder) & 07777) == 0755);  // left as it was
  if (::geteuid() == 0) {
    const fs::path foreign = tmp.path / "foreign";
    fs::create_directory(foreign);
    REQUIRE(::chown(foreign.c_str(), 65534, 65534) == 0);
    CHECK_THROWS_WITH(
        Server(io, foreign / "moved.sock", test_handler),
        "socket folder " + foreign.string() + " belongs to uid 65534, not to uid 0; refusing to listen there");
  }
  const fs::path file = tmp.path / "file";
  {
    std::FILE* f = std::fopen(file.c_str(), "w");
    std::fclose(f);
  }
  CHECK_THROWS_WITH(Server(io, file, test_handler),
                    file.string() + " exists and is not a socket; refusing to replace it");
  CHECK(fs::exists(file));
  const std::string long_name(120, 'x');
  CHECK_THROWS_WITH(Server(io, tmp.path / long_name, test_handler),
                    Catch::StartsWith("socket path " + (tmp.path / long_name).string() + " is too long"));
}

TEST_CASE("a second server on the same path refuses to start", "[server]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  Running r(sock);
  asio::io_context io;
  CHECK_THROWS_MATCHES(Server(io, sock, test_handler), AlreadyRunning,
                       Catch::Message("moved is already running on " + sock.string()));
  // The first one is untouched.
  CHECK(Client(sock).ask(R"({"cmd":"hello"})") == kHelloReply);
}

TEST_CASE("anything listening on the path counts as running", "[server]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  const sockaddr_un addr = address(sock);
  REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 4) == 0);
  asio::io_context io;
  CHECK_THROWS_AS(Server(io, sock, test_handler), AlreadyRunning);
  ::close(fd);
  CHECK(fs::exists(sock));
}

TEST_CASE("a stale socket file is replaced, stop() removes it", "[server]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    const sockaddr_un addr = address(sock);
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    ::close(fd);  // the file stays: what a crash leaves
  }
  REQUIRE(fs::exists(sock));
  Running r(sock);
  Client c(sock);
  CHECK(c.ask(R"({"cmd":"hello"})") == kHelloReply);
  r.call([&] { r.server().stop(); });
  CHECK_FALSE(fs::exists(sock));
  CHECK(c.closes());
  r.call([&] { r.server().stop(); });  // idempotent
  // The path is free again.
  Running again(sock);
  CHECK(Client(sock).ask(R"({"cmd":"hello"})") == kHelloReply);
}

TEST_CASE("broadcast reaches watchers only", "[server]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  Running r(sock);
  Client watcher(sock), plain(sock);
  CHECK(watcher.ask(R"({"cmd":"watch"})") == R"({"ok":true})");
  CHECK(plain.ask(R"({"cmd":"hello"})") == kHelloReply);
  r.call([&] { r.server().broadcast({{"event", "due"}, {"id", "walk"}}); });
  r.call([&] { r.server().broadcast({{"event", "done"}, {"id", "walk"}}); });
  CHECK(watcher.line() == R"({"event":"due","id":"walk"})");
  CHECK(watcher.line() == R"({"event":"done","id":"walk"})");
  CHECK(plain.line(200ms) == "<timeout>");
  // A watcher can still ask.
  CHECK(watcher.ask(R"({"cmd":"whoami"})") ==
        R"({"ok":true,"uid":)" + std::to_string(::geteuid()) + R"(,"watcher":true})");
}

TEST_CASE("a watcher that does not read is dropped", "[server]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  Running r(sock, ServerOptions{.max_queue = 64 * 1024});
  Client watcher(sock), plain(sock);
  CHECK(watcher.ask(R"({"cmd":"watch"})") == R"({"ok":true})");
  const json::object big{{"event", "due"}, {"pad", std::string(32 * 1024, 'p')}};
  for (int i = 0; i < 100; ++i) r.call([&] { r.server().broadcast(big); });
  CHECK(r.call([&] { return r.server().connection_count(); }) == 1);
  CHECK(watcher.closes());
  CHECK(plain.ask(R"({"cmd":"hello"})") == kHelloReply);
}

TEST_CASE("200 stalled clients do not delay another", "[server]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  Running r(sock);
  std::vector<std::unique_ptr<Client>> stalled;
  for (int i = 0; i < 200; ++i) {
    stalled.push_back(std::make_unique<Client>(sock));
    stalled.back()->send(R"({"cmd":"he)");
  }
  const auto start = std::chrono::steady_clock::now();
  Client c(sock);
  CHECK(c.ask(R"({"cmd":"hello"})") == kHelloReply);
  CHECK(std::chrono::steady_clock::now() - start < 1s);
  CHECK(r.call([&] { return r.server().connection_count(); }) == 201);
  // They are still served when they finish their line.
  stalled.front()->send("llo\"}\n");
  CHECK(stalled.front()->line() == kHelloReply);
}

TEST_CASE("at the limit the quietest client makes room; watchers stay", "[server]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  Running r(sock, ServerOptions{.max_clients = 2});
  Client watcher(sock), quiet(sock);
  CHECK(watcher.ask(R"({"cmd":"watch"})") == R"({"ok":true})");
  quiet.send(R"({"cmd":"hel)");  // half a line, then nothing
  std::this_thread::sleep_for(50ms);
  Client newcomer(sock);
  CHECK(newcomer.ask(R"({"cmd":"hello"})") == kHelloReply);
  CHECK(quiet.closes());
  CHECK(watcher.ask(R"({"cmd":"hello"})") == kHelloReply);
}

TEST_CASE("clients beyond the limit of watchers are told busy", "[server]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  Running r(sock, ServerOptions{.max_clients = 2});
  Client a(sock), b(sock);
  CHECK(a.ask(R"({"cmd":"watch"})") == R"({"ok":true})");
  CHECK(b.ask(R"({"cmd":"watch"})") == R"({"ok":true})");
  Client c(sock);
  CHECK(c.line() == R"x({"ok":false,"error":"too many clients (2)","code":"busy"})x");
  CHECK(c.closes());
  CHECK(a.ask(R"({"cmd":"hello"})") == kHelloReply);
}

TEST_CASE("a peer of another uid is closed at once", "[server]") {
  if (::geteuid() != 0) {
    WARN("needs root to connect as another uid; skipped");
    return;
  }
  TempDir tmp;
  const fs::path sock = tmp.path / "run" / "moved.sock";
  Running r(sock);
  // Let uid 65534 reach the socket at all, so the server's own check is what refuses it.
  ::chmod(tmp.path.c_str(), 0711);
  ::chmod(sock.parent_path().c_str(), 0711);
  ::chmod(sock.c_str(), 0666);
  const sockaddr_un addr = address(sock);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // Child: only plain system calls. Exit 0 when the server hangs up without a word.
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(10);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) ::_exit(11);
    const char request[] = "{\"cmd\":\"hello\"}\n";
    [[maybe_unused]] auto sent = ::send(fd, request, sizeof request - 1, MSG_NOSIGNAL);
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1) ::_exit(12);
    char buf[256];
    ::_exit(::read(fd, buf, sizeof buf) <= 0 ? 0 : 13);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(Client(sock).ask(R"({"cmd":"hello"})") == kHelloReply);
}

TEST_CASE("socket activation adopts the socket systemd passes", "[server]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "activated.sock";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  const sockaddr_un addr = address(sock);
  REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 16) == 0);
  if (fd != 3) {  // systemd passes the socket as fd 3
    if (::fcntl(3, F_GETFD) != -1) {
      WARN("fd 3 is in use; skipped");
      ::close(fd);
      return;
    }
    REQUIRE(::dup2(fd, 3) == 3);
    ::close(fd);
  }
  ::setenv("LISTEN_PID", std::to_string(::getpid()).c_str(), 1);
  ::setenv("LISTEN_FDS", "1", 1);
  {
    Running r(tmp.path / "configured.sock");
    CHECK(std::getenv("LISTEN_FDS") == nullptr);  // not passed on to children
    CHECK(r.call([&] { return r.server().socket_activated(); }));
    CHECK(r.call([&] { return r.server().socket_path(); }) == sock);
    CHECK_FALSE(fs::exists(tmp.path / "configured.sock"));
    CHECK(Client(sock).ask(R"({"cmd":"hello"})") == kHelloReply);
    r.call([&] { r.server().stop(); });
  }
  CHECK(fs::exists(sock));  // systemd's file, not ours to remove
  CHECK(::fcntl(3, F_GETFD) == -1);
}

TEST_CASE("a client that sends requests and never reads its replies is bounded", "[server][hardening]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  const ServerOptions options{.max_queue = 1024 * 1024};
  Running r(sock, options);
  Client greedy(sock);
  std::string burst;
  for (int i = 0; i < 400; ++i)
    burst += R"({"cmd":"big"})"
             "\n";
  greedy.send(burst);  // 400 replies of 256 KiB: 100 MiB if all were queued
  Client other(sock);
  CHECK(other.ask(R"({"cmd":"hello"})") == kHelloReply);
  std::this_thread::sleep_for(200ms);
  const std::size_t queued = r.call([&] { return r.server().queued_bytes(); });
  INFO("queued " << queued << " bytes");
  // The socket buffers take some; the server itself holds at most its
  // bound and one reply more.
  CHECK(queued <= options.max_queue + 300 * 1024);
  CHECK(queued > 0);
  // It is still served, in order, as it reads.
  for (int i = 0; i < 400; ++i) REQUIRE(greedy.line().size() > 256 * 1024);
  CHECK(other.ask(R"({"cmd":"hello"})") == kHelloReply);
}

TEST_CASE("watchers are bounded apart from the rest: they never lock others out", "[server][hardening]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  Running r(sock, ServerOptions{.max_clients = 4, .max_watchers = 2});
  Client a(sock), b(sock), c(sock);
  CHECK(a.ask(R"({"cmd":"watch"})") == R"({"ok":true})");
  CHECK(b.ask(R"({"cmd":"watch"})") == R"({"ok":true})");
  CHECK(c.ask(R"({"cmd":"watch"})") == R"({"ok":false,"error":"too many watchers","code":"busy"})");
  // Clients beyond max_clients: the quietest non-watcher makes room each time.
  std::vector<std::unique_ptr<Client>> more;
  for (int i = 0; i < 6; ++i) {
    more.push_back(std::make_unique<Client>(sock));
    CHECK(more.back()->ask(R"({"cmd":"hello"})") == kHelloReply);
  }
  CHECK(a.ask(R"({"cmd":"hello"})") == kHelloReply);
  CHECK(b.ask(R"({"cmd":"hello"})") == kHelloReply);
}

namespace {

/// Lowers this process's descriptor limit for one test.
class FdLimit {
 public:
  explicit FdLimit(rlim_t soft) {
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &old_) == 0);
    rlimit lower = old_;
    lower.rlim_cur = soft;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &lower) == 0);
  }
  ~FdLimit() { ::setrlimit(RLIMIT_NOFILE, &old_); }

 private:
  rlimit old_{};
};

std::size_t open_descriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

}  // namespace

TEST_CASE("out of descriptors, a new client is told busy rather than left unanswered", "[server][hardening]") {
  TempDir tmp;
  const fs::path sock = tmp.path / "moved.sock";
  Running r(sock);
  std::vector<int> clients;
  std::vector<std::string> replies;
  {
    // The server and this test share one table of descriptors. A spare of
    // the test's own, given up when the table is full, lets the last client
    // connect while the server has none left to accept it with.
    int spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    FdLimit limit(open_descriptors() + 16);
    for (int i = 0; i < 64; ++i) {
      int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0 && spare >= 0) {
        ::close(spare);
        spare = -1;
        fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
      }
      if (fd < 0) break;
      clients.push_back(fd);
      const sockaddr_un addr = address(sock);
      REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
      const std::string hello = R"({"cmd":"hello"})"
                                "\n";
      REQUIRE(::send(fd, hello.data(), hello.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(hello.size()));
      pollfd p{fd, POLLIN, 0};
      std::string reply = "<timeout>";
      if (::poll(&p, 1, 2000) == 1) {
        char buf[512];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        reply = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "<closed>";
      }
      replies.push_back(reply);
      if (reply.find("busy") != std::string::npos) break;
    }
    if (spare >= 0) ::close(spare);
  }
  for (int fd : clients) ::close(fd);
  REQUIRE(replies.size() >= 2);
  CHECK(replies.front() == kHelloReply + "\n");
  INFO("last reply: " << replies.back());
  CHECK(replies.back().find(R"("code":"busy")") != std::string::npos);
  CHECK(replies.back().find("no file descriptors left") != std::string::npos);
  // Once descriptors are back, it serves as before.
  Client after(sock);
  CHECK(after.ask(R"({"cmd":"hello"})") == kHelloReply);
}
