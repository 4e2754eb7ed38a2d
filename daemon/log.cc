// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/log.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace move::log {
namespace {
bool g_verbose = false;

std::string_view name(Level l) {
  switch (l) {
    case Level::error: return "error";
    case Level::warning: return "warning";
    case Level::info: return "info";
    case Level::debug: return "debug";
  }
  return "info";
}

// systemd sets JOURNAL_STREAM=DEVICE:INODE when it connects stderr to the
// journal; stderr is the journal only while it is still that very stream.
bool stderr_is_journal() {
  const char* env = std::getenv("JOURNAL_STREAM");
  if (!env) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(env, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  if (::fstat(STDERR_FILENO, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == dev && static_cast<unsigned long long>(st.st_ino) == ino;
}
}  // namespace

void set_verbose(bool on) { g_verbose = on; }
bool verbose() { return g_verbose; }

void write(Level level, std::string_view message) {
  // "<6>info: message\n" to the journal, "info: message\n" elsewhere, in
  // one write(2), so lines never interleave.
  static const bool journal = stderr_is_journal();
  std::string line = journal ? "<" + std::to_string(static_cast<int>(level)) + ">" : std::string();
  line += std::string(name(level)) + ": ";
  line.append(message);
  line += '\n';
  [[maybe_unused]] auto n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace move::log
