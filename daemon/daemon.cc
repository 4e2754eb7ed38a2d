// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/daemon.h"

#include <systemd/sd-daemon.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdlib>

#include "daemon/clock.h"
#include "daemon/host_id.h"
#include "daemon/idle_select.h"
#include "daemon/log.h"
#include "lib/i18n.h"
#include "lib/local_time.h"
#include "lib/protocol.h"

namespace move {

namespace asio = boost::asio;
namespace json = boost::json;

Daemon::Daemon(asio::io_context& io, const DaemonPaths& paths, Plan plan, std::string plan_text, History history,
               Instant now)
    : io_(io),
      paths_(paths),
      history_(std::move(history)),
      glib_(io),
      engine_(std::move(plan), std::move(plan_text), paths.plan, history_, notifier_, now,
              [](const std::string& m) { log::warning(m); }),
      timer_(io,
             [this](WallTimer::Why why) {
               if (why == WallTimer::Why::clock_changed) log::info(_("the clock was set: recomputing every due time"));
               settle(wall_now());
             }),
      server_(io, paths.socket,
              [this](const json::object& request, Session& session) { return serve(request, session); }),
      stop_signals_(io, SIGTERM, SIGINT),
      hup_(io, SIGHUP),
      plan_watch_(
          io, paths.plan,
          // TRANSLATORS: why the plan was reloaded, in "plan reloaded (%1$s): %2$s".
          [this] { reload(_("file changed")); },
          [this] {
            log::warning(strprintf(_("the plan file is gone: %1$s; the running plan stays"), paths_.plan.c_str()));
          }),
      import_(io,
              [this](const json::object& request, Instant t) {
                json::object reply = engine_.handle(request, t);
                asio::post(io_, [this] { follow_plan(wall_now()); });
                return reply;
              }),
      sync_watch_(
          io, [this] { import_synced(); },
          [this] {
            const std::string dir = engine_.sync() ? engine_.sync()->dir().string() : std::string();
            log::warning(strprintf(_("sync: the folder %1$s is gone; nothing is imported until it is back (looked for "
                                     "at the next command that records something)"),
                                   dir.c_str()));
            engine_.set_sync_problem("the folder is gone");
          }),
      hooks_(io) {
  history_.on_recreated = [](const std::string& m) { log::error(m); };
  engine_.on_error = [](const std::string& m) { log::error(m); };
  engine_.on_event = [this](const json::object& event) { publish(event); };
  notifier_.on_action = [this](const std::string& routine, const std::string& action) {
    const Instant t = wall_now();
    engine_.on_action(routine, action, t);
    settle(t);
  };
  watch_presence(now);
  watch_holds();
  hooks_.set(engine_.plan().hooks);
  import_.follow(engine_.plan().settings.import_dir, false);
  follow_sync(now, false);
  stop_signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    // TRANSLATORS: %1$s is the signal's name, SIGTERM or SIGINT.
    log::info(strprintf(_("stopping on %1$s"), sig == SIGTERM ? "SIGTERM" : "SIGINT"));
    server_.stop();
    io_.stop();
  });
  wait_hup();
}

void Daemon::run() {
  const std::size_t routines = engine_.plan().routines.size();
  std::string socket = server_.socket_path().string();
  // TRANSLATORS: a socket systemd made and passed to moved (socket activation).
  if (server_.socket_activated()) socket = strprintf(_("%1$s (from systemd)"), socket.c_str());
  log::info(
      // TRANSLATORS: the first line moved logs: its version, the plan file, the socket, the history file and the
      // idle source (wayland, gnome, x11, logind or none: how moved sees that nobody is at the computer).
      strprintf(P_("moved %1$s plan %2$s (%3$zu routine), socket %4$s, history %5$s, idle source %6$s",
                   "moved %1$s plan %2$s (%3$zu routines), socket %4$s, history %5$s, idle source %6$s", routines),
                MOVE_VERSION, paths_.plan.c_str(), routines, socket.c_str(), history_.file().c_str(),
                engine_.idle_source.c_str()));
  settle(wall_now());
  sd_notify(0, "READY=1");
  io_.run();
  sd_notify(0, "STOPPING=1");
}

