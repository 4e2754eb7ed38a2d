// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Surgical edits of the plan text for `movectl add` and `movectl rm`: the
// rest of the file (comments, order, spacing, line endings) is kept byte for
// byte, since toml++ keeps no comments and the plan is never re-serialised.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/plan.h"

namespace move {

/// What `movectl add` asks for (docs/design.md): exactly one of every (non-empty),
/// at (non-empty) and times_per_week.
struct NewRoutine {
  std::string id;
  std::string title;                  ///< empty: no `title` key
  std::optional<std::string> every;   ///< "2d"
  bool active = false;                ///< only with every
  std::vector<std::string> at;        ///< "18:00", ...
  std::optional<int> times_per_week;  ///< 1..7
  std::optional<std::string> on;      ///< "mon,wed" or "weekdays", written as an array
  std::optional<std::string> window;  ///< "09:00-17:30"
  std::optional<std::string> duration;
  std::vector<std::string> exercises;
  std::optional<std::string> notes;
  std::optional<std::string> lead;    ///< "30m", only with at
  std::optional<std::string> snooze;  ///< "15m"
  std::optional<bool> enabled;        ///< written only when given
};

/// Why an edit was refused where no position in the file is to blame.
/// what() is the bare message, without "file:line:col: ".
class PlanEditError : public PlanError {
 public:
  enum class Kind {
    bad_argument,     ///< "--every: expected a duration such as ..., got \"2x\""
    duplicate_id,     ///< "routine 'walk' already exists (line 6)"
    unknown_routine,  ///< "no routine 'walk' in the plan"
  };
  PlanEditError(Kind kind, std::string source, std::string message);
  Kind kind() const { return kind_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  Kind kind_;
  std::string message_;
};

/// The plan text with r appended as a new [[routine]] table, keys in the
/// order id, title, every, active, at, times_per_week, duration, window, on,
/// exercises, notes; strings TOML-escaped; the text's line ending ("\n" or
/// "\r\n"). One blank line separates it from what comes before; blank lines
/// that end the file stay at its end, after the table; a file without a final
/// newline gets a table without one. Every byte of text is kept.
///
/// Throws PlanError: text's own error, as parse_plan reports it (text is
/// invalid); PlanEditError duplicate_id; PlanEditError bad_argument naming
/// the flag (ID, --title, --every, --active, --at, --times-per-week, --on,
/// --window, --duration, --exercise, --notes), found by validating the
/// result with parse_plan. The result is never an invalid plan.
std::string add_routine(std::string_view text, std::string_view source, const NewRoutine& r);

/// The plan text without routine id's table: from its [[routine]] header
/// line to the end of the last line holding any of its keys or values; with
/// the comment lines directly above the header (no blank line between them;
/// a comment below its last key stays); with the blank line before it when
/// the next line is blank too or it ended the file, or the blank line after
/// it when it started the file, so no double, leading or trailing blank is
/// made. A file without a final newline keeps none. Every other byte is
/// kept: remove_routine(add_routine(t, s, r), s, r.id) == t.
///
/// Throws PlanError when text is not TOML, the result is not a valid plan
/// (another routine's error), or the routine is written as an inline table;
/// PlanEditError unknown_routine ("no routine 'x' in the plan").
std::string remove_routine(std::string_view text, std::string_view source, std::string_view id);

/// The plan text with routine id's `enabled` set: its value replaced where
/// the key is written, else a line `enabled = false|true` after its `id`
/// line. Every other byte is kept. Errors as remove_routine.
std::string set_enabled(std::string_view text, std::string_view source, std::string_view id, bool enabled);

}  // namespace move
