// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl history`: what was recorded, narrowed by routine, time and kind,
// as a table, JSON or CSV; read-only from the file without moved.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cmd/call.h"

namespace move {

struct HistoryArgs {
  std::optional<std::string> id, since, until;
  std::vector<std::string> kinds;
  bool prescriptions = false;
  std::string format = "table";
};

void history_options(CLI::App& c, HistoryArgs& a);
int history_run(const HistoryArgs& a, const CallTarget& target);

}  // namespace move
