// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/movectl.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <iostream>

#include "cmd/at_option.h"
#include "cmd/call.h"
#include "cmd/check.h"
#include "cmd/cli_text.h"
#include "cmd/command_line.h"
#include "cmd/client.h"
#include "cmd/edit.h"
#include "cmd/import.h"
#include "cmd/replies.h"
#include "cmd/values.h"
#include "cmd/format.h"
#include "cmd/health_cmd.h"
#include "cmd/history_cmd.h"
#include "cmd/report_cmd.h"
#include "cmd/views.h"
#include "daemon/clock.h"
#include "lib/paths.h"
#include "lib/engine.h"
#include "lib/i18n.h"
#include "lib/protocol.h"
#include "lib/skip_reason.h"
#include "lib/when.h"

namespace move {

namespace json = boost::json;

namespace {

/// Every option of every subcommand: CLI11 writes into these while parsing.
struct Args {
  std::optional<std::string> socket;
  bool json = false;
  std::string id;
  std::optional<std::string> optional_id, duration, note, at, since, until, reason;
  std::vector<std::string> kinds;
  std::optional<std::string> minutes;
  std::string level;
  int count = 5;
  std::string format = "table";
  NewRoutine added;
  std::string at_list;
  std::vector<std::string> files;
  std::optional<std::string> routine;
  bool dry_run = false;
  CheckOptions check;
  HealthArgs health;
  HistoryArgs history;
  ReportArgs report;
};

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

int call(const Args& a, json::object request, const std::function<void(const json::object&)>& show,
         const Offline& offline = {}) {
  return call_moved({a.socket, a.json}, std::move(request), show, offline);
}

int watch(const Args& a) {
  try {
    Client client(socket_path(a.socket ? std::optional<std::filesystem::path>(*a.socket) : std::nullopt));
    json::object reply = client.call({{"cmd", "watch"}});
    if (!reply.at("ok").as_bool()) {
      std::cerr << "movectl: " << str(reply.at("error")) << "\n";
      return kExitRefused;
    }
    std::string line;
    while (client.read_line(line)) std::cout << line << std::endl;
    // Only moved ends a watch: it stopped, or was killed.
    std::cerr << "movectl: " << _("moved went away (stopped or restarted); `movectl watch` again to go on") << "\n";
    return kExitNoDaemon;
  } catch (const NoDaemon& e) {
    std::cerr << "movectl: " << e.what() << "\n";
    return kExitNoDaemon;
  }
}

// ---- One function pair per subcommand: its options, and what it does ----

void status_options(CLI::App& c, Args& a) {
  c.add_option("id", a.optional_id, _("Only this routine"));
  c.footer(_("Examples:\n  movectl status\n  movectl status walk --json"));
}
int status_run(Args& a) {
  return call(a, {{"cmd", "status"}, {"id", opt(a.optional_id)}}, [](auto& r) { print_status(r, std::cout); });
}

void next_options(CLI::App& c, Args& a) {
  c.add_option("--count", a.count, _("How many (default 5)"))->check(CLI::Range(1, 1000));
  c.add_option("--format", a.format, _("table, json, waybar or plain"))
      ->check(CLI::IsMember({"table", "json", "waybar", "plain"}));
  c.footer(_("Examples:\n  movectl next\n  movectl next --format waybar   # for a status bar"));
}
int next_run(Args& a) {
  if (a.format == "json") a.json = true;
  return call(a, {{"cmd", "next"}, {"count", a.count}}, [&](auto& r) { print_next(r, a.format, std::cout); });
}

void list_options(CLI::App& c, Args&) { c.footer(_("Example:\n  movectl list")); }
int list_run(Args& a) {
  return call(a, {{"cmd", "list"}}, [](auto& r) { print_list(r, std::cout); });
}

void done_options(CLI::App& c, Args& a) {
  c.add_option("id", a.id, _("Routine id"))->required();
  c.add_option("--minutes", a.minutes, _("How long: 45 or 45m (default: the lower bound of its duration)"));
  add_at_option(c, a.at);
  c.add_option("--note", a.note, _("A note for the history"));
  c.footer(_("Examples:\n  movectl done walk\n  movectl done walk --at \"yesterday 18:00\" --minutes 45"));
}
int done_run(Args& a) {
  json::object req{{"cmd", "done"}, {"id", a.id}, {"note", opt(a.note)}};
  if (a.minutes) req["minutes"] = checked_minutes(*a.minutes);
  const std::string when_said = put_at(a.at, req, wall_now());
  return call(a, req, [&](auto& r) { std::cout << done_line(r, when_said) << "\n"; });
}

void skip_options(CLI::App& c, Args& a) {
  c.add_option("id", a.id, _("Routine id"))->required();
  add_at_option(c, a.at);
  c.add_option("--reason", a.reason, _("Why: pain, time, weather, ill or other (counted in the report)"))
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(kSkipReasons), std::end(kSkipReasons))));
  c.add_option("--note", a.note, _("Why, in your words, for the history"));
  c.footer(
      _("Examples:\n  movectl skip walk --reason weather --note \"raining hard\"\n"
        "  movectl skip walk --at yesterday --reason pain"));
}
int skip_run(Args& a) {
  json::object req{{"cmd", "skip"}, {"id", a.id}, {"note", opt(a.note)}, {"reason", opt(a.reason)}};
  const std::string when_said = put_at(a.at, req, wall_now());
  return call(a, req, [&](auto& r) { std::cout << skipped_line(a.id, when_said, a.reason, r) << "\n"; });
}

