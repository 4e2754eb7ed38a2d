// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The daemon's brain, free of Asio and GLib: the running plan, each
// routine's state, the requests of movectl and the notification actions.
// The loop asks next_wake(), sleeps until then, and calls fire_due(now).
// Single-threaded: call everything from the event loop's thread.

#include <boost/json/object.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lib/adherence.h"
#include "lib/history.h"
#include "lib/notifier.h"
#include "lib/local_time.h"
#include "lib/plan.h"
#include "lib/prescription_history.h"
#include "lib/presence.h"
#include "lib/schedule.h"
#include "lib/sync.h"

namespace move {

class Engine {
 public:
  /// How a command is served.
  enum class Access {
    reads,      ///< a question: changes nothing, so the loop need not re-plan
    writes,     ///< may change the plan, the state or the history
    transport,  ///< answered by the connection (hello, watch), not by handle()
  };
  using Handler = boost::json::object (Engine::*)(const boost::json::object&, Instant);
  /// One row of the command table: everything about a command but its
  /// arguments. movectl takes its summaries from here.
  struct Command {
    std::string_view name;
    Access access;
    std::string_view summary;
    Handler handler;  ///< nullptr for transport commands
    /// The arguments it takes besides "cmd"; any other is refused.
    std::span<const std::string_view> arguments;
  };
  /// Every command of the wire protocol, sorted by name.
  static std::span<const Command> commands();
  /// The command called name (binary search), nullptr when there is none.
  static const Command* find_command(std::string_view name);
  /// Throws ProtocolError bad-request naming the first argument of request
  /// that command does not take, with "did you mean" when one is close.
  static void check_arguments(const boost::json::object& request, const Command& command);

  /// history and notifier must outlive the engine. plan_file is what
  /// `reload` reads; plan_text is the text plan was parsed from. warn gets
  /// the problems of reading the history at start (then on_warning).
  Engine(Plan plan, std::string plan_text, std::filesystem::path plan_file, History& history, Notifier& notifier,
         Instant now, std::function<void(const std::string&)> warn = {});

  /// The instant the loop should wake at next (earliest reminder, end of a
  /// pause); nullopt: nothing is scheduled.
  std::optional<Instant> next_wake(Instant now) const;

  /// Fires every reminder due at or before now: at most one per routine.
  void fire_due(Instant now);

  /// Answers one request ({"cmd": ...}); never throws: every failure becomes
  /// an error reply in reply_to_current_exception (lib/error_reply.h), and an
  /// internal one is also passed to on_error. Transport commands are refused.
  boost::json::object handle(const boost::json::object& request, Instant now);

  /// A button on a notification: "done", "snooze" or "skip".
  void on_action(const std::string& routine, const std::string& action, Instant now);

  /// The person left the computer or came back (from an idle source). For
  /// `active` routines time away does not count; an absence at least as long
  /// as a routine's lower dose (or the idle threshold, without a dose) is a
  /// natural break: recorded as `natural`, it restarts the count and closes
  /// the routine's reminder. While away, `active` routines do not remind.
  void on_presence(Presence presence, Instant since, Instant now);

  /// What holds reminders back besides quiet hours and pause: the desktop's
  /// do-not-disturb (every routine) and a full-screen active window
  /// (`active` routines, when settings.hold_when_fullscreen).
  enum class Hold { dnd, fullscreen };
  /// A hold began or ended. While it is on, a routine that falls due is
  /// recorded once as `held` (and the `held` event emitted) instead of
  /// shown; when it ends, the loop's next fire_due shows each such routine
  /// once. The caller re-plans (settle) after.
  void set_hold(Hold hold, bool on, Instant now);
  bool holding(Hold hold) const { return hold == Hold::dnd ? dnd_ : fullscreen_; }

  /// Shares the history through a synced folder from now on (lib/sync.h;
  /// null: no longer), and writes to the own journal what is not in it yet:
  /// the first time, the whole shareable history. A folder that cannot be
  /// written is logged and shown in status; nothing else stops.
  void set_sync(std::unique_ptr<Sync> sync, Instant now);
  const Sync* sync() const { return sync_.get(); }
  /// Imports the other computers' new journal lines (the folder changed):
  /// each event once; an imported done or skip closes the routine's
  /// reminder here and reschedules it, as a local one does. The caller
  /// re-plans (settle) after. Returns the number of events recorded.
  std::int64_t import_synced(Instant now);
  /// The sync folder cannot be watched (nullopt: it can again); shown in status.
  void set_sync_problem(std::optional<std::string> problem);

