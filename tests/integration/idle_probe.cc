// SPDX-License-Identifier: GPL-3.0-or-later
// idle_probe: the idle source choose_idle_source() picks, in an Asio loop
// with GlibLoop, for tests/integration/test_idle.py.
//
//   idle_probe THRESHOLD_SECONDS
//
// stdout, one line each:
//   source NAME                 first: wayland, gnome, x11, logind or none
//   presence STATE SINCE        each change: active, idle, locked, asleep;
//                               SINCE in seconds since the epoch
// stderr: moved's log, debug lines included (why probes failed).
// End of stdin, SIGTERM or SIGINT end it with status 0.

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <functional>
#include <iostream>
#include <string>

#include "daemon/glib_loop.h"
#include "daemon/idle_select.h"
#include "daemon/log.h"

namespace asio = boost::asio;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: idle_probe THRESHOLD_SECONDS\n";
    return 2;
  }
  move::log::set_verbose(true);
  asio::io_context io;
  move::GlibLoop glib(io);
  auto source = move::choose_idle_source(io, move::Seconds{std::stol(argv[1])});
  std::cout << "source " << (source ? source->name() : "none") << std::endl;
  if (source)
    source->on_change = [](move::Presence p, move::Instant since) {
      std::cout << "presence " << move::to_string(p) << ' ' << since.time_since_epoch().count() << std::endl;
    };

  asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) io.stop();
  });
  // End of stdin ends the probe: the test's pipe closing.
  asio::posix::stream_descriptor in(io, ::dup(STDIN_FILENO));
  char byte;
  std::function<void()> drain = [&] {
    in.async_read_some(asio::buffer(&byte, 1), [&](const boost::system::error_code& ec, std::size_t) {
      if (ec) return io.stop();
      drain();
    });
  };
  drain();
  io.run();
  return 0;
}
