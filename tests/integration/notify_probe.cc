// SPDX-License-Identifier: GPL-3.0-or-later
// notify_probe: the real LibnotifyNotifier in an Asio loop with GlibLoop,
// driven line by line for tests/integration/test_notifier.py.
//
// notify_probe [--verbose]: --verbose logs debug lines too, as moved's does.
//
// stdin, one command a line:
//   show ROUTINE SUMMARY|BODY     "\n" in BODY stands for a line break; the
//                                 fallback hint is "movectl done ROUTINE"
//   withdraw ROUTINE
//   timeout MS                    a GLib timeout: "fired MS" after MS ms
//   withdraw-on-action            from now on, each action withdraws its
//                                 notification from inside the handler
// stdout, one line each:
//   shown ROUTINE | failed ROUTINE | withdrawn ROUTINE | ok | error LINE
//   action ROUTINE KEY            when the server reports an action
//                                 (then "withdrawn ROUTINE" if asked to)
// End of stdin, SIGTERM or SIGINT end it with status 0.

#include <glib.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/streambuf.hpp>
#include <csignal>
#include <functional>
#include <iostream>
#include <istream>
#include <string>

#include "daemon/glib_loop.h"
#include "daemon/libnotify_notifier.h"
#include "daemon/log.h"

namespace asio = boost::asio;

namespace {

void say(const std::string& line) { std::cout << line << std::endl; }

std::string unescape_newlines(std::string s) {
  for (std::size_t at = 0; (at = s.find("\\n", at)) != std::string::npos; ++at) s.replace(at, 2, "\n");
  return s;
}

bool withdraw_on_action = false;

void run(move::Notifier& notifier, const std::string& line) {
  auto space = line.find(' ');
  std::string cmd = line.substr(0, space);
  std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
  if (cmd == "show") {
    auto gap = rest.find(' ');
    if (gap == std::string::npos) return say("error " + line);
    move::Notification n;
    n.routine = rest.substr(0, gap);
    std::string text = rest.substr(gap + 1);
    auto bar = text.find('|');
    n.summary = text.substr(0, bar);
    if (bar != std::string::npos) n.body = unescape_newlines(text.substr(bar + 1));
    n.fallback_hint = "movectl done " + n.routine;
    say((notifier.show(n) ? "shown " : "failed ") + n.routine);
  } else if (cmd == "withdraw" && !rest.empty()) {
    notifier.withdraw(rest);
    say("withdrawn " + rest);
  } else if (cmd == "timeout" && !rest.empty()) {
    // Outside a GLib callback: the source needs the wakeup (glib_loop.h).
    auto ms = static_cast<guint>(std::stoul(rest));
    g_timeout_add(
        ms,
        [](gpointer data) -> gboolean {
          say("fired " + std::to_string(GPOINTER_TO_UINT(data)));
          return G_SOURCE_REMOVE;
        },
        GUINT_TO_POINTER(ms));
    g_main_context_wakeup(nullptr);
    say("ok");
  } else if (cmd == "withdraw-on-action") {
    withdraw_on_action = true;
    say("ok");
  } else if (!line.empty()) {
    say("error " + line);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--verbose") move::log::set_verbose(true);
  asio::io_context io;
  move::GlibLoop glib(io);
  move::LibnotifyNotifier notifier;
  notifier.on_action = [&notifier](const std::string& routine, const std::string& key) {
    say("action " + routine + " " + key);
    if (!withdraw_on_action) return;
    notifier.withdraw(routine);
    say("withdrawn " + routine);
  };

  asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) io.stop();
  });

  asio::posix::stream_descriptor in(io, ::dup(STDIN_FILENO));
  asio::streambuf buffer;
  std::function<void()> read_line = [&] {
    asio::async_read_until(in, buffer, '\n', [&](const boost::system::error_code& ec, std::size_t) {
      if (ec) return io.stop();  // end of input
      std::istream stream(&buffer);
      std::string line;
      std::getline(stream, line);
      run(notifier, line);
      read_line();
    });
  };
  read_line();
  io.run();
  return 0;
}