  /// Re-reads the plan file; false when its text is what is running. Throws
  /// PlanError and keeps the running plan.
  bool reload(Instant now);
  /// Why the plan file was refused (file:line:col: message) while the
  /// previous plan runs; nullopt when the running plan is the file's.
  const std::optional<std::string>& plan_error() const { return plan_error_; }
  /// Replaces the running plan (already validated) parsed from text.
  void set_plan(Plan plan, std::string text, Instant now);

  const Plan& plan() const { return plan_; }
  bool paused() const { return paused_; }

  /// Events for `movectl watch`: {"event": "due"|"done"|..., ...}.
  std::function<void(const boost::json::object&)> on_event;
  /// Problems worth a log line (e.g. the history could not be written).
  std::function<void(const std::string&)> on_warning;
  /// Bugs: an unexpected exception while serving a request, with the command.
  std::function<void(const std::string&)> on_error;
  /// Shown in `status` as "idle_source".
  std::string idle_source = "none";

 private:
  /// What the engine keeps of one routine of the plan.
  struct Tracked {
    RoutineState state;
    std::size_t exercise = 0;  ///< next exercise to suggest
    Seconds longest{0};        ///< longest sitting stretch on longest_day
    LocalDays longest_day{};
    /// Completions (done, natural) over status' look-back, ascending by
    /// time: read once, on the first `status`, then kept up to date here
    /// (moved is the history's only writer), so that `status` costs the
    /// same with a month or five years of history.
    std::optional<std::vector<Completion>> completions;
    /// When its current occurrence was recorded as `held`; nullopt when it
    /// was not (or was shown since).
    std::optional<Instant> held_since;
  };
  static const Command kCommands[];

  /// r's tracked state. The first call for a routine in this run rebuilds it
  /// from the history and records the routine's first sight there (once per
  /// routine, ever): it writes.
  Tracked& track(const Routine& r, Instant now);
  /// Runs writes in one history batch (one fsync); a failure to begin or
  /// commit is logged with `what` (read after writes ran), not thrown.
  void with_batch(const std::string& what, const std::function<void()>& writes);
  /// A pause in force when moved stopped holds on (the latest paused event
  /// not followed by resumed, and not run out).
  void restore_pause(Instant now);
  /// track() for every routine of the plan, in one history batch.
  void load_all(Instant now);
  const std::vector<Completion>& completions(const Routine& r, Instant now);
  const Routine& routine_arg(const boost::json::object& request) const;
  std::optional<Instant> next_for(const Routine& r, Instant now) const;
  std::string state_name(const Routine& r, Instant now) const;
  /// Shows r's reminder (fire_due records it); returns what it showed.
  Notification show(const Routine& r, Instant now);
  bool held_back(const Routine& r) const;  ///< an `active` routine while the person is away
  /// Why a hold keeps r from showing ("do not disturb", "full screen"),
  /// or nullptr when none does.
  const char* hold_reason(const Routine& r) const;
  /// held_back, or a hold of r's current occurrence already recorded.
  bool asleep(const Routine& r) const;
  /// A high pain rating in the last 24 hours (lib/reminder_text.h).
  bool pain_now(Instant now) const;
  Seconds sitting(const Routine& r, Instant now) const;  ///< active time since the last break
  void end_stretch(const Routine& r, Instant now);       ///< keeps the day's longest sitting stretch
  /// Keeps each routine's prescription in the history when it is new or
  /// changed, and a routine's leaving the plan (lib/engine_prescriptions.cc).
  void record_prescriptions(Instant now);
  /// The prescriptions r's figures follow, counted from start.
  Timeline timeline_for(const Routine& r, Instant start) const;
  /// r as prescribed at now: the stage in force.
  const Routine& in_stage(const Routine& r, Instant now) const;
  /// Appends e; a failure is logged, and rethrown when must_persist.
  std::int64_t record(const Event& e, bool must_persist = true);
  void emit(boost::json::object event);
  /// Records a done, natural break or skip and closes the occurrence.
  /// source: the dedup key of an imported activity (Event::source);
  /// reason: why a skip was skipped (Event::reason).
  Event complete(const Routine& r, EventKind kind, Instant at, std::optional<int> minutes,
                 std::optional<std::string> note, bool must_persist = true,
                 std::optional<std::string> source = std::nullopt, std::optional<std::string> reason = std::nullopt);

