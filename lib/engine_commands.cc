// SPDX-License-Identifier: GPL-3.0-or-later
// The request handlers of Engine: one table, one function per command.

#include <algorithm>
#include <cmath>

#include "lib/adherence.h"
#include "lib/engine.h"
#include "lib/engine_args.h"
#include "lib/error_reply.h"
#include "lib/health.h"
#include "lib/i18n.h"
#include "lib/local_time.h"
#include "lib/protocol.h"
#include "lib/report.h"
#include "lib/rule_json.h"
#include "lib/skip_reason.h"
#include "lib/spelling.h"

namespace move {

namespace json = boost::json;

namespace {

// The arguments of each command (besides "cmd").
constexpr std::string_view kAddArgs[] = {"active",         "at",     "duration", "enabled", "every",
                                         "exercises",      "id",     "lead",     "notes",   "on",
                                         "times_per_week", "snooze", "title",    "window"};
constexpr std::string_view kDoneArgs[] = {"at", "id", "minutes", "note"};
constexpr std::string_view kFlareArgs[] = {"at", "care", "limiting", "note"};
constexpr std::string_view kHistoryArgs[] = {"id", "kind", "limit", "since", "until"};
constexpr std::string_view kImportArgs[] = {"activities", "dry_run"};
constexpr std::string_view kNextArgs[] = {"count"};
constexpr std::string_view kPainArgs[] = {"at", "level", "note"};
constexpr std::string_view kPauseArgs[] = {"duration"};
constexpr std::string_view kReportArgs[] = {"name", "since", "until", "weeks"};
constexpr std::string_view kScoreArgs[] = {"at", "scale", "score"};
constexpr std::string_view kIdArgs[] = {"id"};
constexpr std::string_view kSkipArgs[] = {"at", "id", "note", "reason"};
constexpr std::string_view kSnoozeArgs[] = {"duration", "id"};

}  // namespace

// The one command table: sorted by name (a test checks), found by binary search.
// Summaries are marked for the catalogue; movectl --help shows them translated.
const Engine::Command Engine::kCommands[] = {
    {"add", Access::writes, N_("Add a routine to the plan (comments and layout of the file are kept)"),
     &Engine::cmd_add, kAddArgs},
    {"disable", Access::writes, N_("Keep a routine in the plan, without reminders"), &Engine::cmd_disable, kIdArgs},
    {"done", Access::writes, N_("Record that you did a routine"), &Engine::cmd_done, kDoneArgs},
    {"enable", Access::writes, N_("Remind of a disabled routine again"), &Engine::cmd_enable, kIdArgs},
    {"flare", Access::writes, N_("Record a flare-up: whether it limited activity, whether care was sought"),
     &Engine::cmd_flare, kFlareArgs},
    {"hello", Access::transport, N_("The protocol and version of moved"), nullptr, {}},
    {"history", Access::reads, N_("What was due, done, skipped and snoozed"), &Engine::cmd_history, kHistoryArgs},
    {"import", Access::writes, N_("Record the activities of GPX, TCX and FIT files (a watch, a phone app) as done"),
     &Engine::cmd_import, kImportArgs},
    {"list", Access::reads, N_("Routines of the running plan"), &Engine::cmd_list, {}},
    {"next", Access::reads, N_("Upcoming reminders"), &Engine::cmd_next, kNextArgs},
    {"pain", Access::writes, N_("Record how much your back hurts, 0 (none) to 10"), &Engine::cmd_pain, kPainArgs},
    {"pause", Access::writes, N_("Hold all reminders back (a meeting, a day off)"), &Engine::cmd_pause, kPauseArgs},
    {"reload", Access::writes, N_("Re-read the plan file"), &Engine::cmd_reload, {}},
    {"report", Access::reads, N_("Per week: done against prescribed, minutes, skips and pain"), &Engine::cmd_report,
     kReportArgs},
    {"resume", Access::writes, N_("End a pause: each overdue routine reminds once"), &Engine::cmd_resume, {}},
    {"rm", Access::writes, N_("Remove a routine from the plan (its history is kept)"), &Engine::cmd_rm, kIdArgs},
    {"score", Access::writes, N_("Record a function score: RMDQ total (0-24) or ODI (0-100)"), &Engine::cmd_score,
     kScoreArgs},
    {"skip", Access::writes, N_("Skip the current reminder of a routine (recorded, not done)"), &Engine::cmd_skip,
     kSkipArgs},
    {"snooze", Access::writes, N_("Put a routine's reminder off"), &Engine::cmd_snooze, kSnoozeArgs},
    {"status", Access::reads, N_("Next due, last done, adherence, streak and minutes per routine"), &Engine::cmd_status,
     kIdArgs},
    {"watch", Access::transport, N_("Stream events as JSON lines (for status bars)"), nullptr, {}},
};

std::span<const Engine::Command> Engine::commands() { return kCommands; }

const Engine::Command* Engine::find_command(std::string_view name) {
  auto all = commands();
  auto it =
      std::lower_bound(all.begin(), all.end(), name, [](const Command& c, std::string_view n) { return c.name < n; });
  return it != all.end() && it->name == name ? &*it : nullptr;
}

namespace {

json::value iso_or_null(const std::optional<Instant>& t) {
  return t ? json::value(format_iso8601(*t)) : json::value(nullptr);
}

json::value number_or_null(const std::optional<double>& v) {
  return v ? json::value(std::round(*v * 100) / 100) : json::value(nullptr);
}

Seconds duration_arg(const json::object& request, std::string_view key, Seconds fallback) {
  auto text = get_optional_string(request, key);
  if (!text) return fallback;
  auto d = parse_duration(*text);
  if (!d || d->count() == 0)
    throw ProtocolError(code::kBadRequest,
                        strprintf(_("argument \"%1$s\" must be a duration such as \"10m\" or \"1h30m\", got \"%2$s\""),
                                  std::string(key).c_str(), text->c_str()));
  return *d;
}

}  // namespace

json::object Engine::handle(const json::object& request, Instant now) {
  std::string cmd;
  try {
    cmd = get_string(request, "cmd");
    const Command* c = find_command(cmd);
    if (!c) {
      std::vector<std::string_view> names;
      for (const Command& known : commands()) names.push_back(known.name);
      throw ProtocolError(code::kUnknownCommand,
                          strprintf(_("unknown command \"%s\""), cmd.c_str()) + did_you_mean(cmd, names));
    }
    check_arguments(request, *c);
    if (!c->handler)
      throw ProtocolError(code::kBadRequest, "\"" + cmd + "\" is answered by moved's connection, not here");
    return shared((this->*c->handler)(request, now), *c, now);
  } catch (...) {
    return reply_to_current_exception(cmd, on_error);
  }
}

void Engine::check_arguments(const json::object& request, const Command& command) {
  for (const auto& [key, value] : request) {
    if (key == "cmd") continue;
    const auto& known = command.arguments;
    if (std::find(known.begin(), known.end(), std::string_view(key)) != known.end()) continue;
    std::string message = strprintf(_("unknown argument \"%1$s\" for \"%2$s\""), std::string(key).c_str(),
                                    std::string(command.name).c_str());
    message += known.empty() ? std::string(_(" (it takes none)")) : did_you_mean(key, known);
    throw ProtocolError(code::kBadRequest, message);
  }
}

const Routine& Engine::routine_arg(const json::object& request) const {
  std::string id = get_string(request, "id");
  const Routine* r = plan_.find(id);
  if (!r) {
    std::vector<std::string_view> ids;
    for (const Routine& known : plan_.routines) ids.push_back(known.id);
    throw ProtocolError(code::kUnknownRoutine,
                        strprintf(_("no routine \"%s\" in the plan"), id.c_str()) + did_you_mean(id, ids));
  }
  return *r;
}

std::string Engine::state_name(const Routine& r, Instant now) const {
  if (!r.enabled) return "disabled";
  if (paused_) return "paused";
  const Tracked& l = tracked_.at(r.id);
  const RoutineState& st = l.state;
  if (snooze_in_force(st) && *st.snoozed_until > now) return "snoozed";
  if (l.held_since && *l.held_since >= last_closed(st)) return "due";  // held back, not forgotten
  if (st.last_fired && *st.last_fired >= last_closed(st)) return "due";
  return "waiting";
}

json::object Engine::cmd_status(const json::object& request, Instant now) {
  std::optional<std::string> only = get_optional_string(request, "id");
  if (only) routine_arg(request);
  json::array routines;
  for (const Routine& r : plan_.routines) {
    if (only && r.id != *only) continue;
    const std::vector<Completion>& done = completions(r, now);
    const RoutineState& st = track(r, now).state;
    // A backfill from before moved knew the routine moves its start back.
    const Instant start = done.empty() ? st.anchor : std::min(st.anchor, done.front().at);
    Figures f = figures(timeline_for(r, start), done, now);
    json::object o{{"id", r.id},
                   {"title", r.display_title()},
                   {"schedule", describe_schedule(in_stage(r, now))},
                   {"rule", rule_json(in_stage(r, now))},
                   {"state", state_name(r, now)},
                   {"next_due", iso_or_null(paused_ ? std::nullopt : next_for(r, now))},
                   {"last_done", iso_or_null(st.last_done)},
                   {"done_7d", f.done_7d},
                   {"expected_7d", number_or_null(f.expected_7d)},
                   {"adherence_7d", number_or_null(f.adherence_7d)},
                   {"done_28d", f.done_28d},
                   {"expected_28d", number_or_null(f.expected_28d)},
                   {"adherence_28d", number_or_null(f.adherence_28d)},
                   {"streak", f.streak},
                   {"minutes_7d", f.minutes_7d}};
    o["target_minutes_7d"] =
        f.target_minutes_7d
            ? json::value(json::object{{"min", f.target_minutes_7d->first}, {"max", f.target_minutes_7d->second}})
            : json::value(nullptr);
    if (st.snoozed_until && state_name(r, now) == "snoozed") o["snoozed_until"] = format_iso8601(*st.snoozed_until);
    if (const Tracked& l = tracked_.at(r.id); l.held_since && *l.held_since >= last_closed(st))
      o["held_since"] = format_iso8601(*l.held_since);
    if (repeats_spent(r, st)) o["repeats_spent"] = true;
    if (!r.stages.empty()) o["stage"] = stage_json(r, stage_start(r, st.anchor), now);
    if (r.active) {
      const Tracked& l = tracked_.at(r.id);
      Seconds now_sitting = sitting(r, now);
      o["active_s"] = now_sitting.count();
      o["longest_sitting_s"] =
          (l.longest_day == local_day(now) ? std::max(l.longest, now_sitting) : now_sitting).count();
    }
    routines.push_back(std::move(o));
  }
  // Status answers while nothing can be recorded: what the history cannot
  // tell is left out, and the reply says why.
  std::optional<double> pain_7d;
  std::optional<int> days_since_flare;
  try {
    pain_7d = pain_average(history_, now - std::chrono::days(7), now);
    days_since_flare = days_since_limiting_flare(history_, now);
  } catch (const HistoryError&) {
  }
  return {{"ok", true},
          {"paused", paused_},
          {"paused_until", iso_or_null(paused_until_)},
          {"quiet_hours",
           plan_.settings.quiet_hours ? json::value(format_window(*plan_.settings.quiet_hours)) : json::value(nullptr)},
          {"quiet_until", iso_or_null(quiet_until(plan_.settings, now))},
          {"plan_error", plan_error_ ? json::value(*plan_error_) : json::value(nullptr)},
          {"idle_source", idle_source},
          {"dnd", dnd_},
          {"fullscreen", fullscreen_},
          {"presence", to_string(presence_)},
          {"pain_7d", number_or_null(pain_7d)},
          {"days_since_limiting_flare", days_since_flare ? json::value(*days_since_flare) : json::value(nullptr)},
          {"history", history_.file().string()},
          {"recording", history_.available()},
          {"recording_error", history_.available() ? json::value(nullptr) : json::value(history_.unavailable())},
          {"now", format_iso8601(now)},
          {"routines", std::move(routines)}};
}

json::object Engine::cmd_list(const json::object&, Instant) {
  json::array routines;
  for (const Routine& r : plan_.routines) {
    json::object o{{"id", r.id},           {"title", r.display_title()}, {"schedule", describe_schedule(r)},
                   {"enabled", r.enabled}, {"on", format_days(r.on)},    {"notes", r.notes}};
    o["window"] = r.window ? json::value(format_window(*r.window)) : json::value(nullptr);
    o["rule"] = rule_json(r);
    o["duration"] = r.duration ? json::value(json::object{{"min", r.duration->min.count() / 60},
                                                          {"max", r.duration->max.count() / 60},
                                                          {"min_s", r.duration->min.count()},
                                                          {"max_s", r.duration->max.count()}})
                               : json::value(nullptr);
    if (r.kind == ScheduleKind::every) o["active"] = r.active;
    json::array sports;
    for (const std::string& s : r.import_sports) sports.push_back(json::value(s));
    o["import"] = std::move(sports);
    routines.push_back(std::move(o));
  }
  return {{"ok", true}, {"plan", plan_file_.string()}, {"routines", std::move(routines)}};
}

json::object Engine::cmd_next(const json::object& request, Instant now) {
  std::int64_t count = get_optional_int(request, "count").value_or(5);
  if (count < 1 || count > 1000) throw ProtocolError(code::kBadRequest, _("argument \"count\" must be 1 to 1000"));
  struct Item {
    Instant at;
    const Routine* r;
  };
  std::vector<Item> items;
  if (!paused_ || paused_until_) {
    // Each routine's reminders, simulated as done when they fire, merged by
    // time: a heap of each routine's next one, so that 10,000 routines cost
    // 10,000 + count steps of the scheduler, not 10,000 x count.
    struct Cursor {
      Instant at;
      std::size_t index;  // in the plan: ties go in plan order
      RoutineState st;
    };
    auto later = [](const Cursor& a, const Cursor& b) { return a.at != b.at ? a.at > b.at : a.index > b.index; };
    auto advance = [&](const Routine& r, RoutineState& st, Instant t) {
      return next_reminder(r, plan_.settings, plan_.snooze_for(r), st, t);
    };
    const Instant from = paused_ ? *paused_until_ : now;
    std::vector<Cursor> heap;
    for (std::size_t i = 0; i < plan_.routines.size(); ++i) {
      const Routine& r = plan_.routines[i];
      RoutineState st = track(r, now).state;
      if (auto t = advance(r, st, from)) heap.push_back({*t, i, std::move(st)});
    }
    std::make_heap(heap.begin(), heap.end(), later);
    while (!heap.empty() && items.size() < static_cast<std::size_t>(count)) {
      std::pop_heap(heap.begin(), heap.end(), later);
      Cursor& c = heap.back();
      const Routine& r = plan_.routines[c.index];
      items.push_back({c.at, &r});
      c.st.last_done = c.st.last_fired = c.at;
      c.st.done.push_back(c.at);
      c.st.snoozed_until.reset();
      if (auto t = advance(r, c.st, c.at)) {
        c.at = *t;
        std::push_heap(heap.begin(), heap.end(), later);
      } else {
        heap.pop_back();
      }
    }
  }
  json::array due;  // routines reminding now, waiting for an answer
  for (const Routine& r : plan_.routines)
    if (tracked_.contains(r.id) && state_name(r, now) == "due") due.emplace_back(r.id);
  json::array next;
  for (const Item& i : items)
    next.push_back({{"id", i.r->id},
                    {"title", i.r->display_title()},
                    {"at", format_iso8601(i.at)},
                    {"in_s", std::max<std::int64_t>(0, (i.at - now).count())}});
  return {{"ok", true},
          {"paused", paused_},
          {"paused_until", iso_or_null(paused_until_)},
          {"due", std::move(due)},
          {"next", std::move(next)}};
}

json::object Engine::cmd_done(const json::object& request, Instant now) {
  const Routine& r = routine_arg(request);
  const Instant at = past_arg(request, "at", now);
  std::optional<int> minutes;
  if (auto m = get_optional_int(request, "minutes")) {
    if (*m < 0 || *m > 24 * 60) throw ProtocolError(code::kBadRequest, _("argument \"minutes\" must be 0 to 1440"));
    minutes = static_cast<int>(*m);
  }
  Event e = complete(r, EventKind::done, at, minutes, get_optional_string(request, "note"));
  return {{"ok", true}, {"event", event_json(e)}, {"next_due", iso_or_null(next_for(r, now))}};
}

json::object Engine::cmd_skip(const json::object& request, Instant now) {
  const Routine& r = routine_arg(request);
  const Instant at = past_arg(request, "at", now);
  auto reason = get_optional_string(request, "reason");
  if (reason && !std::binary_search(std::begin(kSkipReasons), std::end(kSkipReasons), std::string_view(*reason))) {
    const auto near = closest(*reason, kSkipReasons);  // quoted as the plan's messages quote
    throw ProtocolError(code::kBadRequest,
                        strprintf(_("argument \"reason\" must be one of ill, other, pain, time, weather, got \"%s\""),
                                  reason->c_str()) +
                            (near ? strprintf(_(" (did you mean '%s'?)"), std::string(*near).c_str()) : std::string()));
  }
  Event e = complete(r, EventKind::skipped, at, std::nullopt, get_optional_string(request, "note"), true, std::nullopt,
                     reason);
  return {{"ok", true}, {"event", event_json(e)}, {"next_due", iso_or_null(next_for(r, now))}};
}

json::object Engine::cmd_snooze(const json::object& request, Instant now) {
  const Routine& r = routine_arg(request);
  Seconds length = duration_arg(request, "duration", plan_.snooze_for(r));
  Event e{0, r.id, EventKind::snoozed, now, std::nullopt, std::nullopt, static_cast<int>(length.count())};
  e.id = record(e);
  Tracked& l = track(r, now);
  l.state.snoozed_until = now + length;
  l.state.shown = 0;  // a snooze asked for comes back, and starts the repeat count anew
  l.held_since.reset();
  notifier_.withdraw(r.id);
  json::object ev = event_json(e);
  ev["event"] = "snoozed";
  ev["until"] = format_iso8601(now + length);
  emit(std::move(ev));
  return {{"ok", true}, {"until", format_iso8601(now + length)}};
}

json::object Engine::cmd_pause(const json::object& request, Instant now) {
  std::optional<Seconds> length;
  if (request.contains("duration") && !request.at("duration").is_null())
    length = duration_arg(request, "duration", Seconds{0});
  paused_ = true;
  paused_until_ = length ? std::optional(now + *length) : std::nullopt;
  // Recorded so that a restart keeps the pause (and a check-up sees it);
  // a full disk must not keep the person from getting quiet.
  record({0, "", EventKind::paused, now, std::nullopt, std::nullopt,
          length ? std::optional(static_cast<int>(length->count())) : std::nullopt},
         false);
  emit({{"event", "paused"}, {"until", iso_or_null(paused_until_)}, {"at", format_iso8601(now)}});
  return {{"ok", true}, {"paused", true}, {"until", iso_or_null(paused_until_)}};
}

json::object Engine::cmd_resume(const json::object&, Instant now) {
  bool was = paused_;
  paused_ = false;
  paused_until_.reset();
  if (was) {
    record({0, "", EventKind::resumed, now, std::nullopt, std::nullopt, std::nullopt}, false);
    emit({{"event", "resumed"}, {"at", format_iso8601(now)}});
  }
  return {{"ok", true}, {"paused", false}, {"was_paused", was}};
}

json::object Engine::cmd_reload(const json::object&, Instant now) {
  const bool changed = reload(now);
  return {{"ok", true}, {"changed", changed}, {"routines", plan_.routines.size()}};
}

json::object history_reply(const History& history, const json::object& request) {
  HistoryQuery q;
  q.routine = get_optional_string(request, "id");
  q.since = time_arg(request, "since");
  q.until = time_arg(request, "until");
  // "kind": one name or a list of them.
  if (auto it = request.find("kind"); it != request.end() && !it->value().is_null()) {
    json::array one;
    if (it->value().is_string()) one.push_back(it->value());
    const json::array& names = it->value().is_array() ? it->value().as_array() : one;
    if (names.empty() && !it->value().is_array())
      throw ProtocolError(code::kBadRequest, "argument \"kind\" must be a kind or a list of kinds");
    for (const json::value& v : names) {
      auto kind = v.is_string() ? parse_event_kind(v.as_string()) : std::nullopt;
      if (!kind) {
        std::string message = "argument \"kind\": no kind " +
                              (v.is_string() ? "\"" + std::string(v.as_string()) + "\"" : std::string("of that type"));
        std::vector<std::string_view> known;
        for (EventKind k : kEventKinds) known.push_back(to_string(k));
        if (v.is_string())
          if (auto guess = closest(v.as_string(), known)) message += " (did you mean \"" + std::string(*guess) + "\"?)";
        throw ProtocolError(code::kBadRequest, message);
      }
      q.kinds.push_back(*kind);
    }
  }
  if (auto limit = get_optional_int(request, "limit"))
    q.limit = static_cast<int>(std::clamp<std::int64_t>(*limit, 1, 1000000));
  json::array events;
  for (const Event& e : history.list(q)) events.push_back(event_json(e));
  return {{"ok", true}, {"events", std::move(events)}};
}

json::object Engine::cmd_history(const json::object& request, Instant) { return history_reply(history_, request); }

json::object Engine::cmd_pain(const json::object& request, Instant now) {
  std::int64_t level = get_int(request, "level");
  if (level < 0 || level > 10) throw ProtocolError(code::kBadRequest, _("argument \"level\" must be 0 to 10"));
  const Instant at = past_arg(request, "at", now);
  Event e{0, "", EventKind::pain, at, std::nullopt, get_optional_string(request, "note"), static_cast<int>(level)};
  e.id = record(e);
  if (!pain_at_ || now >= *pain_at_) {
    pain_level_ = e.value;
    pain_at_ = now;
  }
  json::object ev = event_json(e);
  ev["event"] = "pain";
  emit(std::move(ev));
  return {{"ok", true}, {"event", event_json(e)}};
}

}  // namespace move
