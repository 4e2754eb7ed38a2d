// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Folders only this user may use: the socket's (where a stranger could
// listen) and the state folder (the history holds notes about pain). moved
// makes them 0700 and never changes the mode of one it finds; moved and
// movectl refuse one that is not private, and say why in the same words.

#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace move {

/// 0755 -> "0755".
std::string octal_mode(mode_t mode);

struct FolderProblem {
  enum class Kind {
    not_a_folder,  ///< "WHAT DIR is not a folder"
    foreign,       ///< "WHAT DIR belongs to uid 65534, not to uid 1000"
    shared,        ///< "WHAT DIR is a shared folder (sticky bit, mode 1777)"
    open,          ///< "WHAT DIR is open to other users (mode 0755)"
  };
  Kind kind;
  std::string message;  ///< as above; callers add what to do
};

/// What keeps `dir` (stat'ed as `st`) from being private to uid `me`;
/// nullopt when nothing does. `what` names it, marked N_() by the caller and
/// translated here: N_("socket folder").
std::optional<FolderProblem> private_folder_problem(const std::filesystem::path& dir, const struct stat& st, uid_t me,
                                                    std::string_view what);

/// Creates the missing parts of `dir` with mode 0700 (an existing part is
/// left as it is). Throws std::runtime_error "cannot create WHAT PART: why".
void create_private_folders(const std::filesystem::path& dir, std::string_view what);

}  // namespace move
