// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// movectl's word on a mistyped command line, before CLI11 reads it: an
// unknown command or long option gets "did you mean" and where to look.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace move {

/// "unknown command 'stauts' (did you mean 'status'?); `movectl help`
/// lists the commands" on stderr, against app's subcommands; kExitUsage.
int unknown_command(const std::string& word, const CLI::App& app);

/// The command word of argv, and each long option of it against the
/// options app and that command have. An exit status for a mistake (said on
/// stderr), nullopt to go on.
std::optional<int> precheck(int argc, char** argv, const CLI::App& app);

}  // namespace move
