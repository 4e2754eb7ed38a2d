// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The engine's unit tests' fixture: a real SQLite history in a temporary
// folder, a plan file, and a fake notifier at the seam.

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lib/engine.h"
#include "lib/local_time.h"
#include "tests/temp_dir.h"
#include "tests/tz_guard.h"
#include "tests/local_at.h"

namespace move::test {

namespace json = boost::json;

struct FakeNotifier : Notifier {
  std::vector<Notification> shown;
  std::vector<std::string> withdrawn;
  std::function<void()> on_show;
  bool show(const Notification& n) override {
    if (on_show) on_show();
    shown.push_back(n);
    return true;
  }
  void withdraw(std::string_view routine) override { withdrawn.emplace_back(routine); }
};

constexpr const char* kPlan = R"([settings]
snooze = "10m"

[[routine]]
id = "desk"
title = "Get up"
every = "1h"
duration = "3-5m"
window = "09:00-17:00"
exercises = ["Calf raises", "Stretch"]

[[routine]]
id = "walk"
every = "2d"
duration = "30-60m"
)";

struct Fixture {
  TzGuard tz{"Europe/Berlin"};
  TempDir dir;
  std::filesystem::path plan_file = dir.path / "plan.toml";
  History history{dir.path / "history.db"};
  FakeNotifier notifier;
  std::vector<json::object> events;
  std::unique_ptr<Engine> engine;
  std::int64_t opened_with = 0;  ///< events in the history once the engine started

  explicit Fixture(const char* start, std::string text = kPlan) { open(at(start), std::move(text)); }
  void open(Instant start, std::string text) {
    write(text);
    engine = std::make_unique<Engine>(parse_plan(text, plan_file.string()), text, plan_file, history, notifier, start);
    engine->on_event = [this](const json::object& e) { events.push_back(e); };
    opened_with = history.count();
  }
  void write(const std::string& text) { std::ofstream(plan_file) << text; }
  json::object call(json::object request, Instant now) { return engine->handle(request, now); }
  /// Events recorded since the engine started (it records the plan's
  /// prescriptions when it starts).
  std::int64_t recorded() const { return history.count() - opened_with; }
  /// The kinds of routine's events, oldest first, without the prescriptions
  /// (engine_prescriptions_test.cc tests those).
  std::vector<std::string> kinds(const std::string& routine) {
    std::vector<std::string> out;
    for (const Event& e : history.list({routine, {}, {}, {}, {}}))
      if (e.kind != EventKind::prescription) out.emplace_back(to_string(e.kind));
    return out;
  }
};

}  // namespace move::test