  Event complete(const Routine& r, Event e, bool must_persist);
  /// After a command (lib/engine_sync.cc): one that writes shares what it
  /// recorded, before its reply goes; status gets "sync".
  boost::json::object shared(boost::json::object reply, const Command& command, Instant now);
  void publish(Instant now);  ///< Sync::publish; a failure goes into sync_error_ and the log
  boost::json::object sync_status() const;

  /// Records the error of a refused plan file (nullopt: none) and shows or
  /// withdraws the one notification about it.
  void plan_refused(std::optional<std::string> error);

  boost::json::object cmd_add(const boost::json::object&, Instant);
  boost::json::object cmd_rm(const boost::json::object&, Instant);
  boost::json::object cmd_enable(const boost::json::object&, Instant);
  boost::json::object cmd_disable(const boost::json::object&, Instant);
  boost::json::object cmd_status(const boost::json::object&, Instant);
  boost::json::object cmd_list(const boost::json::object&, Instant);
  boost::json::object cmd_next(const boost::json::object&, Instant);
  boost::json::object cmd_done(const boost::json::object&, Instant);
  boost::json::object cmd_skip(const boost::json::object&, Instant);
  boost::json::object cmd_snooze(const boost::json::object&, Instant);
  boost::json::object cmd_pause(const boost::json::object&, Instant);
  boost::json::object cmd_resume(const boost::json::object&, Instant);
  boost::json::object cmd_reload(const boost::json::object&, Instant);
  boost::json::object cmd_history(const boost::json::object&, Instant);
  boost::json::object cmd_import(const boost::json::object&, Instant);  // lib/engine_import.cc
  boost::json::object cmd_pain(const boost::json::object&, Instant);
  boost::json::object cmd_report(const boost::json::object&, Instant);
  boost::json::object cmd_flare(const boost::json::object&, Instant);  // lib/engine_health.cc
  boost::json::object cmd_score(const boost::json::object&, Instant);  // lib/engine_health.cc

  Plan plan_;
  std::string plan_text_;
  std::filesystem::path plan_file_;
  History& history_;
  Notifier& notifier_;
  std::map<std::string, Tracked, std::less<>> tracked_;
  /// The history's prescriptions: read on the first load, then kept up to
  /// date here; nullopt while they cannot be read.
  std::optional<PrescriptionRecords> prescriptions_;
  Presence presence_ = Presence::active;
  std::optional<Instant> away_since_;
  bool paused_ = false;
  std::optional<Instant> paused_until_;
  std::optional<std::string> plan_error_;
  bool dnd_ = false;
  bool fullscreen_ = false;
  std::size_t encourage_next_ = 0;  ///< next line of settings.encourage
  std::optional<int> pain_level_;   ///< the latest pain rating
  std::optional<Instant> pain_at_;
  std::unique_ptr<Sync> sync_;
  std::optional<std::string> sync_error_;    ///< why the own journal cannot be written
  std::optional<std::string> sync_problem_;  ///< why the folder cannot be read or watched
  Sync::Imported sync_imported_;             ///< since moved started
};

/// The reply to a `history` request (id, since, until, kind, limit) from
/// history: the daemon's, and movectl's when it reads the file itself.
/// Throws ProtocolError for a bad argument.
boost::json::object history_reply(const History& history, const boost::json::object& request);

/// The JSON of one history event, as `history --format json` prints it.
boost::json::object event_json(const Event& e);

/// `status`'s "stage" of a routine with stages, counted from start:
/// {"number": 2, "of": 3, "since": "2026-12-21" | null, "next": "2027-01-18" | null}
/// (stage 1 is the routine as written, since its start).
boost::json::object stage_json(const Routine& r, LocalDays start, Instant now);

}  // namespace move
