// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/log.h"

#include <unistd.h>

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
}  // namespace

void set_verbose(bool on) { g_verbose = on; }
bool verbose() { return g_verbose; }

void write(Level level, std::string_view message) {
  // "<6>info: message\n" in one write(2), so lines never interleave.
  std::string line = "<" + std::to_string(static_cast<int>(level)) + ">" + std::string(name(level)) + ": ";
  line.append(message);
  line += '\n';
  [[maybe_unused]] auto n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace move::log
