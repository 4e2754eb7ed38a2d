// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A one-shot timer on its own CLOCK_MONOTONIC timerfd, watched by the Asio
// loop. Used instead of asio::steady_timer on purpose: once any Asio timer
// has been armed, Asio's epoll reactor re-arms its internal timerfd every 5
// minutes for ever ("to detect clock changes"), a periodic wake-up of an
// otherwise idle daemon. This one is disarmed when not waiting.

#include <chrono>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace move {

class MonoTimer {
 public:
  /// Throws std::system_error when no timerfd can be made.
  explicit MonoTimer(boost::asio::io_context& io);
  ~MonoTimer();
  MonoTimer(const MonoTimer&) = delete;
  MonoTimer& operator=(const MonoTimer&) = delete;

  /// Runs fire on the io thread `after` from now (at once for <= 0),
  /// replacing any wait in progress.
  void start(std::chrono::milliseconds after, std::function<void()> fire);
  /// Disarms; a pending fire does not run.
  void cancel();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace move