void Daemon::settle(Instant now) {
  engine_.fire_due(now);
  const auto wake = engine_.next_wake(now);
  timer_.arm(wake);
  log::debug("next wake " + (wake ? format_iso8601(*wake) : std::string("none")));
}

void Daemon::follow_plan(Instant now) {
  import_.follow(engine_.plan().settings.import_dir, false);
  follow_sync(now, false);
  hooks_.set(engine_.plan().hooks);
  settle(now);
  if (engine_.plan().settings.idle_threshold == idle_threshold_) return;
  // TRANSLATORS: %1$s is a duration such as 5m (the plan's idle_threshold).
  log::info(strprintf(_("idle threshold now %1$s: the idle source starts anew"),
                      format_duration(engine_.plan().settings.idle_threshold).c_str()));
  watch_presence(now);
  settle(now);
}

void Daemon::watch_presence(Instant now) {
  // Whoever changed the plan is likely at the computer; the new source
  // reports from there.
  engine_.on_presence(Presence::active, now, now);
  idle_.reset();
  idle_threshold_ = engine_.plan().settings.idle_threshold;
  idle_ = choose_idle_source(io_, idle_threshold_);
  engine_.idle_source = idle_ ? std::string(idle_->name()) : "none";
  if (!idle_) return;  // choose_idle_source has said so: desk breaks count wall-clock time
  idle_->on_change = [this](Presence presence, Instant since) {
    log::debug(std::string("presence ") + std::string(to_string(presence)) + " since " + format_iso8601(since));
    const Instant t = wall_now();
    engine_.on_presence(presence, since, t);
    settle(t);
  };
}

void Daemon::watch_holds() {
  dnd_ = std::make_unique<DoNotDisturb>();
  log::debug("do not disturb followed through: " + dnd_->sources());
  dnd_->on_change = [this](bool on, const std::string& why) {
    // TRANSLATORS: %1$s names where do not disturb was turned on (gnome, the notification server).
    log::info(on ? strprintf(_("do not disturb on (%1$s): reminders are held until it ends"), why.c_str())
                 : std::string(_("do not disturb off: held reminders come now")));
    const Instant t = wall_now();
    engine_.set_hold(Engine::Hold::dnd, on, t);
    settle(t);
  };
  if (const char* display = std::getenv("DISPLAY"); display && *display) {
    try {
      fullscreen_ = std::make_unique<X11Fullscreen>(io_);
      fullscreen_->on_change = [this](bool on) {
        log::info(on ? _("the active window is full screen: desk breaks are held")
                     : _("the active window is no longer full screen"));
        const Instant t = wall_now();
        engine_.set_hold(Engine::Hold::fullscreen, on, t);
        settle(t);
      };
    } catch (const std::exception& e) {
      log::debug(std::string("full-screen windows not followed: ") + e.what());
    }
  }
}

json::object Daemon::serve(const json::object& request, Session& session) {
  const json::string& cmd = request.at("cmd").as_string();
  const Engine::Command* command = Engine::find_command(std::string_view(cmd.data(), cmd.size()));
  if (command && command->access == Engine::Access::transport) {
    Engine::check_arguments(request, *command);
    if (cmd == "watch") {
      if (!session.subscribe())
        throw ProtocolError(code::kBusy, "too many watchers already; close one (movectl watch, a status bar)");
      return ok_reply();
    }
    return {{"ok", true}, {"protocol", kProtocolVersion}, {"version", MOVE_VERSION}};  // hello
  }
  json::object reply = engine_.handle(request, wall_now());
  if (cmd == "status" && reply.at("ok").as_bool()) reply["import"] = import_.status();
  if (cmd == "reload") import_.follow(engine_.plan().settings.import_dir, true);  // a folder missing before
  if (cmd == "reload") follow_sync(wall_now(), true);
  if (cmd == "reload" && !reply.at("ok").as_bool())
    log::error(strprintf(_("reload refused: %1$s"), reply.at("error").as_string().c_str()));
  // A question changes nothing: only other commands re-plan the timer,
  // after the reply is on its way.
  if (command && command->access == Engine::Access::writes) asio::post(io_, [this] { follow_plan(wall_now()); });
  return reply;
}

