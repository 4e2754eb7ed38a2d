// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/moved.h"

#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <fstream>

#include "daemon/clock.h"
#include "daemon/daemon.h"
#include "daemon/example_plan.h"
#include "daemon/log.h"
#include "daemon/state_dir.h"
#include "lib/paths.h"

namespace move {

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

// A missing plan at first start is created from the example plan.
void ensure_plan(const fs::path& plan) {
  if (fs::exists(plan)) return;
  if (plan.has_parent_path()) fs::create_directories(plan.parent_path());
  std::ofstream out(plan, std::ios::binary);
  out << kExamplePlan;
  out.close();
  if (!out) throw std::runtime_error("cannot write the example plan to " + plan.string());
  log::info("no plan yet: wrote the example plan to " + plan.string() + "; edit it to suit you");
}

History open_history(const fs::path& dir, Instant now) {
  prepare_state_dir(dir);  // 0700 when made; an existing one open to others is refused, never chmod'ed
  fs::path file = dir / "history.db";
  try {
    try {
      return History(file);
    } catch (const HistoryCorrupt& e) {
      fs::path aside = set_aside(file, now);
      log::error(std::string("THE HISTORY IS DAMAGED: ") + e.what() + "; kept it as " + aside.string() +
                 " and started a new one");
      return History(file);
    }
  } catch (const HistoryError& e) {
    // A full disk or a read-only folder must not keep the reminders from
    // coming: remind from the plan, record again once the file can be written.
    log::error(std::string("NOTHING CAN BE RECORDED: ") + e.what() +
               "; reminding from the plan, recording again once the history can be written");
    return History::deferred(file, e.what());
  }
}

struct Options {
  std::optional<fs::path> plan, socket, state_dir;
  bool verbose = false;
};

int run(const Options& o) {
  const DaemonPaths paths{plan_path(o.plan), socket_path(o.socket), state_dir(o.state_dir)};
  const Instant now = wall_now();
  ensure_plan(paths.plan);
  Plan plan;
  std::string plan_text;
  try {
    plan_text = read_plan_text(paths.plan);
    plan = parse_plan(plan_text, paths.plan.string());
    check_runnable(plan);
    if (auto w = plan_warning(plan)) log::warning(*w);
  } catch (const PlanError& e) {
    log::error(std::string("invalid plan, not starting: ") + e.what());
    return 2;
  }
  asio::io_context io;
  Daemon daemon(io, paths, std::move(plan), std::move(plan_text), open_history(paths.state, now), now);
  daemon.run();
  return 0;
}

}  // namespace

int moved_main(int argc, char** argv) {
  CLI::App app{"moved: the move reminder daemon. Reads the plan, reminds you to move, keeps the history.", "moved"};
  app.set_version_flag("--version", std::string("moved ") + MOVE_VERSION);
  Options o;
  app.add_option("--plan", o.plan, "Plan file (default $MOVE_PLAN, then $XDG_CONFIG_HOME/move/plan.toml)");
  app.add_option("--socket", o.socket, "Socket path (default $MOVE_SOCKET, then $XDG_RUNTIME_DIR/move/moved.sock)");
  app.add_option("--state-dir", o.state_dir, "History folder (default $MOVE_STATE_DIR, then $XDG_STATE_HOME/move)");
  app.add_flag("-v,--verbose", o.verbose, "Log debug lines too");
  app.footer("Examples:\n  moved\n  moved --plan etc/move/plan.toml --verbose\n\nControl it with movectl(1).");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  log::set_verbose(o.verbose);
  try {
    return run(o);
  } catch (const AlreadyRunning& e) {
    log::error(std::string(e.what()) + "; not starting a second one");
    return 1;
  } catch (const std::exception& e) {
    log::error(e.what());
    return 1;
  }
}

}  // namespace move
