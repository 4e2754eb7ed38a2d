// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/engine.h"

#include <algorithm>
#include <cmath>

#include "lib/i18n.h"
#include "lib/local_time.h"
#include "lib/protocol.h"
#include "lib/reminder_text.h"

namespace move {

namespace {

constexpr Seconds kRecentWindow = std::chrono::days(15);  // done times the scheduler needs
// The streak's look-back (from today's local midnight), and two days more
// for the time since that midnight and the offset changes in between.
constexpr Seconds kStatusLookback = std::chrono::days(kLookbackDays + 2);

}  // namespace

Engine::Engine(Plan plan, std::string plan_text, std::filesystem::path plan_file, History& history, Notifier& notifier,
               Instant now, std::function<void(const std::string&)> warn)
    : on_warning(std::move(warn)),
      plan_(std::move(plan)),
      plan_text_(std::move(plan_text)),
      plan_file_(std::move(plan_file)),
      history_(history),
      notifier_(notifier) {
  load_all(now);
  restore_pause(now);
  try {
    if (auto e = history_.last("", {EventKind::pain})) {
      pain_level_ = e->value;
      pain_at_ = e->at;
    }
  } catch (const HistoryError& e) {
    if (on_warning) on_warning(std::string("pain ratings not read: ") + e.what());
  }
}

bool Engine::pain_now(Instant now) const { return in_pain(pain_level_, pain_at_, now); }

void Engine::restore_pause(Instant now) {
  try {
    auto e = history_.last("", {EventKind::paused, EventKind::resumed});
    if (!e || e->kind != EventKind::paused) return;
    const std::optional<Instant> until = end_of(*e);
    if (until && *until <= now) return;  // it ran out while moved was down
    paused_ = true;
    paused_until_ = until;
  } catch (const HistoryError& e) {
    if (on_warning) on_warning(std::string("pause not read: ") + e.what());
  }
}

void Engine::load_all(Instant now) {
  // A first start with 10,000 routines writes 10,000 first_seen rows: one
  // transaction makes that one fsync instead of 10,000.
  std::string failure;
  with_batch(failure, [&] {
    std::string added;  // for the warning: the first few new routines
    int more = 0;
    for (const Routine& r : plan_.routines) {
      if (!tracked_.contains(r.id)) {
        if (added.size() < 200)
          added += (added.empty() ? "" : ", ") + r.id;
        else
          ++more;
      }
      track(r, now);
    }
    if (more > 0) added += " and " + std::to_string(more) + " more";
    failure = "first sight of " + added + " not recorded";
    record_prescriptions(now);
  });
}

Engine::Tracked& Engine::track(const Routine& r, Instant now) {
  auto it = tracked_.find(r.id);
  if (it != tracked_.end()) return it->second;
  // First sight in this run: rebuild the state from the history, so a
  // restart (or a routine that comes back under its id) continues.
  Tracked l;
  RoutineState& st = l.state;
  st.anchor = now;
  try {
    st.anchor = history_.first_seen(r.id, now);
    if (auto e = history_.last(r.id, {EventKind::done, EventKind::natural})) st.last_done = e->at;
    if (auto e = history_.last(r.id, {EventKind::skipped})) st.last_skipped = e->at;
    if (auto e = history_.last(r.id, {EventKind::due})) st.last_fired = e->at;
    if (auto e = history_.last(r.id, {EventKind::snoozed})) st.snoozed_until = end_of(*e);
    st.done = history_.times(r.id, {EventKind::done, EventKind::natural}, now - kRecentWindow);
    // The reminders of the current occurrence so far, for the repeat cap:
    // those since it opened, or since the latest snooze.
    Instant counted_from = last_closed(st);
    if (auto e = history_.last(r.id, {EventKind::snoozed}); e && e->at > counted_from) counted_from = e->at;
    if (st.last_fired && *st.last_fired >= counted_from)
      st.shown = static_cast<int>(history_.times(r.id, {EventKind::due}, counted_from).size());
    // Desk time is counted by a running moved only: while it was down (a
    // night with the computer off, most often) nobody counted, so an
    // `active` routine's hour starts now, without a natural break recorded.
    if (r.active) st.not_counted = std::max(Seconds{0}, now - last_closed(st));
  } catch (const HistoryError& e) {
    // A full disk or an unreadable file must not stop the reminders: go on
    // from what is known, as if first seen now.
    if (on_warning) on_warning("history of " + r.id + " not read: " + e.what());
  }
  return tracked_.emplace(r.id, std::move(l)).first->second;
}

const Routine& Engine::in_stage(const Routine& r, Instant now) const {
  if (r.stages.empty()) return r;
  return in_force(r, stage_start(r, tracked_.at(r.id).state.anchor), now);
}

std::optional<Instant> Engine::next_for(const Routine& r, Instant now) const {
  auto it = tracked_.find(r.id);
  if (it == tracked_.end()) return std::nullopt;
  return next_reminder(r, plan_.settings, plan_.snooze_for(r), it->second.state, now);
}

std::optional<Instant> Engine::next_wake(Instant now) const {
  if (paused_) return paused_until_;
  std::optional<Instant> best;
  for (const Routine& r : plan_.routines) {
    if (asleep(r)) continue;
    auto t = next_for(r, now);
    if (t && (!best || *t < *best)) best = t;
  }
  return best;
}

const char* Engine::hold_reason(const Routine& r) const {
  if (dnd_) return "do not disturb";
  if (fullscreen_ && r.active && plan_.settings.hold_when_fullscreen) return "full screen";
  return nullptr;
}

bool Engine::asleep(const Routine& r) const {
  if (held_back(r)) return true;
  if (!hold_reason(r)) return false;
  auto it = tracked_.find(r.id);
  return it != tracked_.end() && it->second.held_since && *it->second.held_since >= last_closed(it->second.state);
}

void Engine::set_hold(Hold hold, bool on, Instant now) {
  bool& flag = hold == Hold::dnd ? dnd_ : fullscreen_;
  if (flag == on) return;
  flag = on;
  emit({{"event", on ? "hold" : "unhold"},
        {"hold", hold == Hold::dnd ? "dnd" : "fullscreen"},
        {"at", format_iso8601(now)}});
}

void Engine::fire_due(Instant now) {
  for (auto& entry : tracked_) clamp_to(entry.second.state, now);  // the clock may have been set back
  const bool pain = pain_now(now);
  for (const Routine& r : plan_.routines) track(r, now).state.repeat = repeat_cap(r, plan_, pain);
  if (paused_ && paused_until_ && *paused_until_ <= now) {
    paused_ = false;
    paused_until_.reset();
    emit({{"event", "resumed"}, {"at", format_iso8601(now)}});
  }
  if (paused_) return;
  // All shown first, then recorded: the person sees each reminder without
  // waiting for an fsync, and the reminders still show when the history
  // cannot be written.
  std::vector<std::pair<const Routine*, Notification>> shown;
  std::vector<std::pair<const Routine*, const char*>> held;
  for (const Routine& r : plan_.routines) {
    if (asleep(r)) continue;
    auto t = next_for(r, now);
    if (!t || *t > now) continue;
    if (const char* why = hold_reason(r)) {
      tracked_.at(r.id).held_since = now;
      held.emplace_back(&r, why);
    } else {
      shown.emplace_back(&r, show(r, now));
    }
  }
  if (shown.empty() && held.empty()) return;
  // One transaction: a first start may find thousands due at once.
  with_batch("reminders shown but not recorded", [&] {
    for (const auto& s : shown)
      record({0, s.first->id, EventKind::due, now, std::nullopt, std::nullopt, std::nullopt}, false);
    for (const auto& h : held)
      record({0, h.first->id, EventKind::held, now, std::nullopt, std::string(h.second), std::nullopt}, false);
  });
  for (const auto& [r, n] : shown)
    emit({{"event", "due"},
          {"routine", r->id},
          {"title", n.summary},
          {"body", n.body},
          {"due", format_iso8601(now)},
          {"at", format_iso8601(now)}});
  for (const auto& [r, why] : held)
    emit({{"event", "held"},
          {"routine", r->id},
          {"title", r->display_title()},
          {"note", why},
          {"due", format_iso8601(now)},
          {"at", format_iso8601(now)}});
}

void Engine::with_batch(const std::string& what, const std::function<void()>& writes) {
  std::optional<History::Batch> batch;
  try {
    batch.emplace(history_);
  } catch (const HistoryError& e) {
    if (on_warning) on_warning(std::string("history: ") + e.what());
  }
  writes();
  try {
    if (batch) batch->commit();
  } catch (const HistoryError& e) {
    if (on_warning) on_warning(what + ": " + e.what());
  }
}

Notification Engine::show(const Routine& r, Instant now) {
  Tracked& l = track(r, now);
  RoutineState& st = l.state;
  // A new occurrence (or the first after the cap's rest) counts from 1.
  const bool fresh = !st.last_fired || *st.last_fired < last_closed(st) || repeats_spent(r, st);
  const std::optional<int> starts = starts_at(r, st);
  st.shown = fresh ? 1 : st.shown + 1;
  st.last_fired = now;
  l.held_since.reset();
  std::string exercise;
  if (!r.exercises.empty()) exercise = r.exercises[l.exercise++ % r.exercises.size()];
  std::string encouragement;
  if (const auto& lines = plan_.settings.encourage; !lines.empty())
    encouragement = lines[encourage_next_++ % lines.size()];
  ReminderText text = reminder_text(in_stage(r, now), exercise, encouragement, pain_now(now), starts);
  Notification n{r.id,
                 std::move(text.summary),
                 std::move(text.body),
                 strprintf(_("Run: movectl done %s  (or snooze, skip)"), r.id.c_str()),
                 true,
                 plan_.sound_for(r)};
  notifier_.show(n);
  return n;
}

const std::vector<Completion>& Engine::completions(const Routine& r, Instant now) {
  Tracked& l = track(r, now);
  if (!l.completions) {
    if (!history_.available()) {
      static const std::vector<Completion> kNone;
      return kNone;  // nothing to count from; read once it is open
    }
    std::vector<Completion> cs;
    for (const Event& e : history_.events(r.id, {EventKind::done, EventKind::natural}, now - kStatusLookback))
      cs.push_back({e.at, e.minutes.value_or(0)});
    l.completions = std::move(cs);
  }
  return *l.completions;
}

std::int64_t Engine::record(const Event& e, bool must_persist) {
  try {
    return history_.append(e);
  } catch (const HistoryError& err) {
    if (on_warning) on_warning(std::string("history not written: ") + err.what());
    if (must_persist) throw;  // a client is told
    return 0;
  }
}

void Engine::emit(boost::json::object event) {
  if (on_event) on_event(event);
}

Event Engine::complete(const Routine& r, EventKind kind, Instant at, std::optional<int> minutes,
                       std::optional<std::string> note, bool must_persist, std::optional<std::string> source,
                       std::optional<std::string> reason) {
  return complete(
      r, Event{0, r.id, kind, at, minutes, std::move(note), std::nullopt, std::move(source), std::move(reason)},
      must_persist);
}

Event Engine::complete(const Routine& r, Event e, bool must_persist) {
  const EventKind kind = e.kind;
  const Instant at = e.at;
  Tracked& l = track(r, at);
  if (kind != EventKind::skipped && !e.minutes && r.duration) {
    // The lower dose in whole minutes, to the nearest; a dose under a
    // minute (a 30 s stretch) is done, so it counts as one, never as 0.
    const auto seconds = r.duration->min.count();
    e.minutes = seconds > 0 ? std::max(1, static_cast<int>(std::lround(static_cast<double>(seconds) / 60.0))) : 0;
  }
  e.id = record(e, must_persist);
  RoutineState& st = l.state;
  if (kind != EventKind::skipped && r.active) end_stretch(r, at);
  if (kind == EventKind::skipped) {
    st.last_skipped = std::max(at, st.last_skipped.value_or(at));
  } else {
    st.last_done = std::max(at, st.last_done.value_or(at));
    st.done.push_back(at);
    if (l.completions) {
      auto& cs = *l.completions;
      auto pos = std::upper_bound(cs.begin(), cs.end(), at, [](Instant t, const Completion& c) { return t < c.at; });
      cs.insert(pos, {at, e.minutes.value_or(0)});
    }
    st.not_counted = Seconds{0};
  }
  st.snoozed_until.reset();
  st.shown = 0;
  l.held_since.reset();
  notifier_.withdraw(r.id);
  boost::json::object ev = event_json(e);
  ev["event"] = to_string(kind);
  emit(std::move(ev));
  return e;
}

bool Engine::held_back(const Routine& r) const { return r.active && presence_ != Presence::active; }

Seconds Engine::sitting(const Routine& r, Instant now) const {
  const RoutineState& st = tracked_.at(r.id).state;
  Instant start = last_closed(st);
  Instant until = away_since_ ? std::max(start, *away_since_) : now;
  return std::max(Seconds{0}, until - start - st.not_counted);
}

void Engine::end_stretch(const Routine& r, Instant now) {
  Tracked& l = tracked_.at(r.id);
  Seconds stretch = sitting(r, now);
  LocalDays today = local_day(now);
  if (l.longest_day != today) {
    l.longest_day = today;
    l.longest = Seconds{0};
  }
  l.longest = std::max(l.longest, stretch);
}

void Engine::on_presence(Presence presence, Instant since, Instant now) {
  if (presence == presence_) return;
  const bool was_away = presence_ != Presence::active;
  presence_ = presence;
  if (presence != Presence::active) {
    if (!was_away) away_since_ = std::min(since, now);
    emit({{"event", "away"}, {"presence", to_string(presence)}, {"since", format_iso8601(*away_since_)}});
    return;
  }
  const Seconds away = now - away_since_.value_or(now);
  emit({{"event", "back"}, {"away_s", away.count()}, {"at", format_iso8601(now)}});
  for (const Routine& r : plan_.routines) {
    if (!r.active) continue;
    Seconds needed = r.duration ? r.duration->min : plan_.settings.idle_threshold;
    if (away >= needed) {
      // A natural break, recorded when it ends so the hour restarts now;
      // the sitting stretch ended when the person left (away_since_).
      auto minutes = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(away).count());
      complete(r, EventKind::natural, now, minutes, std::nullopt, false);
    } else {
      track(r, now).state.not_counted += away;
    }
  }
  away_since_.reset();
}

