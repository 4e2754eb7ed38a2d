// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// moved's running parts around the Engine, and the paths between them:
//
//   a request   Server -> serve() -> Engine::handle -> reply; a command that
//               writes then posts follow_plan()
//   a reminder  WallTimer -> settle() -> Engine::fire_due -> Notifier::show;
//               a button: Notifier::on_action -> Engine::on_action -> settle()
//   the plan    PlanWatch / SIGHUP -> reload() -> Engine::reload -> follow_plan()
//   presence    IdleSource::on_change -> Engine::on_presence -> settle()
//   holds       DoNotDisturb / X11Fullscreen::on_change -> Engine::set_hold -> settle()
//   hooks       publish() -> Hooks::on_event (programs of [[hook]], never waited for)
//   activities  ImportFolder (inotify on import_dir) -> Engine::handle
//               ({"cmd": "import"}) -> follow_plan(); status shows its state
//   sync        a command that writes -> Engine (own journal, before the
//               reply); SyncWatch (inotify on sync_dir) -> follow_sync's
//               Engine::import_synced -> settle()
//
// The wall clock is read once per wake-up (daemon/clock.h) and passed down.
// Thread: the io_context's only; not copyable.

#include <boost/asio/signal_set.hpp>
#include <boost/json/object.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "daemon/dnd.h"
#include "daemon/fullscreen_x11.h"
#include "daemon/glib_loop.h"
#include "daemon/hooks.h"
#include "daemon/import_watch.h"
#include "daemon/libnotify_notifier.h"
#include "daemon/plan_watch.h"
#include "daemon/server.h"
#include "daemon/sync_watch.h"
#include "daemon/wall_timer.h"
#include "lib/engine.h"
#include "lib/history.h"
#include "lib/plan.h"
#include "lib/presence.h"

namespace move {

struct DaemonPaths {
  std::filesystem::path plan, socket, state;
  /// --sync-dir, else MOVE_SYNC_DIR, as given; it comes before the plan's
  /// sync_dir ("" turns sync off whatever the plan says).
  std::optional<std::string> sync_dir;
};

class Daemon {
 public:
  /// Starts every part (binds the socket: throws AlreadyRunning or
  /// std::runtime_error) with the plan already read and the history open.
  Daemon(boost::asio::io_context& io, const DaemonPaths& paths, Plan plan, std::string plan_text, History history,
         Instant now);
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  /// Serves until SIGTERM or SIGINT.
  void run();

 private:
  /// Fires what is due at now and arms the timer for what comes next.
  void settle(Instant now);
  /// After anything that may have changed the plan: settle, and start the
  /// idle source anew when the idle threshold changed. Never called from
  /// inside the idle source's own callback (it may be replaced here).
  void follow_plan(Instant now);
  /// (Re)starts the idle source for the plan's idle threshold.
  void watch_presence(Instant now);
  /// Starts following do-not-disturb and full-screen windows.
  void watch_holds();
  /// One decoded request from a connection.
  boost::json::object serve(const boost::json::object& request, Session& session);
  /// Re-reads the plan file (SIGHUP, a change of the file); logs the outcome.
  void reload(const char* why);
  void wait_hup();
  /// Shares the history through the sync folder the options or the plan
  /// name (lib/sync.h), when it changed; retry: try again a folder that
  /// could not be watched (a reload).
  void follow_sync(Instant now, bool retry);
  /// The other computers' journals changed: import, then re-plan.
  void import_synced();
  /// An engine event: logged and sent to every watcher.
  void publish(const boost::json::object& event);

  boost::asio::io_context& io_;
  DaemonPaths paths_;
  History history_;
  GlibLoop glib_;
  LibnotifyNotifier notifier_;
  Engine engine_;
  WallTimer timer_;
  std::unique_ptr<IdleSource> idle_;
  Seconds idle_threshold_{0};
  Server server_;
  boost::asio::signal_set stop_signals_;
  boost::asio::signal_set hup_;
  PlanWatch plan_watch_;
  ImportFolder import_;
  SyncWatch sync_watch_;
  std::optional<Sync::Host> host_;           ///< read from the state folder when sync is first on
  std::optional<std::string> sync_written_;  ///< the folder followed, as written
  Hooks hooks_;
  std::unique_ptr<DoNotDisturb> dnd_;
  std::unique_ptr<X11Fullscreen> fullscreen_;
};

}  // namespace move