void Daemon::reload(const char* why) {
  const Instant now = wall_now();
  try {
    // TRANSLATORS: %1$s is why: "file changed" (translated) or the signal SIGHUP; %2$s is the plan file.
    if (engine_.reload(now)) log::info(strprintf(_("plan reloaded (%1$s): %2$s"), why, paths_.plan.c_str()));
  } catch (const PlanError& e) {
    log::error(strprintf(_("plan not reloaded, the running plan stays: %1$s"), e.what()));
  } catch (const std::exception& e) {
    log::error(strprintf(_("plan not reloaded: %1$s"), e.what()));
  }
  import_.follow(engine_.plan().settings.import_dir, true);  // a folder missing before may be there now
  follow_sync(now, true);
  follow_plan(now);
}

void Daemon::follow_sync(Instant now, bool retry) {
  const std::string written = paths_.sync_dir ? *paths_.sync_dir : engine_.plan().settings.sync_dir;
  // A folder that was missing is looked for again after each command that
  // writes (one stat), so that it is followed once it is there: no polling.
  std::error_code ec;
  if (!retry && !written.empty() && !sync_watch_.watching() && std::filesystem::is_directory(expand_home(written), ec))
    retry = true;
  if (sync_written_ == written && (!retry || written.empty() || sync_watch_.watching())) return;
  sync_written_ = written;
  if (written.empty()) {
    sync_watch_.stop();
    if (engine_.sync()) log::info(_("sync: off"));
    engine_.set_sync(nullptr, now);
    return;
  }
  const std::filesystem::path dir = expand_home(written);
  try {
    if (!host_) host_ = this_host(paths_.state);
  } catch (const std::exception& e) {
    log::error(strprintf(_("sync: off: %1$s"), e.what()));
    engine_.set_sync(nullptr, now);
    return;
  }
  engine_.set_sync(std::make_unique<Sync>(dir, *host_), now);  // writes what the journal lacks
  if (auto why = sync_watch_.watch(dir, host_->id)) {
    engine_.set_sync_problem(*why);
    log::warning(strprintf(_("sync: %1$s; reminders go on; the folder is looked for again at the next command that "
                             "records something and at a reload"),
                           why->c_str()));
    return;
  }
  // TRANSLATORS: %1$s is the sync folder, %2$s this computer's name and %3$s its id.
  log::info(strprintf(_("sync: sharing the history through %1$s as %2$s (%3$s)"), dir.c_str(), host_->name.c_str(),
                      host_->id.c_str()));
  asio::post(io_, [this] { import_synced(); });
}

void Daemon::import_synced() {
  const Instant t = wall_now();
  if (const auto n = engine_.import_synced(t); n > 0)
    log::info(strprintf(P_("sync: recorded %1$lld event of other computers",
                           "sync: recorded %1$lld events of other computers", static_cast<unsigned long>(n)),
                        static_cast<long long>(n)));
  settle(t);
}

void Daemon::wait_hup() {
  hup_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    reload("SIGHUP");
    wait_hup();
  });
}

void Daemon::publish(const json::object& event) {
  log::info(std::string(event.at("event").as_string()) +
            (event.contains("routine") ? " " + std::string(event.at("routine").as_string()) : std::string()));
  server_.broadcast(event);
  const json::value* routine = event.if_contains("routine");
  std::string title;
  if (routine && routine->is_string())
    if (const Routine* r = engine_.plan().find(std::string_view(routine->as_string())); r) title = r->display_title();
  // An event another computer recorded ran its hooks there.
  if (const json::value* host = event.if_contains("host"); host && !host->is_null()) return;
  hooks_.on_event(event, title);
}

}  // namespace move