void snooze_options(CLI::App& c, Args& a) {
  c.add_option("id", a.id, _("Routine id"))->required();
  c.add_option("duration", a.duration, _("How long, e.g. 10m (default: the plan's snooze)"));
  c.footer(_("Examples:\n  movectl snooze desk-break\n  movectl snooze walk 2h"));
}
int snooze_run(Args& a) {
  if (a.duration) a.duration = checked_duration(*a.duration);
  return call(a, {{"cmd", "snooze"}, {"id", a.id}, {"duration", opt(a.duration)}},
              [&](auto& r) { std::cout << snoozed_line(a.id, r) << "\n"; });
}

void pause_options(CLI::App& c, Args& a) {
  auto* length = c.add_option("duration", a.duration, _("How long, e.g. 1h30m (default: until resume)"));
  c.add_option("--until", a.until, _("Until this time, e.g. 14:00 (the next one), \"tomorrow 9:00\""))
      ->excludes(length);
  c.footer(
      _("Examples:\n  movectl pause 1h30m   # a meeting\n  movectl pause --until 14:00\n"
        "  movectl pause         # until movectl resume"));
}
int pause_run(Args& a) {
  if (a.duration) a.duration = checked_duration(*a.duration);
  if (a.until) {
    const Instant now = wall_now();
    auto t = parse_when(*a.until, now, Lean::future);
    if (!t || *t <= now)
      throw BadValue("--until " + *a.until +
                     ": a time to come, such as 14:00, \"tomorrow 9:00\" or \"2026-11-25 18:00\"");
    a.duration = std::to_string((*t - now).count()) + "s";
  }
  return call(a, {{"cmd", "pause"}, {"duration", opt(a.duration)}},
              [](auto& r) { std::cout << paused_line(r) << "\n"; });
}

void resume_options(CLI::App& c, Args&) { c.footer(_("Example:\n  movectl resume")); }
int resume_run(Args& a) {
  return call(a, {{"cmd", "resume"}}, [&](auto& r) { std::cout << resumed_line(r) << "\n"; });
}

void history_opts(CLI::App& c, Args& a) { history_options(c, a.history); }
int history_cmd(Args& a) { return history_run(a.history, {a.socket, a.json}); }