void Engine::on_action(const std::string& routine, const std::string& action, Instant now) {
  boost::json::object request{{"cmd", action}, {"id", routine}};
  if (action != "done" && action != "snooze" && action != "skip") return;
  auto reply = handle(request, now);
  if (!reply.at("ok").as_bool() && on_warning)
    on_warning("action " + action + " on " + routine + ": " + std::string(reply.at("error").as_string()));
}

bool Engine::reload(Instant now) {
  try {
    std::string text = read_plan_text(plan_file_);
    if (text == plan_text_) {  // e.g. a broken edit undone
      plan_refused(std::nullopt);
      return false;
    }
    Plan plan = parse_plan(text, plan_file_.string());
    check_runnable(plan);  // an empty or truncated file is refused; the running plan stays
    set_plan(std::move(plan), std::move(text), now);
    return true;
  } catch (const PlanError& e) {
    plan_refused(e.what());
    throw;
  }
}

void Engine::plan_refused(std::optional<std::string> error) {
  if (error == plan_error_) return;  // one notification per error, not one per look
  plan_error_ = std::move(error);
  if (!plan_error_) {
    notifier_.withdraw(kPlanNotification);
    return;
  }
  notifier_.show({std::string(kPlanNotification), _("move: the plan was not loaded"),
                  *plan_error_ + "\n" + _("Reminders follow the previous plan until the file is fixed."),
                  _("movectl check shows the error again"), false, ""});
}

