// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/moved.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <fstream>
#include <iostream>

#include "cmd/cli_text.h"
#include "daemon/clock.h"
#include "daemon/daemon.h"
#include "daemon/example_plan.h"
#include "daemon/log.h"
#include "daemon/state_dir.h"
#include "lib/i18n.h"
#include "lib/paths.h"

namespace move {

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

// The plan's path when neither --plan nor MOVE_PLAN names one.
fs::path default_plan() {
  return plan_path([](std::string_view name) -> std::optional<std::string> {
    const char* v = name == "MOVE_PLAN" ? nullptr : std::getenv(std::string(name).c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  });
}

// A missing plan at first start is created from the example plan, at the
// default path only: a plan named by --plan or MOVE_PLAN that is not there
// is a mistake (a typo, an unmounted folder), not a new user.
void ensure_plan(const fs::path& plan, bool chosen) {
  if (fs::exists(plan)) return;
  if (chosen)
    throw PlanError(plan.string(), 0, 0,
                    strprintf(_("no plan here (the example plan is written only at the default path, %1$s; copy "
                                "it from %2$s)"),
                              default_plan().c_str(), MOVE_EXAMPLE_PLAN_FILE));
  if (plan.has_parent_path()) fs::create_directories(plan.parent_path());
  std::ofstream out(plan, std::ios::binary);
  out << kExamplePlan;
  out.close();
  if (!out) throw std::runtime_error(strprintf(_("cannot write the example plan to %s"), plan.c_str()));
  log::info(strprintf(_("no plan yet: wrote the example plan to %1$s; edit it to suit you"), plan.c_str()));
}

// One moved per history, whatever its socket: an exclusive lock on
// STATE/moved.lock, held (the descriptor kept open) until moved exits. The
// folder is checked first (prepare_state_dir: made 0700, never chmod'ed).
// A folder nothing can be written to (read-only, full) holds no history for
// a second moved to spoil either: moved goes on without the lock, and says so.
int lock_state_dir(const fs::path& dir) {
  prepare_state_dir(dir);
  const fs::path file = dir / "moved.lock";
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EROFS || errno == ENOSPC || errno == EDQUOT)) {
    // TRANSLATORS: %1$s is the lock file, %2$s the system's error text (a read-only or full disk).
    log::warning(strprintf(_("cannot make %1$s: %2$s; going on without the lock that keeps a second moved off this "
                             "history"),
                           file.c_str(), std::strerror(errno)));
    return -1;
  }
  if (fd < 0) throw std::runtime_error(strprintf(_("cannot open %1$s: %2$s"), file.c_str(), std::strerror(errno)));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) throw AlreadyRunning(dir);  // "moved is already running on STATE_DIR"
    throw std::runtime_error(strprintf(_("cannot lock %1$s: %2$s"), file.c_str(), std::strerror(err)));
  }
  return fd;
}

/// The history in `dir` (checked by lock_state_dir before).
History open_history(const fs::path& dir, Instant now) {
  fs::path file = dir / "history.db";
  try {
    try {
      return History(file);
    } catch (const HistoryCorrupt& e) {
      fs::path aside = set_aside(file, now);
      log::error(
          // TRANSLATORS: %1$s says what is wrong with the history file, %2$s is where the damaged file was kept.
          strprintf(_("THE HISTORY IS DAMAGED: %1$s; kept it as %2$s and started a new one"), e.what(), aside.c_str()));
      return History(file);
    }
  } catch (const HistoryError& e) {
    // A full disk or a read-only folder must not keep the reminders from
    // coming: remind from the plan, record again once the file can be written.
    log::error(strprintf(_("NOTHING CAN BE RECORDED: %1$s; reminding from the plan, recording again once the history "
                           "can be written"),
                         e.what()));
    return History::deferred(file, e.what());
  }
}

struct Options {
  std::optional<fs::path> plan, socket, state_dir;
  std::optional<std::string> sync_dir;
  bool verbose = false;
};

int run(const Options& o) {
  DaemonPaths paths{plan_path(o.plan), socket_path(o.socket), state_dir(o.state_dir), o.sync_dir};
  if (const char* env = std::getenv("MOVE_SYNC_DIR"); !paths.sync_dir && env && *env) paths.sync_dir = env;
  const Instant now = wall_now();
  Plan plan;
  std::string plan_text;
  try {
    const char* env_plan = std::getenv("MOVE_PLAN");
    ensure_plan(paths.plan, (o.plan && !o.plan->empty()) || (env_plan && *env_plan));
    plan_text = read_plan_text(paths.plan);
    plan = parse_plan(plan_text, paths.plan.string());
    check_runnable(plan);
    if (auto w = plan_warning(plan)) log::warning(*w);
  } catch (const PlanError& e) {
    log::error(strprintf(_("invalid plan, not starting: %1$s"), e.what()));
    return 2;
  }
  const int lock = lock_state_dir(paths.state);
  struct Unlock {
    int fd;
    ~Unlock() {
      if (fd >= 0) ::close(fd);
    }
  } unlock{lock};
  asio::io_context io;
  Daemon daemon(io, paths, std::move(plan), std::move(plan_text), open_history(paths.state, now), now);
  daemon.run();
  return 0;
}

}  // namespace

int moved_main(int argc, char** argv) {
  CLI::App app{_("moved: the move reminder daemon. Reads the plan, reminds you to move, keeps the history."), "moved"};
  localize_help(app);
  app.set_version_flag("--version", std::string("moved ") + MOVE_VERSION, _("Print the version and exit"));
  Options o;
  app.add_option("--plan", o.plan, _("Plan file (default $MOVE_PLAN, then $XDG_CONFIG_HOME/move/plan.toml)"));
  app.add_option("--socket", o.socket, _("Socket path (default $MOVE_SOCKET, then $XDG_RUNTIME_DIR/move/moved.sock)"));
  app.add_option("--state-dir", o.state_dir, _("History folder (default $MOVE_STATE_DIR, then $XDG_STATE_HOME/move)"));
  app.add_option("--sync-dir", o.sync_dir,
                 _("Folder shared with your other computers (default $MOVE_SYNC_DIR, then the plan's sync_dir)"));
  app.add_flag("-v,--verbose", o.verbose, _("Log debug lines too"));
  app.footer(_("Examples:\n  moved\n  moved --plan etc/move/plan.toml --verbose\n\nControl it with movectl(1)."));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::cerr << "moved: " << parse_error_text(e) << _("; `moved --help` lists its options") << "\n";
    return 2;
  }
  log::set_verbose(o.verbose);
  try {
    return run(o);
  } catch (const AlreadyRunning& e) {
    // TRANSLATORS: %1$s is "moved is already running on FOLDER" (or on a socket).
    log::error(strprintf(_("%1$s; not starting a second one"), e.what()));
    return 1;
  } catch (const std::exception& e) {
    log::error(e.what());
    return 1;
  }
}

}  // namespace move
