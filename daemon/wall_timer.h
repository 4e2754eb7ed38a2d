// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One wall-clock deadline for the whole daemon: a timerfd on CLOCK_REALTIME
// (TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET) watched by the Asio loop.
// It fires at the deadline, on resume from a suspend that slept past it, and
// when the wall clock is set (the reason to recompute every due time). No
// polling: between those the daemon sleeps.

#include <functional>
#include <memory>
#include <optional>

#include "lib/duration.h"

namespace boost::asio {
class io_context;
}

namespace move {

class WallTimer {
 public:
  enum class Why { deadline, clock_changed };
  /// on_wake runs on the io thread. Throws std::system_error when no timerfd.
  WallTimer(boost::asio::io_context& io, std::function<void(Why)> on_wake);
  ~WallTimer();
  WallTimer(const WallTimer&) = delete;
  WallTimer& operator=(const WallTimer&) = delete;

  /// Sets the one deadline (nullopt: none, but clock changes still wake).
  /// A deadline in the past fires at once.
  void arm(std::optional<Instant> deadline);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace move
