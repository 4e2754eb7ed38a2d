// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl add` and `movectl rm`: through moved when it runs (one writer,
// applied at once); otherwise movectl edits the plan file itself with the
// same code (lib/plan_file.h), under a lock on the plan's folder.

#include <optional>
#include <string>

#include "lib/plan_edit.h"

namespace move {

struct EditTarget {
  std::optional<std::string> socket;  ///< --socket
  bool json = false;                  ///< --json
};

int run_add(const EditTarget& target, const NewRoutine& r);
int run_set_enabled(const EditTarget& target, const std::string& id, bool enabled);
int run_rm(const EditTarget& target, const std::string& id);

/// `movectl edit`: the plan in $VISUAL, else $EDITOR, else vi, on a copy;
/// the result is validated before it replaces the plan (then moved reloads
/// it); on an error, asks whether to edit again, as `crontab -e` does.
int run_edit(const EditTarget& target);

}  // namespace move
