// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// [[hook]] programs (move-plan(5)): each event a hook's `on` names runs its
// `run` (no shell: posix_spawnp) with MOVE_EVENT, MOVE_ROUTINE, MOVE_TITLE,
// MOVE_DUE and MOVE_BODY in its environment, stdin /dev/null, stdout and
// stderr to moved's log, a line each. A hook that runs 10 s is killed (its
// process group). Never blocks the loop: the exit is seen through a pidfd
// and the output read through a pipe, both watched by Asio; a hook that
// cannot start or fails is logged, and moved goes on.
//
// Thread: the io_context's only.

#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "lib/plan.h"

namespace move {

class Hooks {
 public:
  explicit Hooks(boost::asio::io_context& io);
  /// Sends SIGTERM to the process groups of hooks still running.
  ~Hooks();
  Hooks(const Hooks&) = delete;
  Hooks& operator=(const Hooks&) = delete;

  /// The hooks of the running plan.
  void set(std::vector<Hook> hooks) { hooks_ = std::move(hooks); }
  /// An engine event ({"event": "due", "routine": ..., "body": ...}): runs
  /// every hook that names it. title: the routine's title.
  void on_event(const boost::json::object& event, const std::string& title);

  /// How long a hook may run before it is killed.
  static constexpr std::chrono::seconds kTimeLimit{10};
  /// Hooks running at once at most; beyond, an event's hooks are skipped
  /// (and logged), so that a flood of events cannot fork without bound.
  static constexpr std::size_t kMaxRunning = 16;

 private:
  struct Run;
  void start(const Hook& hook, const std::vector<std::string>& env, const std::string& label);

  boost::asio::io_context& io_;
  std::vector<Hook> hooks_;
  std::vector<std::weak_ptr<Run>> running_;
};

}  // namespace move
