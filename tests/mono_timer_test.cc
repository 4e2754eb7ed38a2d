// SPDX-License-Identifier: GPL-3.0-or-later
// MonoTimer: one-shot, replaceable, cancellable, and disarmed when idle.

#include "daemon/mono_timer.h"

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <vector>

using namespace move;
using namespace std::chrono_literals;

TEST_CASE("a mono timer fires once, after its delay", "[mono_timer]") {
  boost::asio::io_context io;
  MonoTimer timer(io);
  std::vector<int> fired;
  const auto start = std::chrono::steady_clock::now();
  timer.start(20ms, [&] { fired.push_back(1); });
  io.run_for(300ms);
  REQUIRE(fired == std::vector<int>{1});
  CHECK(std::chrono::steady_clock::now() - start >= 20ms);
}

TEST_CASE("a new start replaces the wait; cancel drops it", "[mono_timer]") {
  boost::asio::io_context io;
  MonoTimer timer(io);
  std::vector<int> fired;
  timer.start(10ms, [&] { fired.push_back(1); });
  timer.start(30ms, [&] { fired.push_back(2); });
  io.run_for(200ms);
  REQUIRE(fired == std::vector<int>{2});

  io.restart();
  timer.start(10ms, [&] { fired.push_back(3); });
  timer.cancel();
  io.run_for(100ms);
  REQUIRE(fired == std::vector<int>{2});

  io.restart();  // usable again after a cancel; zero means at once
  timer.start(0ms, [&] { fired.push_back(4); });
  io.run_for(100ms);
  REQUIRE(fired == std::vector<int>{2, 4});
}

TEST_CASE("a mono timer may start itself again from its own fire", "[mono_timer]") {
  boost::asio::io_context io;
  MonoTimer timer(io);
  int count = 0;
  std::function<void()> again = [&] {
    if (++count < 3) timer.start(5ms, again);
  };
  timer.start(5ms, again);
  io.run_for(300ms);
  REQUIRE(count == 3);
}
