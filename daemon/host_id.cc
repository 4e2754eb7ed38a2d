// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/host_id.h"

#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

#include "lib/atomic_file.h"
#include "lib/journal.h"
#include "lib/random_id.h"

namespace move {

namespace fs = std::filesystem;

Sync::Host this_host(const fs::path& state_dir) {
  Sync::Host host;
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) == 0) host.name = name;
  const fs::path file = state_dir / "host-id";
  std::string text;
  if (std::ifstream in(file, std::ios::binary); in) {
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (valid_host_id(text)) {
      host.id = text;
      return host;
    }
    std::error_code ec;
    fs::rename(file, state_dir / "host-id.bad", ec);
  }
  host.id = random_host_id();
  try {
    write_file_atomically(file, host.id + "\n");
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot keep this computer's sync id in " + file.string() + ": " + e.what());
  }
  return host;
}

}  // namespace move
