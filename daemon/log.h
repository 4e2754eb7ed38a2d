// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One line per event on stderr ("warning: ..."). When stderr is the journal
// (systemd's JOURNAL_STREAM names it) each line starts with a syslog-style
// "<N>" that journald reads as the priority (SyslogLevelPrefix, the default);
// on a terminal or in a file the lines are plain.
//
// Lines for people (error, warning, info) are translated: each message is a
// gettext template, strprintf(_("... %1$s ..."), ...) (lib/i18n.h), with
// program names, paths, errno texts, signal and protocol words as arguments.
// Debug lines (--verbose) are for developers and stay English; so does the
// level word in front ("warning:"), a fixed tag.

#include <string_view>

namespace move::log {

enum class Level { error = 3, warning = 4, info = 6, debug = 7 };

/// Debug lines are printed only after set_verbose(true).
void set_verbose(bool on);
bool verbose();

void write(Level level, std::string_view message);
inline void error(std::string_view m) { write(Level::error, m); }
inline void warning(std::string_view m) { write(Level::warning, m); }
inline void info(std::string_view m) { write(Level::info, m); }
inline void debug(std::string_view m) {
  if (verbose()) write(Level::debug, m);
}

}  // namespace move::log