void pain_options(CLI::App& c, Args& a) {
  c.add_option("level", a.level, _("0 (none) to 10, a whole number"))->required();
  add_at_option(c, a.at);
  c.add_option("--note", a.note, _("A note for the history"));
  c.footer(
      _("Examples:\n  movectl pain 3 --note \"stiff after the drive\"\n  movectl pain 5 --at \"yesterday 21:00\""));
}
int pain_run(Args& a) {
  json::object req{{"cmd", "pain"}, {"level", checked_level(a.level)}, {"note", opt(a.note)}};
  put_at(a.at, req, wall_now());
  return call(a, req, [](auto& r) { std::cout << pain_line(r) << "\n"; });
}

void flare_opts(CLI::App& c, Args& a) { flare_options(c, a.health); }
int flare_cmd(Args& a) { return flare_run(a.health, {a.socket, a.json}); }
void score_opts(CLI::App& c, Args& a) { score_options(c, a.health); }
int score_cmd(Args& a) { return score_run(a.health, {a.socket, a.json}); }

void report_opts(CLI::App& c, Args& a) { report_options(c, a.report); }
int report_cmd(Args& a) { return report_run(a.report, {a.socket, a.json}); }

void watch_options(CLI::App& c, Args&) { c.footer(_("Example:\n  movectl watch | jq -r .event")); }
int watch_run(Args& a) { return watch(a); }

void reload_options(CLI::App& c, Args&) {
  c.footer(_("Example:\n  movectl reload   # after editing the plan; errors name file:line:col"));
}
int reload_run(Args& a) {
  return call(a, {{"cmd", "reload"}}, [](auto& r) { std::cout << reloaded_line(r) << "\n"; });
}

void import_options(CLI::App& c, Args& a) {
  c.add_option("files", a.files, _("GPX, TCX or FIT activity files"))->required();
  c.add_option("--routine", a.routine, _("Record every activity as this routine, whatever its sport"));
  c.add_flag("--dry-run", a.dry_run, _("Show what would be recorded; record nothing"));
  c.footer(
      _("Files are read here; a bad file is refused whole (exit 2), the others are imported.\n"
        "Examples:\n  movectl import ~/Sync/tracker/*.gpx\n  movectl import ride.fit --routine walk --dry-run"));
}
int import_run(Args& a) { return run_import({a.files, a.routine, a.dry_run, a.socket, a.json}); }

CLI::App* g_app = nullptr;  // for `help`

void help_options(CLI::App& c, Args& a) {
  c.add_option("command", a.optional_id, _("The command to explain"));
  c.footer(_("Examples:\n  movectl help\n  movectl help done"));
}
int help_run(Args& a);

