// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// CLI11's own words in movectl's help and errors, for people: the labels of
// --help ("Usage", "OPTIONS", "REQUIRED", ...) and the messages of a command
// line it refuses, through gettext like every other message.

#include <CLI/CLI.hpp>
#include <string>

namespace move {

/// Translated help labels, option group and -h/--help description for app
/// and, as CLI11 copies them when a subcommand is added, every subcommand
/// added after this call.
void localize_help(CLI::App& app);

/// The group --help lists subcommands under ("Commands").
std::string commands_group();

/// What was wrong with the command line, for people: CLI11's message made
/// again from its parts through the catalogue ("id is required",
/// "--count: 0 is not in 1 to 1000"); a message it does not know as is.
std::string parse_error_text(const CLI::Error& e);

}  // namespace move
