// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the tests of the activity readers share: the files of
// tests/data/import/, read whole; the start of the walk they describe; the
// message a reader refuses a file with.

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "lib/activity.h"

namespace move::test {

using namespace std::chrono_literals;

/// Mon 30 Nov 2026, 07:12:03 UTC: when the walk of the fixtures starts.
inline const Instant kStart = std::chrono::sys_days{std::chrono::year{2026} / 11 / 30} + 7h + 12min + 3s;

/// The ImportError message of read(args...), or "(no error)".
template <class Read, class... Args>
std::string import_error(Read&& read, const Args&... args) {
  try {
    read(args...);
  } catch (const ImportError& e) {
    return e.what();
  }
  return "(no error)";
}

inline std::string import_path(const std::string& file) { return std::string(MOVE_TEST_DATA) + "/import/" + file; }

inline std::string import_data(const std::string& file) {
  std::ifstream in(import_path(file), std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + import_path(file));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace move::test