void add_options(CLI::App& c, Args& a) {
  NewRoutine& added = a.added;
  c.add_option("id", added.id, _("New routine id: lowercase letters, digits, '-'"))->required();
  c.add_option("--title", added.title, _("What the notification says"))->required();
  auto* every = c.add_option("--every", added.every, _("Due this long after the last time, e.g. 2d, 1h"));
  c.add_flag("--active", added.active, _("Count only time at the computer (desk breaks)"))->needs(every);
  auto* at_opt = c.add_option("--at", a.at_list, _("Fixed times of day, e.g. 18:00 or 08:00,20:00"));
  auto* tpw =
      c.add_option("--times-per-week", added.times_per_week, _("A weekly target, 1-7"))->check(CLI::Range(1, 7));
  every->excludes(at_opt)->excludes(tpw);
  at_opt->excludes(tpw);
  c.add_option("--on", added.on, _("Days: mon,tue,... weekdays, weekends"));
  c.add_option("--window", added.window, _("Remind only inside, e.g. 09:00-17:30"));
  c.add_option("--duration", added.duration, _("The dose: 15m, 30-60m"));
  c.add_option("--exercise", added.exercises, _("An exercise to suggest (repeatable)"));
  c.add_option("--notes", added.notes, _("Notes shown in the reminder"));
  c.add_option("--lead", added.lead, _("With --at: remind this long before, e.g. 30m"))->needs(at_opt);
  c.add_option("--snooze", added.snooze, _("This routine's snooze length, e.g. 15m"));
  c.add_option("--enabled", added.enabled, _("true or false (false: kept in the plan, no reminders)"));
  c.footer(
      _("Examples:\n  movectl add walk --title \"Brisk walk\" --every 2d --duration 30-60m --window 08:00-18:00\n"
        "  movectl add desk-break --title \"Get up\" --every 1h --active --on weekdays --exercise \"Calf raises\"\n"
        "  movectl add yoga --title Yoga --at 18:30 --on thu"));
}
int add_run(Args& a) {
  NewRoutine& added = a.added;
  if (!added.every && a.at_list.empty() && !added.times_per_week) {
    std::cerr << "movectl: " << _("add needs one of --every, --at or --times-per-week") << "\n";
    return kExitUsage;
  }
  for (std::size_t start = 0; !a.at_list.empty() && start <= a.at_list.size();) {
    std::size_t comma = a.at_list.find(',', start);
    added.at.push_back(a.at_list.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return run_add({a.socket, a.json}, added);
}

void rm_options(CLI::App& c, Args& a) {
  c.add_option("id", a.id, _("Routine id"))->required();
  c.footer(_("Example:\n  movectl rm pilates"));
}
int rm_run(Args& a) { return run_rm({a.socket, a.json}, a.id); }

void enable_options(CLI::App& c, Args& a) {
  c.add_option("id", a.id, _("Routine id"))->required();
  c.footer(_("Example:\n  movectl enable core   # the flare-up is over"));
}
int enable_run(Args& a) { return run_set_enabled({a.socket, a.json}, a.id, true); }

void disable_options(CLI::App& c, Args& a) {
  c.add_option("id", a.id, _("Routine id"))->required();
  c.footer(_("Example:\n  movectl disable core  # a flare-up week: no core reminders"));
}
int disable_run(Args& a) { return run_set_enabled({a.socket, a.json}, a.id, false); }

void edit_options(CLI::App& c, Args&) { c.footer(_("Examples:\n  movectl edit\n  EDITOR=nano movectl edit")); }
int edit_run(Args& a) { return run_edit({a.socket, a.json}); }

void check_options(CLI::App& c, Args& a) {
  c.add_option("plan", a.check.plan, _("Plan file (default: the plan moved reads)"));
  c.add_option("--next", a.check.next, _("Show the next N reminders of each routine"))->check(CLI::Range(0, 1000));
  c.add_option("--from", a.check.from, _("Preview from this local time, e.g. \"2026-03-28 12:00\" (default now)"));
  c.footer(_("Examples:\n  movectl check\n  movectl check plan.toml --next 5 --from \"2026-03-28 12:00\""));
}
int check_run(Args& a) {
  a.check.json = a.json;
  return run_check(a.check);
}

/// movectl's subcommands, in the order of --help. A summary left empty is
/// the daemon's, from its command table: one wording for both.
struct Subcommand {
  std::string_view name;
  std::string_view summary;
  void (*options)(CLI::App&, Args&);
  int (*run)(Args&);
};

constexpr Subcommand kSubcommands[] = {
    {"status", "", status_options, status_run},
    {"next", "", next_options, next_run},
    {"list", "", list_options, list_run},
    {"done", "", done_options, done_run},
    {"skip", "", skip_options, skip_run},
    {"snooze", "", snooze_options, snooze_run},
    {"pause", "", pause_options, pause_run},
    {"resume", "", resume_options, resume_run},
    {"history", "", history_opts, history_cmd},
    {"pain", "", pain_options, pain_run},
    {"flare", "", flare_opts, flare_cmd},
    {"score", "", score_opts, score_cmd},
    {"report", "", report_opts, report_cmd},
    {"import", "", import_options, import_run},
    {"watch", "", watch_options, watch_run},
    {"reload", "", reload_options, reload_run},
    {"add", "", add_options, add_run},
    {"rm", "", rm_options, rm_run},
    {"enable", "", enable_options, enable_run},
    {"disable", "", disable_options, disable_run},
    {"edit", N_("Edit the plan in $VISUAL or $EDITOR; it is checked before moved takes it"), edit_options, edit_run},
    {"check", N_("Validate a plan and preview its reminders (no daemon needed)"), check_options, check_run},
    {"help", N_("Show how to use movectl, or one command"), help_options, help_run},
};

std::vector<std::string_view> names_of_subcommands() {
  std::vector<std::string_view> names;
  for (const Subcommand& s : kSubcommands) names.push_back(s.name);
  return names;
}

int help_run(Args& a) {
  if (!a.optional_id) {
    // App::help() would show the selected subcommand's, i.e. help's own.
    std::cout << g_app->get_formatter()->make_help(g_app, g_app->get_name(), CLI::AppFormatMode::Normal);
    return kExitOk;
  }
  for (CLI::App* sub : g_app->get_subcommands({}))
    if (sub->get_name() == *a.optional_id) {
      std::cout << sub->help("movectl");
      return kExitOk;
    }
  return unknown_command(*a.optional_id, *g_app);
}

std::string summary_of(const Subcommand& s) {
  if (!s.summary.empty()) return _(std::string(s.summary).c_str());
  const Engine::Command* c = Engine::find_command(s.name);  // its summary marked N_() there
  return c ? std::string(_(std::string(c->summary).c_str())) : std::string();
}

}  // namespace

std::vector<std::string_view> movectl_commands() { return names_of_subcommands(); }

int movectl_main(int argc, char** argv) {
  CLI::App app{_("movectl: control moved, the move reminder daemon, and check plans"), "movectl"};
  localize_help(app);
  app.set_version_flag("--version", std::string("movectl ") + MOVE_VERSION, _("Print the version and exit"));
  app.require_subcommand(0, 1);  // none: status, as `systemctl` alone lists units
  app.fallthrough();
  Args a;
  app.add_option("--socket", a.socket,
                 _("moved's socket (default $MOVE_SOCKET, then $XDG_RUNTIME_DIR/move/moved.sock)"));
  app.add_flag("--json", a.json, _("Print the daemon's reply object as JSON"));
  app.footer(_("Exit status: 0 done, 1 the daemon refused, 2 bad usage or invalid plan, 3 no daemon reachable."));
  std::vector<std::pair<CLI::App*, const Subcommand*>> subs;
  for (const Subcommand& s : kSubcommands) {
    CLI::App* c = app.add_subcommand(std::string(s.name), summary_of(s));
    c->group(commands_group());
    c->get_help_ptr()->group(app.get_help_ptr()->get_group());  // made before the subcommand took app's group
    s.options(*c, a);
    subs.emplace_back(c, &s);
  }
  g_app = &app;
  if (auto status = precheck(argc, argv, app)) return *status;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    const CLI::App* sub = nullptr;                   // the command whose line it was, if one was named
    for (auto [c, s] : subs)
      if (c->count() > 0) sub = c;
    if (!sub) {
      std::cerr << "movectl: " << parse_error_text(e) << _("; `movectl help` lists the commands") << "\n";
      return kExitUsage;
    }
    const std::string name = sub->get_name();
    std::cerr << "movectl " << name << ": " << parse_error_text(e)
              << strprintf(_("; `movectl help %s` lists its options"), name.c_str()) << "\n";
    return kExitUsage;
  }
  try {
    for (auto [c, s] : subs)
      if (app.got_subcommand(c)) return s->run(a);
    return status_run(a);
  } catch (const BadValue& e) {
    std::cerr << "movectl: " << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace move
