// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The plan, format 1 (docs/design.md): [settings] and [[routine]] tables.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lib/weekdays.h"
#include "lib/time_of_day.h"
#include "lib/duration.h"
#include "lib/local_time.h"
#include "lib/words.h"

namespace move {

enum class ScheduleKind { every, at, times_per_week };

struct Stage;

struct Routine {
  std::string id;     ///< slug [a-z0-9-]+, unique in the plan
  std::string title;  ///< may be empty: display_title() falls back to the id
  std::string notes;
  ScheduleKind kind = ScheduleKind::every;
  Seconds every{0};        ///< kind == every: due this long after the last completion
  bool active = false;     ///< kind == every: count only time at the computer
  std::vector<int> at;     ///< kind == at: minutes after midnight, ascending, unique
  Seconds lead{0};         ///< kind == at: notify this long before
  int times_per_week = 0;  ///< kind == times_per_week: 1..7
  std::optional<DurationRange> duration;
  std::optional<Window> window;  ///< nullopt: all day
  DaySet on = DaySet::all();
  std::vector<std::string> exercises;
  /// Sports of activity files that count as this routine (`import`,
  /// lib/activity_match.h), as written.
  std::vector<std::string> import_sports;
  std::optional<Seconds> snooze;  ///< overrides settings.snooze
  std::optional<int> repeat;      ///< overrides settings.repeat
  std::string sound;              ///< overrides settings.sound (a sound theme name)
  bool enabled = true;
  int line = 0;  ///< line of the [[routine]] header in the plan file
  /// `start`: the day the stages count from; nullopt: the local day moved
  /// first saw the routine (lib/stages.h).
  std::optional<LocalDays> start;
  /// [[routine.stage]], ascending by after_days: how the dose builds up.
  std::vector<Stage> stages;
  /// The prescribing keys (schedule, dose, window, days, start, stages) as
  /// one canonical [[routine]] TOML text: what the history keeps of each
  /// prescription (kind `prescription`); parse_plan reads it back. Empty in
  /// a hand-made Routine and in a stage's.
  std::string prescription;

  const std::string& display_title() const { return title.empty() ? id : title; }
};

/// One [[routine.stage]]: from `after` days after the routine's start, the
/// routine is prescribed as `routine`.
struct Stage {
  int after_days = 0;  ///< `after`, in whole days
  int line = 0;        ///< line of the [[routine.stage]] header
  /// The whole routine from this stage on: the routine with this stage's and
  /// the earlier stages' keys over it (no stages of its own).
  Routine routine;
};

struct Settings {
  /// Whose plan it is: the name on the report (`movectl report --name` wins);
  /// empty: none.
  std::string name;
  std::optional<Window> quiet_hours;
  Seconds snooze{600};
  /// No input this long counts as away from the computer (idle sources).
  Seconds idle_threshold{180};
  /// The folder moved imports activity files from, as written ("~/Sync/x":
  /// the daemon expands "~"); empty: none.
  std::string import_dir;
  /// The folder shared with the person's other computers (lib/sync.h), as
  /// written; empty: none. --sync-dir and MOVE_SYNC_DIR come before it.
  std::string sync_dir;
  /// Reminders of one occurrence before it stops popping up (stays due).
  int repeat = 3;
  /// Lines added to reminders, one in turn; empty: none.
  std::vector<std::string> encourage;
  /// Hold `active` routines while the active window is full screen.
  bool hold_when_fullscreen = true;
  /// The freedesktop sound theme name of reminders ("message"); empty: none.
  std::string sound;
};

/// A [[hook]]: a program run on events (daemon/hooks.h).
struct Hook {
  std::vector<std::string> on;   ///< event names: due, done, skipped, held
  std::vector<std::string> run;  ///< the program and its arguments, no shell
  int line = 0;                  ///< line of the [[hook]] header
};

struct Plan {
  std::string source;  ///< the name errors use, usually the file's path
  Settings settings;
  std::vector<Routine> routines;  ///< in file order
  std::vector<Hook> hooks;        ///< in file order
  bool has_settings = false;      ///< the text has a [settings] table

  /// The routine with this id, or nullptr. O(log n) through an index that
  /// parse_plan builds. When routines were added or removed since (the index
  /// no longer has as many entries), a scan of routines instead.
  const Routine* find(std::string_view id) const;
  /// Rebuilds the index find() uses: after changing routines by hand (a
  /// changed id in place needs it; an added or removed routine is safe).
  void reindex();
  /// The snooze length that applies to r.
  Seconds snooze_for(const Routine& r) const { return r.snooze.value_or(settings.snooze); }
  /// The repeat cap that applies to r.
  int repeat_for(const Routine& r) const { return r.repeat.value_or(settings.repeat); }
  /// The sound that applies to r ("" for none).
  const std::string& sound_for(const Routine& r) const { return r.sound.empty() ? settings.sound : r.sound; }

 private:
  /// Positions in routines, ordered by id. Positions, not pointers, so that
  /// copying or moving a Plan keeps it right.
  std::vector<std::size_t> by_id_;
};

/// A plan that cannot be used; what() is "file:line:col: message".
class PlanError : public std::runtime_error {
 public:
  PlanError(std::string file, int line, int column, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  std::string file_;
  int line_, column_;
};

/// Parses and validates text. source names it in errors. Throws PlanError.
Plan parse_plan(std::string_view text, std::string_view source);

/// A plan moved may run: not empty (an empty or truncated file, or one of
/// comments only), unless it says so with a [settings] table. Throws
/// PlanError at 1:1. parse_plan does not check this, so that `movectl add`
/// may start from an empty file and `rm` may remove the last routine.
void check_runnable(const Plan& plan);

/// Reads and parses a plan file, and check_runnable(). Throws PlanError
/// (also for I/O, at 0:0).
Plan load_plan(const std::filesystem::path& file);

/// Reads a whole file; throws PlanError naming it when it can't.
std::string read_plan_text(const std::filesystem::path& file);

/// What is worth a warning in a valid plan: no routine at all (`[settings]`
/// alone; an empty file is an error). nullopt when nothing is.
std::optional<std::string> plan_warning(const Plan& plan);

/// "every 2d", "at 18:00, 19:30 (30m before)", "3x a week": in English for
/// the JSON (Words::fixed), in the user's language for people (Words::local).
std::string describe_schedule(const Routine& r, Words words = Words::fixed);

}  // namespace move
