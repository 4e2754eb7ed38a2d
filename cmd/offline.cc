// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/offline.h"

#include <filesystem>
#include <iostream>

#include "cmd/check.h"
#include "cmd/movectl.h"
#include "daemon/clock.h"
#include "lib/engine.h"
#include "lib/history.h"
#include "lib/paths.h"
#include "lib/plan.h"
#include "lib/protocol.h"
#include "lib/report.h"
#include "lib/report_range.h"

namespace move {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

History open_history(const fs::path& file) {
  try {
    return History(file, History::ReadOnly{});
  } catch (const std::exception& e) {
    throw OfflineError(std::string("the history could not be read: ") + e.what(), kExitNoDaemon);
  }
}

}  // namespace

json::object history_offline(const json::object& request) {
  const fs::path file = state_dir() / "history.db";
  History history = open_history(file);
  json::object reply;
  try {
    reply = history_reply(history, request);
  } catch (const HistoryError& e) {
    throw OfflineError(std::string("the history could not be read: ") + e.what(), kExitNoDaemon);
  }
  std::cerr << "movectl: moved is not running; read " << file.string() << " (read-only)\n";
  return reply;
}

json::object report_offline(const json::object& request) {
  const fs::path plan_file = plan_path();
  Plan plan;
  try {
    plan = load_existing_plan(plan_file, false);
  } catch (const PlanError& e) {
    throw OfflineError(std::string("the plan could not be read: ") + e.what(), kExitUsage);
  }
  const fs::path file = state_dir() / "history.db";
  History history = open_history(file);
  json::object reply;
  try {
    reply = report_reply(plan, history, request, wall_now());
  } catch (const HistoryError& e) {
    throw OfflineError(std::string("the history could not be read: ") + e.what(), kExitNoDaemon);
  }
  std::cerr << "movectl: moved is not running; read " << plan_file.string() << " and " << file.string()
            << " (read-only)\n";
  return reply;
}

}  // namespace move
