// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/hooks.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstring>

#include "daemon/log.h"
#include "lib/i18n.h"

extern char** environ;

namespace move {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxLogged = 16 * 1024;  // output bytes logged per run; the rest is read and dropped
constexpr std::string_view kOwnVars[] = {"MOVE_EVENT=", "MOVE_ROUTINE=", "MOVE_TITLE=", "MOVE_DUE=", "MOVE_BODY="};

std::string field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

// One hook running: its pidfd, the read end of its output and the time limit.
struct Hooks::Run : std::enable_shared_from_this<Run> {
  Run(asio::io_context& io, std::string name) : name(std::move(name)), exit(io), out(io), limit(io) {}

  std::string name;  ///< "hook /usr/bin/x (due walk)" for log lines
  pid_t pid = -1;
  bool exited = false;
  asio::posix::stream_descriptor exit;  ///< the pidfd: readable once the child exits
  asio::posix::stream_descriptor out;   ///< stdout and stderr of the child
  asio::steady_timer limit;
  std::array<char, 4096> chunk{};
  std::string line;
  std::size_t logged = 0;

  void wait_exit() {
    exit.async_wait(asio::posix::stream_descriptor::wait_read,
                    [self = shared_from_this()](const boost::system::error_code& ec) {
                      if (!ec) self->reap();
                    });
  }

  void reap() {
    siginfo_t info{};
    if (waitid(P_PIDFD, static_cast<id_t>(exit.native_handle()), &info, WEXITED) != 0) {
      log::warning(strprintf("%s: waitid: %s", name.c_str(), std::strerror(errno)));
    } else if (info.si_code == CLD_EXITED && info.si_status == 0) {
      log::debug(name + ": exited 0");
    } else if (info.si_code == CLD_EXITED) {
      // TRANSLATORS: %1$s is a hook ("hook PROGRAM (line N, EVENT ROUTINE)"), %2$d its exit status.
      log::warning(strprintf(_("%1$s: exited %2$d"), name.c_str(), info.si_status));
    } else {
      const char* signal_name = strsignal(info.si_status);
      // TRANSLATORS: %1$s is a hook, %2$d the signal's number, %3$s its description (strsignal).
      log::warning(strprintf(_("%1$s: killed by signal %2$d (%3$s)"), name.c_str(), info.si_status, signal_name));
    }
    exited = true;
    limit.cancel();
    exit.close();
  }

  void read_output() {
    out.async_read_some(asio::buffer(chunk),
                        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                          self->take(std::string_view(self->chunk.data(), n));
                          if (ec) {  // EOF: every writer closed (the hook and what it started)
                            if (!self->line.empty()) self->emit_line();
                            self->out.close();
                            return;
                          }
                          self->read_output();
                        });
  }

  void take(std::string_view data) {
    for (char c : data) {
      if (c == '\n') {
        emit_line();
      } else if (line.size() < 1024) {
        line += c;
      }
    }
  }

  void emit_line() {
    if (logged < kMaxLogged) log::info(name + ": " + line);
    if (logged < kMaxLogged && logged + line.size() + 1 >= kMaxLogged)
      log::info(strprintf(_("%1$s: (more output not logged)"), name.c_str()));
    logged += line.size() + 1;
    line.clear();
  }

  void start_limit() {
    limit.expires_after(kTimeLimit);
    limit.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->exited) return;
      log::warning(strprintf(_("%1$s: still running after %2$lld s; killed"), self->name.c_str(),
                             static_cast<long long>(kTimeLimit.count())));
      ::kill(-self->pid, SIGKILL);  // its process group: what it started too
    });
  }
};

Hooks::Hooks(asio::io_context& io) : io_(io) {}

Hooks::~Hooks() {
  for (auto& weak : running_)
    if (auto run = weak.lock(); run && !run->exited) ::kill(-run->pid, SIGTERM);
}

void Hooks::on_event(const json::object& event, const std::string& title) {
  const std::string name = field(event, "event");
  std::vector<const Hook*> matching;
  for (const Hook& h : hooks_)
    if (std::find(h.on.begin(), h.on.end(), name) != h.on.end()) matching.push_back(&h);
  if (matching.empty()) return;
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view var = *e;
    if (std::none_of(std::begin(kOwnVars), std::end(kOwnVars), [&](std::string_view p) { return var.starts_with(p); }))
      env.emplace_back(var);
  }
  env.push_back("MOVE_EVENT=" + name);
  env.push_back("MOVE_ROUTINE=" + field(event, "routine"));
  env.push_back("MOVE_TITLE=" + title);
  env.push_back("MOVE_DUE=" + field(event, "due"));
  env.push_back("MOVE_BODY=" + field(event, "body"));
  const std::string label = name + (field(event, "routine").empty() ? "" : " " + field(event, "routine"));
  for (const Hook* h : matching) start(*h, env, label);
}

void Hooks::start(const Hook& hook, const std::vector<std::string>& env, const std::string& label) {
  std::erase_if(running_, [](const std::weak_ptr<Run>& w) { return w.expired(); });
  // TRANSLATORS: names a hook in the log: %1$s is its program, %2$d the line of its [[hook]] in the plan, %3$s
  // the event (a protocol word such as due or done) and its routine's id.
  std::string name = strprintf(_("hook %1$s (line %2$d, %3$s)"), hook.run.front().c_str(), hook.line, label.c_str());
  auto run = std::make_shared<Run>(io_, std::move(name));
  if (running_.size() >= kMaxRunning) {
    log::warning(strprintf(P_("%1$s: not run, %2$zu hook is running already",
                              "%1$s: not run, %2$zu hooks are running already", kMaxRunning),
                           run->name.c_str(), kMaxRunning));
    return;
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    // TRANSLATORS: %2$s is the system's error text (of pipe2).
    log::warning(strprintf(_("%1$s: not run: pipe: %2$s"), run->name.c_str(), std::strerror(errno)));
    return;
  }
  std::vector<char*> argv, envp;
  for (const std::string& a : hook.run) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);  // what moved ignores or handles is the default again
  posix_spawnattr_setpgroup(&attr, 0);         // a group of its own, so the time limit kills it whole
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  pid_t pid = -1;
  const int err = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(pipe_fds[1]);
  if (err != 0) {
    ::close(pipe_fds[0]);
    log::warning(strprintf(_("%1$s: could not start: %2$s"), run->name.c_str(), std::strerror(err)));
    return;
  }
  run->pid = pid;
  run->out.assign(pipe_fds[0]);
  // glibc 2.36's <sys/pidfd.h> declares pidfd_open without C linkage in
  // C++: the system call itself.
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    // Cannot happen on Linux 5.3 and later; the child is left to the time
    // limit's kill and reaped by nobody, which is logged.
    log::warning(strprintf("%s: pidfd_open: %s", run->name.c_str(), std::strerror(errno)));
  } else {
    run->exit.assign(pidfd);
    run->wait_exit();
  }
  log::debug(run->name + ": started, pid " + std::to_string(pid));
  run->read_output();
  run->start_limit();
  running_.push_back(run);
}

}  // namespace move
