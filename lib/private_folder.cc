// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/private_folder.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "lib/i18n.h"

namespace move {

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::optional<FolderProblem> private_folder_problem(const std::filesystem::path& dir, const struct stat& st, uid_t me,
                                                    std::string_view what) {
  const std::string kind(what);
  const char* said = _(kind.c_str());  // marked N_() where it is named
  using Kind = FolderProblem::Kind;
  if (!S_ISDIR(st.st_mode))
    return FolderProblem{Kind::not_a_folder, strprintf(_("%1$s %2$s is not a folder"), said, dir.c_str())};
  if (st.st_uid != me)
    return FolderProblem{Kind::foreign,
                         strprintf(_("%1$s %2$s belongs to uid %3$u, not to uid %4$u"), said, dir.c_str(),
                                   static_cast<unsigned>(st.st_uid), static_cast<unsigned>(me))};
  if (st.st_mode & S_ISVTX)
    return FolderProblem{Kind::shared, strprintf(_("%1$s %2$s is a shared folder (sticky bit, mode %3$s)"), said,
                                                 dir.c_str(), octal_mode(st.st_mode).c_str())};
  if (st.st_mode & 077)
    return FolderProblem{Kind::open, strprintf(_("%1$s %2$s is open to other users (mode %3$s)"), said, dir.c_str(),
                                               octal_mode(st.st_mode).c_str())};
  return std::nullopt;
}

void create_private_folders(const std::filesystem::path& dir, std::string_view what) {
  const std::string kind(what);
  std::filesystem::path partial;
  for (const std::filesystem::path& part : dir) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
      throw std::runtime_error(
          strprintf(_("cannot create %1$s %2$s: %3$s"), _(kind.c_str()), partial.c_str(), std::strerror(errno)));
  }
}

}  // namespace move
