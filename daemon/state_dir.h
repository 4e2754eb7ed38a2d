// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The state folder (history.db): made 0700 when missing; an existing one,
// or the folder a symbolic link points to, is never chmod'ed behind the
// user's back but refused when others may enter it.

#include <filesystem>

namespace move {

/// Creates dir (and missing parents) 0700, or checks the existing one: a
/// folder (a link to one is followed), owned by the effective uid, with no
/// permission for group or others. Throws std::runtime_error saying what is
/// wrong and what to do.
void prepare_state_dir(const std::filesystem::path& dir);

}  // namespace move
