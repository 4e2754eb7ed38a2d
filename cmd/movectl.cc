// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/movectl.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <iostream>

#include "cmd/check.h"
#include "cmd/client.h"
#include "cmd/edit.h"
#include "cmd/format.h"
#include "cmd/report_html.h"
#include "cmd/report_text.h"
#include "cmd/views.h"
#include "daemon/clock.h"
#include "lib/json_text.h"
#include "lib/local_time.h"
#include "lib/paths.h"
#include "lib/report.h"
#include "lib/when.h"

namespace move {

namespace json = boost::json;

namespace {


struct Args {
  std::optional<std::string> socket;
  bool json = false;
  std::string id;
  std::optional<std::string> optional_id, duration, note, at, since;
  std::optional<int> minutes;
  int count = 5, level = 0;
  std::string format = "table";
};

// Sends one request and shows the reply; returns the exit status.
int call(const Args& a, json::object request, const std::function<void(const json::object&)>& show) {
  try {
    Client client(socket_path(a.socket ? std::optional<std::filesystem::path>(*a.socket) : std::nullopt));
    json::object reply = client.call(request);
    bool ok = reply.contains("ok") && reply.at("ok").is_bool() && reply.at("ok").as_bool();
    if (a.json) {
      std::cout << to_json_text(reply) << "\n";
    } else if (ok) {
      show(reply);
    }
    if (!ok) {
      std::cerr << "movectl: "
                << (reply.contains("error") ? std::string(reply.at("error").as_string()) : "the daemon refused")
                << "\n";
      return kExitRefused;
    }
    return kExitOk;
  } catch (const NoDaemon& e) {
    std::cerr << "movectl: " << e.what() << "\n";
    return kExitNoDaemon;
  }
}

std::string next_due_line(const json::object& reply) {
  if (!reply.contains("next_due") || reply.at("next_due").is_null()) return "";
  auto t = parse_datetime(reply.at("next_due").as_string());
  return t ? "; next " + format_local(*t) : "";
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
    return kExitOk;
  } catch (const NoDaemon& e) {
    std::cerr << "movectl: " << e.what() << "\n";
    return kExitNoDaemon;
  }
}

}  // namespace

