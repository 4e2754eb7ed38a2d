// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/state_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace move {

namespace {

std::string octal(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

}  // namespace

void prepare_state_dir(const std::filesystem::path& dir) {
  std::filesystem::path partial;
  for (const std::filesystem::path& part : dir) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
      throw std::runtime_error("cannot create the state folder " + partial.string() + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0)
    throw std::runtime_error("cannot use the state folder " + dir.string() + ": " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) throw std::runtime_error("the state folder " + dir.string() + " is not a folder");
  const uid_t me = ::geteuid();
  if (st.st_uid != me)
    throw std::runtime_error("the state folder " + dir.string() + " belongs to uid " + std::to_string(st.st_uid) +
                             ", not to uid " + std::to_string(me) + "; refusing to keep the history there");
  if (st.st_mode & 077)
    throw std::runtime_error("the state folder " + dir.string() + " is open to other users (mode " +
                             octal(st.st_mode) + "), and the history holds notes about pain; make it 0700 (chmod 700 " +
                             dir.string() + ")");
}

}  // namespace move
