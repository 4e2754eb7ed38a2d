// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// movectl: the command-line client of moved (docs/design.md, "movectl").

#include <string_view>
#include <vector>

namespace move {

/// Exit status: 0 done; 1 the daemon refused; 2 bad usage or invalid plan;
/// 3 no daemon reachable.
enum Exit : int { kExitOk = 0, kExitRefused = 1, kExitUsage = 2, kExitNoDaemon = 3 };

int movectl_main(int argc, char** argv);

/// The names of movectl's subcommands, in the order of --help.
std::vector<std::string_view> movectl_commands();

}  // namespace move