int movectl_main(int argc, char** argv) {
  CLI::App app{"movectl: control moved, the move reminder daemon, and check plans", "movectl"};
  app.set_version_flag("--version", std::string("movectl ") + MOVE_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  Args a;
  app.add_option("--socket", a.socket, "moved's socket (default $MOVE_SOCKET, then $XDG_RUNTIME_DIR/move/moved.sock)");
  app.add_flag("--json", a.json, "Print the daemon's reply object as JSON");
  app.footer("Exit status: 0 done, 1 the daemon refused, 2 bad usage or invalid plan, 3 no daemon reachable.");

  auto* status = app.add_subcommand("status", "Next due, last done, adherence, streak and minutes per routine");
  status->add_option("id", a.optional_id, "Only this routine");
  status->footer("Examples:\n  movectl status\n  movectl status walk --json");

  auto* next = app.add_subcommand("next", "Upcoming reminders");
  next->add_option("--count", a.count, "How many (default 5)")->check(CLI::Range(1, 1000));
  next->add_option("--format", a.format, "table, json, waybar or plain")
      ->check(CLI::IsMember({"table", "json", "waybar", "plain"}));
  next->footer("Examples:\n  movectl next\n  movectl next --format waybar   # for a status bar");

  auto* list = app.add_subcommand("list", "Routines of the running plan");
  list->footer("Example:\n  movectl list");

  auto* done = app.add_subcommand("done", "Record that you did a routine");
  done->add_option("id", a.id, "Routine id")->required();
  done->add_option("--minutes", a.minutes, "How long (default: the lower bound of its duration)")
      ->check(CLI::Range(0, 1440));
  done->add_option("--at", a.at, "When, if not now: \"yesterday 18:00\", \"7:30\", \"2026-11-25 18:00\"");
  done->add_option("--note", a.note, "A note for the history");
  done->footer("Examples:\n  movectl done walk\n  movectl done walk --at \"yesterday 18:00\" --minutes 45");

  auto* skip = app.add_subcommand("skip", "Skip the current reminder of a routine (recorded, not done)");
  skip->add_option("id", a.id, "Routine id")->required();
  skip->add_option("--note", a.note, "Why, for the history");
  skip->footer("Example:\n  movectl skip walk --note \"raining hard\"");

  auto* snooze = app.add_subcommand("snooze", "Put a routine's reminder off");
  snooze->add_option("id", a.id, "Routine id")->required();
  snooze->add_option("duration", a.duration, "How long, e.g. 10m (default: the plan's snooze)");
  snooze->footer("Examples:\n  movectl snooze desk-break\n  movectl snooze walk 2h");

  auto* pause = app.add_subcommand("pause", "Hold all reminders back (a meeting, a day off)");
  pause->add_option("duration", a.duration, "How long, e.g. 1h30m (default: until resume)");
  pause->footer("Examples:\n  movectl pause 1h30m   # a meeting\n  movectl pause         # until movectl resume");
  auto* resume = app.add_subcommand("resume", "End a pause: each overdue routine reminds once");
  resume->footer("Example:\n  movectl resume");

  auto* history = app.add_subcommand("history", "What was due, done, skipped and snoozed");
  history->add_option("id", a.optional_id, "Only this routine");
  history->add_option("--since", a.since, "From this day or time, e.g. 2026-11-01");
  history->add_option("--format", a.format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  history->footer("Examples:\n  movectl history walk --since 2026-11-01\n  movectl history --format csv > move.csv");

  auto* pain = app.add_subcommand("pain", "Record how much your back hurts, 0 (none) to 10");
  pain->add_option("level", a.level, "0-10")->required()->check(CLI::Range(0, 10));
  pain->add_option("--note", a.note, "A note for the history");
  pain->footer("Example:\n  movectl pain 3 --note \"stiff after the drive\"");

  int report_weeks = kReportDefaultWeeks;
  std::optional<std::string> report_html_file;
  auto* report = app.add_subcommand("report", "Per week: done against prescribed, minutes, skips and pain");
  report->add_option("--weeks", report_weeks, "How many ISO weeks, the current one last (default 4)")
      ->check(CLI::Range(kReportMinWeeks, kReportMaxWeeks));
  report->add_option("--html", report_html_file, "Write a self-contained HTML page (to print or show) to FILE, - for stdout");
  report->footer("Examples:\n  movectl report\n  movectl report --weeks 12 --html report.html");

  auto* watch_cmd = app.add_subcommand("watch", "Stream events as JSON lines (for status bars)");
  watch_cmd->footer("Example:\n  movectl watch | jq -r .event");
  auto* reload = app.add_subcommand("reload", "Re-read the plan file");
  reload->footer("Example:\n  movectl reload   # after editing the plan; errors name file:line:col");

  NewRoutine added;
  std::string at_list;
  auto* add = app.add_subcommand("add", "Add a routine to the plan (comments and layout of the file are kept)");
  add->add_option("id", added.id, "New routine id: lowercase letters, digits, '-'")->required();
  add->add_option("--title", added.title, "What the notification says")->required();
  auto* every = add->add_option("--every", added.every, "Due this long after the last time, e.g. 2d, 1h");
  add->add_flag("--active", added.active, "Count only time at the computer (desk breaks)")->needs(every);
  auto* at_opt = add->add_option("--at", at_list, "Fixed times of day, e.g. 18:00 or 08:00,20:00");
  auto* tpw = add->add_option("--times-per-week", added.times_per_week, "A weekly target, 1-7")->check(CLI::Range(1, 7));
  every->excludes(at_opt)->excludes(tpw);
  at_opt->excludes(tpw);
  add->add_option("--on", added.on, "Days: mon,tue,... weekdays, weekends");
  add->add_option("--window", added.window, "Remind only inside, e.g. 09:00-17:30");
  add->add_option("--duration", added.duration, "The dose: 15m, 30-60m");
  add->add_option("--exercise", added.exercises, "An exercise to suggest (repeatable)");
  add->add_option("--notes", added.notes, "Notes shown in the reminder");
  add->footer(
      "Examples:\n  movectl add walk --title \"Brisk walk\" --every 2d --duration 30-60m --window 08:00-18:00\n"
      "  movectl add desk-break --title \"Get up\" --every 1h --active --on weekdays --exercise \"Calf raises\"\n"
      "  movectl add yoga --title Yoga --at 18:30 --on thu");

  std::string rm_id;
  auto* rm = app.add_subcommand("rm", "Remove a routine from the plan (its history is kept)");
  rm->add_option("id", rm_id, "Routine id")->required();
  rm->footer("Example:\n  movectl rm pilates");

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "Validate a plan and preview its reminders (no daemon needed)");
  check_cmd->add_option("plan", check.plan, "Plan file (default: the plan moved reads)");
  check_cmd->add_option("--next", check.next, "Show the next N reminders of each routine")->check(CLI::Range(0, 1000));
  check_cmd->add_option("--from", check.from, "Preview from this local time, e.g. \"2026-03-28 12:00\" (default now)");
  check_cmd->footer("Examples:\n  movectl check\n  movectl check plan.toml --next 5 --from \"2026-03-28 12:00\"");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);
    return status == 0 ? kExitOk : kExitUsage;
  }

  auto opt = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
  auto quiet = [](const json::object&) {};
  if (app.got_subcommand(check_cmd)) {
    check.json = a.json;
    return run_check(check);
  }
  if (app.got_subcommand(status))
    return call(a, {{"cmd", "status"}, {"id", opt(a.optional_id)}}, [](auto& r) { print_status(r, std::cout); });
  if (app.got_subcommand(next)) {
    if (a.format == "json") a.json = true;
    return call(a, {{"cmd", "next"}, {"count", a.count}}, [&](auto& r) { print_next(r, a.format, std::cout); });
  }
  if (app.got_subcommand(list)) return call(a, {{"cmd", "list"}}, [](auto& r) { print_list(r, std::cout); });
  if (app.got_subcommand(done)) {
    json::object req{{"cmd", "done"}, {"id", a.id}, {"note", opt(a.note)}};
    if (a.minutes) req["minutes"] = *a.minutes;
    if (a.at) {
      auto t = parse_when(*a.at, wall_now());
      if (!t) {
        std::cerr << "movectl: --at: expected a time such as \"18:00\", \"yesterday 18:00\" or \"2026-11-25 18:00\", "
                     "got \""
                  << *a.at << "\"\n";
        return kExitUsage;
      }
      req["at"] = format_iso8601(*t);
    }
    return call(a, req, [](auto& r) {
      const json::object& e = r.at("event").as_object();
      std::cout << str(e.at("routine")) << ": done"
                << (e.at("minutes").is_null() ? "" : ", " + str(e.at("minutes")) + " min") << next_due_line(r)
                << "\n";
    });
  }
  if (app.got_subcommand(skip))
    return call(a, {{"cmd", "skip"}, {"id", a.id}, {"note", opt(a.note)}}, [&](auto& r) {
      std::cout << a.id << ": skipped" << next_due_line(r) << "\n";
    });
  if (app.got_subcommand(snooze))
    return call(a, {{"cmd", "snooze"}, {"id", a.id}, {"duration", opt(a.duration)}}, [&](auto& r) {
      std::cout << a.id << ": snoozed until " << format_local(*parse_datetime(r.at("until").as_string())) << "\n";
    });
  if (app.got_subcommand(pause))
    return call(a, {{"cmd", "pause"}, {"duration", opt(a.duration)}}, [](auto& r) {
      std::cout << "paused"
                << (r.at("until").is_string() ? " until " + format_local(*parse_datetime(r.at("until").as_string()))
                                              : std::string("; `movectl resume` to go on"))
                << "\n";
    });
  if (app.got_subcommand(resume)) return call(a, {{"cmd", "resume"}}, quiet);
  if (app.got_subcommand(history)) {
    json::object req{{"cmd", "history"}, {"id", opt(a.optional_id)}};
    if (a.since) {
      auto t = parse_when(*a.since, wall_now());
      if (!t) {
        std::cerr << "movectl: --since: expected a day or time such as \"2026-11-01\", got \"" << *a.since << "\"\n";
        return kExitUsage;
      }
      req["since"] = format_iso8601(*t);
    }
    if (a.format == "json") {
      // The events array as is: what scripts read.
      return call(a, req, [](auto& r) { std::cout << to_json_text(r.at("events")) << "\n"; });
    }
    return call(a, req, [&](auto& r) { print_history(r, a.format, std::cout); });
  }
  if (app.got_subcommand(report)) {
    json::object req{{"cmd", "report"}, {"weeks", report_weeks}};
    if (!report_html_file)
      return call(a, req, [](auto& r) { print_report(r, std::cout, use_colour(STDOUT_FILENO)); });
    // With --html the page is written, --json or not.
    bool written = false;
    Args b = a;
    b.json = false;
    int status = call(b, req, [&](auto& r) {
      if (a.json) std::cout << to_json_text(r) << "\n";
      written = write_report_html(r, *report_html_file);
      if (written && !a.json && *report_html_file != "-") std::cout << "report written to " << *report_html_file << "\n";
    });
    return status == kExitOk && !written ? kExitUsage : status;
  }
  if (app.got_subcommand(pain))
    return call(a, {{"cmd", "pain"}, {"level", a.level}, {"note", opt(a.note)}}, quiet);
  if (app.got_subcommand(add)) {
    if (!added.every && at_list.empty() && !added.times_per_week) {
      std::cerr << "movectl: add needs one of --every, --at or --times-per-week\n";
      return kExitUsage;
    }
    for (std::size_t start = 0; !at_list.empty() && start <= at_list.size();) {
      std::size_t comma = at_list.find(',', start);
      added.at.push_back(at_list.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return run_add({a.socket, a.json}, added);
  }
  if (app.got_subcommand(rm)) return run_rm({a.socket, a.json}, rm_id);
  if (app.got_subcommand(watch_cmd)) return watch(a);
  if (app.got_subcommand(reload))
    return call(a, {{"cmd", "reload"}}, [](auto& r) {
      std::cout << "plan reloaded: " << str(r.at("routines")) << " routines\n";
    });
  return kExitUsage;
}

}  // namespace move
