// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl import FILE... [--routine ID] [--dry-run]`: the files are read
// and checked here, before anything is sent (a bad file is refused whole and
// nothing of it reaches the history); moved matches sports to routines and
// records each activity once.

#include <optional>
#include <string>
#include <vector>

namespace move {

struct ImportOptions {
  std::vector<std::string> files;
  std::optional<std::string> routine;  ///< --routine: every activity as this one
  bool dry_run = false;
  std::optional<std::string> socket;  ///< --socket
  bool json = false;                  ///< --json
};

/// Prints a line per activity and a total; returns the exit status (2 when
/// a file was refused, the others imported all the same).
int run_import(const ImportOptions& options);

}  // namespace move
