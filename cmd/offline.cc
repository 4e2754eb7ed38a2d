// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/offline.h"

#include <filesystem>
#include <iostream>

#include "cmd/check.h"
#include "cmd/movectl.h"
#include "daemon/clock.h"
#include "lib/engine.h"
#include "lib/history.h"
#include "lib/i18n.h"
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
    throw OfflineError(strprintf(_("the history could not be read: %s"), e.what()), kExitNoDaemon);
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
    throw OfflineError(strprintf(_("the history could not be read: %s"), e.what()), kExitNoDaemon);
  }
  std::cerr << "movectl: " << strprintf(_("moved is not running; read %s (read-only)"), file.c_str()) << "\n";
  return reply;
}

json::object report_offline(const json::object& request) {
  const fs::path plan_file = plan_path();
  Plan plan;
  try {
    plan = load_existing_plan(plan_file, false);
  } catch (const PlanError& e) {
    throw OfflineError(strprintf(_("the plan could not be read: %s"), e.what()), kExitUsage);
  }
  const fs::path file = state_dir() / "history.db";
  History history = open_history(file);
  json::object reply;
  try {
    reply = report_reply(plan, history, request, wall_now());
  } catch (const HistoryError& e) {
    throw OfflineError(strprintf(_("the history could not be read: %s"), e.what()), kExitNoDaemon);
  }
  std::cerr << "movectl: "
            << strprintf(_("moved is not running; read %1$s and %2$s (read-only)"), plan_file.c_str(), file.c_str())
            << "\n";
  return reply;
}

}  // namespace move
