// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/state_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "lib/i18n.h"
#include "lib/private_folder.h"

namespace move {

void prepare_state_dir(const std::filesystem::path& dir) {
  create_private_folders(dir, N_("the state folder"));
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0)
    throw std::runtime_error(strprintf(_("cannot use the state folder %1$s: %2$s"), dir.c_str(), std::strerror(errno)));
  const auto problem = private_folder_problem(dir, st, ::geteuid(), N_("the state folder"));
  if (!problem) return;
  switch (problem->kind) {
    case FolderProblem::Kind::foreign:
      throw std::runtime_error(problem->message + _("; refusing to keep the history there"));
    case FolderProblem::Kind::open:
    case FolderProblem::Kind::shared:
      throw std::runtime_error(
          problem->message +
          strprintf(_(", and the history holds notes about pain; make it 0700 (chmod 700 %s)"), dir.c_str()));
    case FolderProblem::Kind::not_a_folder: throw std::runtime_error(problem->message);
  }
}

}  // namespace move