void Engine::set_plan(Plan plan, std::string text, Instant now) {
  plan_refused(std::nullopt);  // the file's plan runs again
  plan_ = std::move(plan);
  plan_text_ = std::move(text);
  if (auto w = plan_warning(plan_); w && on_warning) on_warning(*w);
  load_all(now);
  // Routines that left the plan keep their history; drop their notification.
  for (auto it = tracked_.begin(); it != tracked_.end();) {
    if (plan_.find(it->first)) {
      ++it;
    } else {
      notifier_.withdraw(it->first);
      it = tracked_.erase(it);
    }
  }
  emit({{"event", "reload"}, {"routines", plan_.routines.size()}, {"at", format_iso8601(now)}});
}

boost::json::object event_json(const Event& e) {
  boost::json::object o{{"routine", e.routine}, {"kind", to_string(e.kind)}, {"at", format_iso8601(e.at)}};
  o["minutes"] = e.minutes ? boost::json::value(*e.minutes) : boost::json::value(nullptr);
  o["note"] = e.note ? boost::json::value(*e.note) : boost::json::value(nullptr);
  if (e.kind == EventKind::pain) o["level"] = e.value ? boost::json::value(*e.value) : boost::json::value(nullptr);
  if ((e.kind == EventKind::snoozed || e.kind == EventKind::paused) && e.value) o["seconds"] = *e.value;
  o["source"] = e.source ? boost::json::value(*e.source) : boost::json::value(nullptr);
  o["host"] = e.host ? boost::json::value(*e.host) : boost::json::value(nullptr);
  if (e.kind == EventKind::skipped)
    o["reason"] = e.reason ? boost::json::value(*e.reason) : boost::json::value(nullptr);
  if (e.kind == EventKind::flare) {
    o["limiting"] = (e.value.value_or(0) & kFlareLimiting) != 0;
    o["care"] = (e.value.value_or(0) & kFlareCare) != 0;
  }
  if (e.kind == EventKind::score) {
    o["scale"] = e.detail ? boost::json::value(*e.detail) : boost::json::value(nullptr);
    o["score"] = e.value ? boost::json::value(*e.value) : boost::json::value(nullptr);
  }
  if (e.kind == EventKind::prescription)
    o["prescription"] = e.detail ? boost::json::value(*e.detail) : boost::json::value(nullptr);
  return o;
}

}  // namespace move
