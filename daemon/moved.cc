// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/moved.h"

#include <sys/stat.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <algorithm>
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <fstream>
#include <iostream>

#include "daemon/example_plan.h"
#include "daemon/glib_loop.h"
#include "daemon/idle_select.h"
#include "daemon/libnotify_notifier.h"
#include "daemon/log.h"
#include "daemon/plan_watch.h"
#include "daemon/server.h"
#include "daemon/state_dir.h"
#include "daemon/wall_timer.h"
#include "lib/engine.h"
#include "lib/local_time.h"
#include "lib/paths.h"
#include "lib/protocol.h"

namespace move {

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

Instant wall_now() { return std::chrono::floor<Seconds>(std::chrono::system_clock::now()); }

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
    return History(file);
  } catch (const HistoryCorrupt& e) {
    fs::path aside = set_aside(file, now);
    log::error(std::string("THE HISTORY IS DAMAGED: ") + e.what() + "; kept it as " + aside.string() +
               " and started a new one");
    return History(file);
  }
}

struct Options {
  std::optional<fs::path> plan, socket, state_dir;
  bool verbose = false;
};

int run(const Options& o) {
  const fs::path plan_file = plan_path(o.plan);
  const fs::path socket = socket_path(o.socket);
  const fs::path state = state_dir(o.state_dir);
  Instant now = wall_now();

  ensure_plan(plan_file);
  Plan plan;
  std::string plan_text;
  try {
    plan_text = read_plan_text(plan_file);
    plan = parse_plan(plan_text, plan_file.string());
    check_runnable(plan);
    if (auto w = plan_warning(plan)) log::warning(*w);
  } catch (const PlanError& e) {
    log::error(std::string("invalid plan, not starting: ") + e.what());
    return 2;
  }
  History history = open_history(state, now);
  history.on_recreated = [](const std::string& m) { log::error(m); };

  asio::io_context io;
  GlibLoop glib(io);
  LibnotifyNotifier notifier;
  Engine engine(std::move(plan), std::move(plan_text), plan_file, history, notifier, now,
                [](const std::string& m) { log::warning(m); });

  std::unique_ptr<WallTimer> timer;
  auto settle = [&] {
    Instant t = wall_now();
    engine.fire_due(t);
    auto wake = engine.next_wake(t);
    timer->arm(wake);
    log::debug("next wake " + (wake ? format_iso8601(*wake) : std::string("none")));
  };
  timer = std::make_unique<WallTimer>(io, [&](WallTimer::Why why) {
    if (why == WallTimer::Why::clock_changed) log::info("the clock was set: recomputing every due time");
    settle();
  });

  // Who is at the computer: time away does not count toward desk breaks.
  // A plan with another idle_threshold starts the source anew.
  std::unique_ptr<IdleSource> idle;
  Seconds idle_threshold{0};
  auto watch_presence = [&] {
    // Whoever changed the plan is likely at the computer; the new source
    // reports from there.
    engine.on_presence(Presence::active, wall_now(), wall_now());
    idle.reset();
    idle_threshold = engine.plan().settings.idle_threshold;
    idle = choose_idle_source(io, idle_threshold);
    engine.idle_source = idle ? std::string(idle->name()) : "none";
    if (!idle) return;  // choose_idle_source has said so: desk breaks count wall-clock time
    idle->on_change = [&](Presence presence, Instant since) {
      log::debug(std::string("presence ") + std::string(to_string(presence)) + " since " + format_iso8601(since));
      engine.on_presence(presence, since, wall_now());
      settle();
    };
  };
  watch_presence();
  // After anything that may have changed the plan (never from inside the
  // idle source's own callback: it may be replaced here).
  auto follow_plan = [&] {
    settle();
    if (engine.plan().settings.idle_threshold == idle_threshold) return;
    log::info("idle threshold now " + format_duration(engine.plan().settings.idle_threshold) +
              ": the idle source starts anew");
    watch_presence();
    settle();
  };

  Server server(io, socket, [&](const boost::json::object& request, Session& session) -> boost::json::object {
    const auto& cmd = request.at("cmd").as_string();
    boost::json::object reply;
    if (cmd == "hello") {
      reply = {{"ok", true}, {"protocol", kProtocolVersion}, {"version", MOVE_VERSION}};
    } else if (cmd == "watch") {
      session.subscribe();
      reply = ok_reply();
    } else {
      reply = engine.handle(request, wall_now());
      if (cmd == "reload" && !reply.at("ok").as_bool())
        log::error("reload refused: " + std::string(reply.at("error").as_string()));
      // Questions change nothing: only other commands re-plan the timer.
      static constexpr std::string_view kQuestions[] = {"history", "list", "next", "report", "status"};
      if (std::find(std::begin(kQuestions), std::end(kQuestions), std::string_view(cmd.data(), cmd.size())) ==
          std::end(kQuestions))
        asio::post(io, follow_plan);
    }
    return reply;
  });
  engine.on_event = [&](const boost::json::object& event) {
    log::info(std::string(event.at("event").as_string()) +
              (event.contains("routine") ? " " + std::string(event.at("routine").as_string()) : std::string()));
    server.broadcast(event);
  };
  notifier.on_action = [&](const std::string& routine, const std::string& action) {
    engine.on_action(routine, action, wall_now());
    settle();
  };


  asio::signal_set stop_signals(io, SIGTERM, SIGINT);
  stop_signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    log::info(std::string("stopping on ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT"));
    server.stop();
    io.stop();
  });
  // SIGHUP and a change of the file reload the same way; `movectl reload`
  // goes through the engine and answers the client.
  auto reload = [&](const char* why) {
    try {
      if (engine.reload(wall_now())) log::info(std::string("plan reloaded (") + why + "): " + plan_file.string());
    } catch (const PlanError& e) {
      log::error(std::string("plan not reloaded, the running plan stays: ") + e.what());
    } catch (const std::exception& e) {
      log::error(std::string("plan not reloaded: ") + e.what());
    }
    follow_plan();
  };
  asio::signal_set hup(io, SIGHUP);
  std::function<void()> wait_hup = [&] {
    hup.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      reload("SIGHUP");
      wait_hup();
    });
  };
  PlanWatch watch(io, plan_file, [&] { reload("file changed"); },
                  [&] { log::warning("the plan file is gone: " + plan_file.string() + "; the running plan stays"); });
  wait_hup();

  log::info("moved " MOVE_VERSION " plan " + plan_file.string() + " (" + std::to_string(engine.plan().routines.size()) +
            " routines), socket " + server.socket_path().string() +
            (server.socket_activated() ? " (from systemd)" : "") + ", history " + history.file().string() +
            ", idle source " + engine.idle_source);
  settle();
  sd_notify(0, "READY=1");
  io.run();
  sd_notify(0, "STOPPING=1");
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
