// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/private_folder.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace move {

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::optional<FolderProblem> private_folder_problem(const std::filesystem::path& dir, const struct stat& st, uid_t me,
                                                    std::string_view what) {
  const std::string name = std::string(what) + " " + dir.string();
  using Kind = FolderProblem::Kind;
  if (!S_ISDIR(st.st_mode)) return FolderProblem{Kind::not_a_folder, name + " is not a folder"};
  if (st.st_uid != me)
    return FolderProblem{Kind::foreign,
                         name + " belongs to uid " + std::to_string(st.st_uid) + ", not to uid " + std::to_string(me)};
  if (st.st_mode & S_ISVTX)
    return FolderProblem{Kind::shared, name + " is a shared folder (sticky bit, mode " + octal_mode(st.st_mode) + ")"};
  if (st.st_mode & 077)
    return FolderProblem{Kind::open, name + " is open to other users (mode " + octal_mode(st.st_mode) + ")"};
  return std::nullopt;
}

void create_private_folders(const std::filesystem::path& dir, std::string_view what) {
  std::filesystem::path partial;
  for (const std::filesystem::path& part : dir) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
      throw std::runtime_error("cannot create " + std::string(what) + " " + partial.string() + ": " +
                               std::strerror(errno));
  }
}

}  // namespace move
